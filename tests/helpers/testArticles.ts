import type { NormalizedArticle } from '../../src/ingest/model.ts';

/**
 * Small, clearly fictional articles built in code, for tests that need many of them (batching,
 * paging while data is added). Deterministic: article n always looks the same.
 */
export function testArticle(n: number, options: { year?: number } = {}): NormalizedArticle {
  const id = String(n).padStart(4, '0');
  const authors = [0, 1, 2].map((i) => {
    const k = (n + i * 7) % 40;
    return { key: `test author ${k}`, name: `Test AUTHOR${k}`, familyName: `AUTHOR${k}`, givenName: 'Test' };
  });
  return {
    key: `doi:10.9999/generated.${id}`,
    recordKey: `rec:generated-${id}`,
    origin: { format: 'wprim', file: `generated/${id}.txt`, index: 0, line: 1 },
    doi: `10.9999/generated.${id}`,
    title: `[TEST] Generated article ${id}`,
    keywords: [`Test topic ${n % 5}`, `Test topic ${(n + 1) % 5}`],
    year: options.year ?? 2000 + (n % 20),
    language: 'English',
    journal: { key: `title:test journal ${n % 3}`, title: `Test Journal ${n % 3}`, issns: [] },
    institutions: [{ key: `test-institution-${n % 4}`, name: `Test Institution ${n % 4}` }],
    authorships: authors.map((author, i) => ({
      position: i + 1,
      author,
      institutionKeys: i === 0 ? [`test-institution-${n % 4}`] : [],
      rawAffiliation: i === 0 ? `Test Institution ${n % 4}` : undefined,
      markers: i === 0 ? ['1'] : [],
    })),
    topics: [n % 5, (n + 1) % 5].map((t) => ({ key: `kw:test topic ${t}`, name: `Test topic ${t}`, synonyms: [] })),
  };
}
