import { describe, expect, it } from 'vitest';
import { readLines, textChunks } from '../../src/ingest/parse/readLines.ts';

async function lines(chunks: string[], maxLineChars = 100) {
  const out = [];
  for await (const line of readLines((async function* () { yield* chunks; })(), { maxLineChars })) out.push(line);
  return out;
}

describe('readLines', () => {
  it('splits LF, CRLF and CR line ends, also a CRLF split across chunks, and drops a BOM', async () => {
    expect(await lines(['\uFEFFa\r', '\nb\rc\n', 'd'])).toEqual([
      { line: 1, raw: 'a' },
      { line: 2, raw: 'b' },
      { line: 3, raw: 'c' },
      { line: 4, raw: 'd' },
    ]);
  });
  it('keeps blank lines so numbers stay true to the file', async () => {
    expect((await lines(['a\n\n\nb\n'])).map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });
  it('cuts a line longer than the limit and flags it, without holding the rest', async () => {
    const [first, second] = await lines(['x'.repeat(60), 'x'.repeat(60), '\nok'], 100);
    expect(first).toEqual({ line: 1, raw: 'x'.repeat(100), oversized: true });
    expect(second).toEqual({ line: 2, raw: 'ok' });
  });
  it('gives the same lines whatever the chunk size', async () => {
    const text = 'alpha\r\nbeta\rgamma\n\ndelta';
    const expected = await lines([text]);
    for (const size of [1, 2, 3, 5]) {
      const out = [];
      for await (const line of readLines(textChunks(text, size), { maxLineChars: 100 })) out.push(line);
      expect(out).toEqual(expected);
    }
  });
});
