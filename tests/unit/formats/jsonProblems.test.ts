import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../../src/ingest/pipeline/importRecords.ts';
import { readFixture } from './readFixture.ts';

describe('a rejected JSON item is named by its position, not only its line', () => {
  it('carries the 1-based item number, and the message reads `file: item N (line L)`', async () => {
    const { problems } = await readFixture('openalex', 'works.jsonl');
    expect(problems.map((p) => [p.item, p.line])).toEqual([
      [3, 4],
      [4, 5],
    ]);
    expect(formatProblem(problems[0]!)).toBe(
      'tests/fixtures/formats/openalex/works.jsonl: item 3 (line 4): title: the work has no title (title or display_name)',
    );
  });
  it('keeps `file:line` for the line formats', async () => {
    const { problems } = await readFixture('ris', 'no-title.ris');
    expect(problems[0]?.item).toBeUndefined();
    expect(formatProblem(problems[0]!)).toMatch(/^tests\/fixtures\/formats\/ris\/no-title\.ris:\d+: TI: /);
  });
});
