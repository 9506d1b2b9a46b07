/**
 * Hostile record files (generated: they imitate no vendor's export, they attack the readers), for
 * the soak's hostile mode and the hostile-import tests.
 */

/** `@string{s0="a…"}` then `s1 = s0 # s0` … `s17`: 2^17 times the first, if expanded. A few hundred bytes. */
export const doublingBib = (): string =>
  [
    '@string{s0 = "' + 'a'.repeat(1000) + '"}',
    ...Array.from({ length: 17 }, (_, i) => `@string{s${i + 1} = s${i} # s${i}}`),
    '@article{k, title = s17, year = 2001}',
  ].join('\n');

/** 20,000 @string lines, each extending the one before (quadratic when the table is expanded and copied). */
export const manyStringsBib = (): string =>
  [
    '@string{m0 = "abcdefghij"}',
    ...Array.from({ length: 19_999 }, (_, i) => `@string{m${i + 1} = m${i} # "abcdefghij"}`),
    '@article{k, title = {T}, journal = m19999, year = 2001}',
  ].join('\n');

/** Valid BibTeX the parser is slow on (long abstracts, about 1 MB): more work than a tight per-file time budget. */
export const slowBib = (): string =>
  Array.from(
    { length: 40 },
    (_, i) =>
      `@article{slow${i},\n  title = {[TEST] Slow ${i}},\n  abstract = {${'word '.repeat(5_000)}},\n  year = {2001}}`,
  ).join('\n');

/**
 * About `bytes` of fictional RIS records (test DOIs, cut at a record boundary): a large but valid
 * file, for the upload and import-queue limits.
 */
export const largeRis = (tag: string, bytes = 1024 * 1024): string => {
  const records: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i += 1) {
    const record = `TY  - JOUR\nTI  - [TEST] ${tag} record number ${i}\nAU  - Author${tag}, Number${i % 37}\nT2  - Journal of Test Neonatology\nPY  - 2021\nDO  - 10.9999/${tag.toLowerCase()}.${i}\nKW  - ${tag} keyword ${i % 11}\nER  - \n\n`;
    if (length + record.length > bytes) break;
    records.push(record);
    length += record.length;
  }
  return records.join('');
};
