/**
 * The all-vendors folder: every real export file of tests/fixtures/formats (a file named in a table of
 * a "Real export…" section of its README, which records where each came from), each put in the
 * vendor class it stands for. A file added to the fixtures with its README row is taken up without a
 * change here; a class no file stands for is reported.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** One real export: its path under the fixtures folder ("<format>/<file>") and its README row. */
export interface RealExport {
  file: string;
  /** The README row that names it (who wrote it, where it comes from). */
  row: string;
}

/**
 * The vendor classes the import is asked to read, each with the rule that tells a file of it from
 * the file's folder and README row.
 */
export const VENDOR_CLASSES: ReadonlyArray<{ name: string; matches: (e: RealExport) => boolean }> = [
  { name: 'Web of Science plain text', matches: (e) => inFolder(e, 'wos') && /plain text/i.test(e.row) },
  { name: 'Web of Science tab-delimited', matches: (e) => inFolder(e, 'wos') && /tab-delimited/i.test(e.row) },
  { name: 'Web of Science BibTeX', matches: (e) => inFolder(e, 'bibtex') && /Web of Science/i.test(e.row) },
  { name: 'Scopus CSV', matches: (e) => inFolder(e, 'scopus-csv') },
  { name: 'Scopus BibTeX', matches: (e) => inFolder(e, 'bibtex') && /Scopus/i.test(e.row) },
  { name: 'Scopus RIS', matches: (e) => inFolder(e, 'ris') && /Scopus/i.test(e.row) },
  { name: 'Ovid RIS', matches: (e) => inFolder(e, 'ris') && /Ovid/i.test(e.row) },
  { name: 'EBSCO RIS', matches: (e) => inFolder(e, 'ris') && /EBSCO/i.test(e.row) },
  { name: 'Dimensions CSV', matches: (e) => /Dimensions/i.test(e.row) && /csv$/i.test(e.file) },
  { name: 'Lens CSV', matches: (e) => inFolder(e, 'lens-csv') },
  {
    name: 'CNKI or Wanfang (EndNote, NoteExpress or RefWorks)',
    matches: (e) => /CNKI|Wanfang|NoteExpress/i.test(e.row),
  },
  { name: 'ERIC MEDLINE', matches: (e) => inFolder(e, 'medline') && /ERIC/.test(e.row) },
  { name: 'PubMed MEDLINE', matches: (e) => inFolder(e, 'medline') && /PubMed/i.test(e.row) },
  { name: 'PubMed XML', matches: (e) => inFolder(e, 'pubmed-xml') && !/Book/i.test(e.row) },
  { name: 'PubMed XML book', matches: (e) => inFolder(e, 'pubmed-xml') && /Book/i.test(e.row) },
  { name: 'Zotero RIS', matches: (e) => inFolder(e, 'ris') && /Zotero/i.test(e.row) },
  { name: 'Zotero BibTeX', matches: (e) => inFolder(e, 'bibtex') && /Zotero/i.test(e.row) },
  { name: 'Zotero CSL-JSON', matches: (e) => inFolder(e, 'csl-json') && /Zotero/i.test(e.row) },
  { name: 'CSL-JSON from an OpenAlex-based tool', matches: (e) => inFolder(e, 'csl-json') && /OpenAlex/i.test(e.row) },
  { name: 'OpenAlex JSON/JSONL', matches: (e) => inFolder(e, 'openalex') },
  { name: 'Crossref', matches: (e) => inFolder(e, 'crossref') },
];

function inFolder(e: RealExport, folder: string): boolean {
  return e.file.startsWith(`${folder}/`);
}

/**
 * The real export files the README names: the backquoted paths in the first cell of each table row
 * of a section whose heading starts with "Real export", that exist under `fixturesDir`.
 */
export function realExports(readme: string, fixturesDir: string): RealExport[] {
  const out: RealExport[] = [];
  let inReal = false;
  for (const line of readme.split('\n')) {
    if (line.startsWith('## ')) inReal = /^## Real export/i.test(line);
    if (!inReal || !line.startsWith('|')) continue;
    const firstCell = line.split('|')[1] ?? '';
    for (const match of firstCell.matchAll(/`([^`]+\/[^`]+)`/g)) {
      const file = match[1]!;
      if (existsSync(path.join(fixturesDir, file))) out.push({ file, row: line });
    }
  }
  return out;
}

/** Files in the fixture folders that the README does not name at all (neither as real nor as test data). */
export function unlistedFiles(readme: string, fixturesDir: string): string[] {
  const out: string[] = [];
  for (const folder of readdirSync(fixturesDir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const own = path.join(fixturesDir, folder.name, 'README.md');
    const listed = existsSync(own) ? `${readme}\n${readFileSync(own, 'utf8')}` : readme;
    for (const f of readdirSync(path.join(fixturesDir, folder.name), { withFileTypes: true })) {
      if (f.isFile() && f.name !== 'README.md' && !listed.includes(f.name)) out.push(`${folder.name}/${f.name}`);
    }
  }
  return out.sort();
}

/** Which files stand for each vendor class (empty: no real file of that class yet). */
export function classify(exports: readonly RealExport[]): Array<{ name: string; files: string[] }> {
  return VENDOR_CLASSES.map((c) => ({ name: c.name, files: exports.filter((e) => c.matches(e)).map((e) => e.file) }));
}

/** Copies the files into `target`, keeping their "<format>/<file>" path. */
export function assembleFolder(exports: readonly RealExport[], fixturesDir: string, target: string): void {
  for (const e of exports) {
    mkdirSync(path.dirname(path.join(target, e.file)), { recursive: true });
    copyFileSync(path.join(fixturesDir, e.file), path.join(target, e.file));
  }
}

export function readReadme(fixturesDir: string): string {
  return readFileSync(path.join(fixturesDir, 'README.md'), 'utf8');
}
