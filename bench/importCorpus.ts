/**
 * Synthetic record files for the import benchmark (bench/import.ts), in any format a writer exists
 * for. Deterministic (own PRNG, no Date, no Math.random): the same options always give the same
 * bytes. Every name is clearly fake ("Synthetic Author 00042", "Journal of Synthetic Studies 03",
 * DOIs under the unused prefix 10.99999). Add a RecordFormatWriter to benchmark another reader.
 */
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32, titleWords } from '../tests/helpers/generateCorpus.ts';

/** What one synthetic record states, format-independent. */
export interface SyntheticRecord {
  n: number;
  title: string;
  doi: string;
  authors: Array<{ given: string; family: string; affiliation: number }>;
  affiliations: string[];
  keywords: string[];
  journal: string;
  year: number;
  volume: string;
  issue: string;
  firstPage: number;
  lastPage: number;
  abstract: string;
}

/** Writes records of one format: one record's text, and how records are joined in a multi-record file. */
export interface RecordFormatWriter {
  format: string;
  extension: string;
  record(r: SyntheticRecord): string;
}

/** WPRIM page layout: title in column 0, everything else indented (see src/ingest/parse/formats/wprim/reader.ts). */
export const wprimWriter: RecordFormatWriter = {
  format: 'wprim',
  extension: 'txt',
  record(r) {
    const lines = [r.title, `\t${r.doi}`, '\t- Author:'];
    r.authors.forEach((a, i) => {
      lines.push(`\t\t${a.given} ${a.family.toUpperCase()} ${a.affiliation}${i < r.authors.length - 1 ? ';' : ''}`);
    });
    lines.push('\t\tAuthor Information');
    r.affiliations.forEach((text, i) => {
      lines.push(`\t\t${i + 1}. ${text}`);
    });
    lines.push('\t- Keywords:', ...r.keywords.map((k, i) => `\t\t${k}${i < r.keywords.length - 1 ? ';' : ''}`));
    lines.push('\t- From:', `\t\t${r.journal}`, `\t\t${r.year};${r.volume}(${r.issue}):${r.firstPage}-${r.lastPage}`);
    lines.push('\t- Language:English', '\t- ', '\tAbstract:', `\t\t${r.abstract}`);
    return `${lines.join('\n')}\n`;
  },
};

/** The writers by format name. */
export const WRITERS: Readonly<Record<string, RecordFormatWriter>> = { wprim: wprimWriter };

let words: string[] | undefined;
const GIVEN = ['Wei', 'Li', 'Jun', 'Mei', 'Hao', 'Xiu', 'Qing', 'Lan', 'Yun', 'Ming'];

/** Record n of the synthetic corpus of `size` records (entity pools scale with the size). */
export function syntheticRecord(n: number, size: number): SyntheticRecord {
  const random = mulberry32(n * 7919 + 17);
  words ??= titleWords(2000);
  const vocabulary = words;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const authorPool = Math.max(20, Math.round(size * 0.6));
  const keywordPool = 200 + Math.floor(size / 50);
  const authorCount = 1 + Math.floor(random() * 6);
  const authors = Array.from({ length: authorCount }, (_, i) => {
    const id = Math.floor(random() * authorPool);
    return {
      given: GIVEN[id % GIVEN.length]!,
      family: `Synthetic${String(id)
        .padStart(5, '0')
        .replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!)}`,
      affiliation: i === 0 ? 1 : 2,
    };
  });
  const institution = Math.floor(random() * (10 + size / 250));
  const year = 2000 + Math.floor(random() * 25);
  const firstPage = 1 + Math.floor(random() * 2000);
  return {
    n,
    title: `Synthetic study ${n}: ${Array.from({ length: 5 }, () => pick(vocabulary)).join(' ')}`,
    doi: `10.99999/import.${n}`,
    authors,
    affiliations: [
      `Synthetic Department ${(institution % 3) + 1}, Synthetic Institute ${institution},Synthetic City 100000`,
      `Synthetic Institute ${institution + 1},Synthetic City 100000`,
    ],
    keywords: Array.from(
      { length: 2 + Math.floor(random() * 5) },
      () => `Synthetic keyword ${Math.floor(random() * keywordPool)}`,
    ),
    journal: `Journal of Synthetic Studies ${String(Math.floor(random() * (10 + size / 1000))).padStart(2, '0')}`,
    year,
    volume: String(year - 1990),
    issue: String(1 + Math.floor(random() * 12)),
    firstPage,
    lastPage: firstPage + 2 + Math.floor(random() * 10),
    abstract: `Synthetic abstract. ${Array.from({ length: 40 }, () => pick(vocabulary)).join(' ')}.`,
  };
}

/** A folder of `count` files, one record each. */
export function writeRecordFolder(dir: string, count: number, writer: RecordFormatWriter): void {
  mkdirSync(dir, { recursive: true });
  for (let n = 0; n < count; n += 1) {
    writeFileSync(
      path.join(dir, `record-${String(n).padStart(6, '0')}.${writer.extension}`),
      writer.record(syntheticRecord(n, count)),
    );
  }
}

/** One file of `count` records, streamed to disk. */
export async function writeRecordFile(file: string, count: number, writer: RecordFormatWriter): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  for (let n = 0; n < count; n += 1) {
    if (!out.write(writer.record(syntheticRecord(n, count))))
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
}
