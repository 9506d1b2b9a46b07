import { describe, expect, it } from 'vitest';
import { linesOf, textChunks } from '../../src/ingest/parse/common/LineSplitter.ts';

async function lines(chunks: string[], maxLineChars = 100) {
  const out = [];
  for await (const line of linesOf(
    (async function* () {
      yield* chunks;
    })(),
    { maxLineChars },
  ))
    out.push(line);
  return out;
}

describe('linesOf (the line reader every line format shares)', () => {
  it('splits LF, CRLF and CR line ends, also a CRLF split across chunks, and drops a BOM', async () => {
    expect(await lines(['\uFEFFa\r', '\nb\rc\n', 'd'])).toEqual([
      { line: 1, text: 'a' },
      { line: 2, text: 'b' },
      { line: 3, text: 'c' },
      { line: 4, text: 'd' },
    ]);
  });
  it('keeps blank lines so numbers stay true to the file', async () => {
    expect((await lines(['a\n\n\nb\n'])).map((l) => l.line)).toEqual([1, 2, 3, 4]);
  });
  it('cuts a line longer than the limit and flags it, without holding the rest', async () => {
    const [first, second] = await lines(['x'.repeat(60), 'x'.repeat(60), '\nok'], 100);
    expect(first?.truncated).toBe(true);
    expect(first?.text.length).toBeLessThanOrEqual(200);
    expect(second).toEqual({ line: 2, text: 'ok' });
  });
  it('gives the same lines whatever the chunk size', async () => {
    const text = 'alpha\r\nbeta\rgamma\n\ndelta';
    const expected = await lines([text]);
    for (const size of [1, 2, 3, 5]) {
      const out = [];
      for await (const line of linesOf(textChunks(text, size), { maxLineChars: 100 })) out.push(line);
      expect(out).toEqual(expected);
    }
  });
});
