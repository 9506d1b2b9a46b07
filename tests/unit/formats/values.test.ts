import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src/ingest/parse/common/LineSplitter.ts';
import { markupToText } from '../../../src/ingest/parse/common/markupText.ts';
import { authorFromInverted, displayName } from '../../../src/ingest/parse/common/personName.ts';
import {
  cleanDoi,
  issnsInText,
  parsePages,
  parseYear,
  splitKeywords,
} from '../../../src/ingest/parse/common/values.ts';

describe('parsePages', () => {
  it("splits ranges written with -, --, en dash; expands MEDLINE's abbreviated last page", () => {
    expect(parsePages('1673-1676')).toEqual({ firstPage: '1673', lastPage: '1676' });
    expect(parsePages('1673--1676')).toEqual({ firstPage: '1673', lastPage: '1676' });
    expect(parsePages('1673–1676')).toEqual({ firstPage: '1673', lastPage: '1676' });
    expect(parsePages('1673-6')).toEqual({ firstPage: '1673', lastPage: '1676' });
    expect(parsePages('1673-76')).toEqual({ firstPage: '1673', lastPage: '1676' });
    expect(parsePages('S12-19')).toEqual({ firstPage: 'S12', lastPage: 'S19' });
    expect(parsePages('123-9; discussion 130')).toEqual({ firstPage: '123', lastPage: '129' });
  });
  it('keeps a single page or article number as the first page', () => {
    expect(parsePages('e123')).toEqual({ firstPage: 'e123' });
    expect(parsePages('  ')).toEqual({});
    expect(parsePages(undefined)).toEqual({});
  });
});

describe('parseYear', () => {
  it('finds the first year in printed dates', () => {
    expect(parseYear('2021 Nov 5')).toBe(2021);
    expect(parseYear('1998 Dec-1999 Jan')).toBe(1998);
    expect(parseYear('2021/11/05/')).toBe(2021);
    expect(parseYear('NOV 2023')).toBe(2023);
    expect(parseYear(2020)).toBe(2020);
    expect(parseYear('in press')).toBeUndefined();
    expect(parseYear('12345')).toBeUndefined();
  });
});

describe('issnsInText', () => {
  it('finds typed and untyped ISSNs, not ISBNs', () => {
    expect(issnsInText('1234-5678 (Print) 2345-6789 (Electronic)')).toEqual([
      { value: '1234-5678', type: 'print' },
      { value: '2345-6789', type: 'electronic' },
    ]);
    expect(issnsInText('2095-428x')).toEqual([{ value: '2095-428x' }]);
    expect(issnsInText('978-7-117-12345-6')).toEqual([]);
    expect(issnsInText('9787117123456')).toEqual([]);
  });
});

describe('names', () => {
  it('reads inverted names and builds the display name', () => {
    expect(authorFromInverted('Chen, Haoming')).toEqual({ name: 'Haoming Chen', family: 'Chen', given: 'Haoming' });
    expect(authorFromInverted('Smith, John, Jr.')).toEqual({ name: 'John Smith Jr.', family: 'Smith', given: 'John' });
    expect(authorFromInverted('World Health Organization')).toEqual({ name: 'World Health Organization' });
    expect(displayName({ family: '张', given: '伟' })).toBe('张伟');
    expect(displayName({ family: 'Müller' })).toBe('Müller');
  });
});

describe('markupToText', () => {
  it('removes inline and block markup and decodes entities', () => {
    expect(markupToText('Effects of <i>L. reuteri</i> &amp; H<sub>2</sub>O')).toBe('Effects of L. reuteri & H2O');
    expect(
      markupToText('<jats:title>Abstract</jats:title><jats:p>One &lt; two.</jats:p><jats:p>Three&nbsp;four.</jats:p>'),
    ).toBe('One < two.\nThree four.');
    expect(markupToText('p < 0.05 and a<b')).toBe('p < 0.05 and a<b');
  });
});

describe('other values', () => {
  it('cleans DOIs given as URLs and splits keyword lists', () => {
    expect(cleanDoi('https://doi.org/10.9999/ABC')).toBe('10.9999/ABC');
    expect(cleanDoi('not a doi')).toBe('not a doi');
    expect(splitKeywords('a; b, c; d')).toEqual(['a', 'b, c', 'd']);
    expect(splitKeywords('a, b')).toEqual(['a', 'b']);
  });
});

describe('LineSplitter', () => {
  it('splits LF, CRLF and CR line ends, also when a chunk ends between CR and LF, and drops a BOM', () => {
    const s = new LineSplitter();
    const lines = [...s.push('\uFEFFone\r'), ...s.push('\ntwo\rthree\n'), ...s.push('fo'), ...s.push('ur'), ...s.end()];
    expect(lines).toEqual([
      { line: 1, text: 'one' },
      { line: 2, text: 'two' },
      { line: 3, text: 'three' },
      { line: 4, text: 'four' },
    ]);
  });
  it('does not buffer an over-long line past its limit', () => {
    const s = new LineSplitter({ maxLineChars: 10 });
    const lines = [...s.push('short\n'), ...s.push('x'.repeat(50)), ...s.push('y'.repeat(50)), ...s.push('\nafter\n')];
    expect(lines.map((l) => [l.line, l.truncated ?? false, l.text.length <= 200])).toEqual([
      [1, false, true],
      [2, true, true],
      [3, false, true],
    ]);
  });
});
