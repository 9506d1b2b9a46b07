import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import type { ReadResult, SourceAffiliation, SourceAuthor, SourceRecord } from '../../../model.ts';
import type { RecordReader } from '../../RecordReader.ts';
import { describeLimit, fitsAfterLine, MAX_RECORD_CHARS, oversizedReason } from '../../common/limits.ts';
import { readByLine, type TextLine } from '../../common/LineSplitter.ts';
import { displayName } from '../../common/personName.ts';
import { convertRecord, FieldError, problem } from '../../common/problems.ts';
import { applyTagRules, type TagValue } from '../../common/tagMapping.ts';
import { BIBTEX_FIELDS, type BibtexDraft } from './mapping.ts';
import { MacroTable } from './macros.ts';
import { cleanPmcid, cleanPmid, collapseSpace, nonEmpty } from '../../common/values.ts';
import { newRecord } from '../../common/newRecord.ts';

/**
 * BibTeX and BibLaTeX (`.bib` from Zotero/Better BibTeX, JabRef, Mendeley, Google Scholar, Scopus,
 * Web of Science). Entries are parsed with @retorquere/bibtex-parser, the parser behind Better
 * BibTeX for Zotero: it handles braces and quotes, `@string` macros and month macros, `#`
 * concatenation, LaTeX accents and commands (`{\"u}` -> ü, `\&` -> &), case-protecting braces,
 * and BibTeX name lists ("Last, First", "First Last", "von Last, Jr, First", `{Corporate Name}`).
 * (@citation-js/plugin-bibtex was compared on the same inputs: it keeps `{\relax Ch}` and unknown
 * commands as raw TeX in names and titles, and converts to CSL, losing fields we keep.)
 *
 * The library parses a whole string, so the file is streamed by cutting it into entries first: an
 * entry starts at a line whose first character is `@` (how every exporter writes them). Each
 * entry is parsed alone, with the `@string` macros it uses, and its errors point at file lines. Macros
 * are measured before the parser expands them, and refused beyond the field limits (macros.ts).
 */

/** `@article{`, `@string(`, `  @InProceedings {`: an entry start at the beginning of a line. */
const ENTRY_START = /^\s*@\s*([A-Za-z][\w-]*)\s*[{(]/;

/** Options: no sentence-casing or case-protection markup (titles stay as written), unknown commands kept as their text. */
const PARSE_OPTIONS = { english: false, sentenceCase: false, caseProtection: false, unsupported: 'ignore' } as const;

/** The inline markup tags the parser emits for \textit, \textbf, \textsc, superscripts and the like. */
const PARSER_MARKUP = /<\/?(?:i|b|sc|nc|ncx|br|p|li|code|sup|sub|span|em|strong)(?:\s[^<>]*)?\/?>/g;

function detect(head: string): boolean {
  for (const line of head.split(/\r\n|\r|\n/, 2000)) {
    const m = ENTRY_START.exec(line);
    if (m?.[1]) {
      const type = m[1].toLowerCase();
      if (type === 'string' || type === 'preamble' || type === 'comment') continue;
      // `@type{key,` (the key may be empty in some exports, but the comma is always there)
      // Keys may hold an apostrophe (Scopus: `D'Ambrosio20171339`).
      return (
        /^\s*@\s*[A-Za-z][\w-]*\s*[{(]\s*[^\s,={}()"#%~]*\s*,/.test(line) ||
        /^\s*@\s*[A-Za-z][\w-]*\s*[{(]\s*$/.test(line)
      );
    }
  }
  return false;
}

/**
 * Text as written, after LaTeX decoding: markup removed, Unicode composed. LaTeX `{\'\i}` decodes to
 * a dotless i with a combining accent, which no font or search matches as `í`: the dotless i before
 * a combining mark is put back to `i` so NFC composes it.
 */
function plain(text: string | string[] | undefined): string | undefined {
  if (text === undefined) return undefined;
  const joined = Array.isArray(text) ? text.join('; ') : text;
  return nonEmpty(fixDotless(joined.replace(PARSER_MARKUP, '')));
}

/**
 * One keyword as written: Web of Science doubles the braces of its keyword list
 * (`Keywords = {{a; b; c}}`), which leaves a lone brace on the first and last keyword.
 */
function keywordTerm(k: string): string | undefined {
  const term = plain(k);
  if (!term) return undefined;
  const opens = (term.match(/\{/g) ?? []).length;
  const closes = (term.match(/\}/g) ?? []).length;
  return nonEmpty(opens === closes ? term : term.replace(/^\{/, '').replace(/\}$/, ''));
}

function fixDotless(text: string): string {
  return text
    .replace(/\u0131(?=[\u0300-\u036f])/g, 'i')
    .replace(/\u0237(?=[\u0300-\u036f])/g, 'j')
    .normalize('NFC');
}

function authorOf(c: Creator, line: number): SourceAuthor {
  if (c.name !== undefined) {
    // A brace-protected name ({World Health Organization}) is a corporate author, printed as one.
    return { name: collapseSpace(fixDotless(c.name)), collective: true, affiliations: [], line };
  }
  const family = plain([c.prefix, c.lastName].filter((p) => p).join(' '));
  const given = plain(c.firstName);
  const suffix = plain(c.suffix);
  const out: SourceAuthor = { name: displayName({ given, family, suffix }), affiliations: [], line };
  if (family) out.family = family;
  if (given) out.given = given;
  return out;
}

function toRecord(entry: Entry, file: string, index: number, line: number, authorMarkers?: string[][]): SourceRecord {
  const f = entry.fields as Record<string, unknown>;
  const str = (name: string): string | undefined => {
    const v = f[name];
    return typeof v === 'string' || Array.isArray(v) ? plain(v as string | string[]) : undefined;
  };
  const title = str('title');
  if (!title) throw new FieldError('title', `the entry "${entry.key}" has no title`, line);
  const record = newRecord('bibtex', file, index, line, title);
  record.publicationTypes = [entry.type];

  const creators = (f.author as Creator[] | undefined) ?? [];
  for (const c of creators) record.authors.push(authorOf(c, line));
  const affiliationText = str('affiliations') ?? str('affiliation');
  if (affiliationText) {
    const affs: SourceAffiliation[] = affiliationText
      .split(/\s*;\s*/)
      .filter((t) => t !== '')
      .map((text) => ({ text }));
    const only = record.authors.length === 1 ? record.authors[0] : undefined;
    const linked =
      authorMarkers && authorMarkers.length === record.authors.length ? linkByMarker(authorMarkers, affs) : undefined;
    if (linked) for (const [i, a] of record.authors.entries()) a.affiliations.push(...(linked[i] ?? []));
    else if (only) only.affiliations.push(...affs);
    else record.affiliations = affs;
  }

  // The one-field facts: the table in mapping.ts.
  const fields: TagValue[] = Object.keys(f).flatMap((tag) => {
    const raw = f[tag];
    const value =
      typeof raw === 'string' || (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) ? str(tag) : undefined;
    return value !== undefined ? [{ tag, value, line }] : [];
  });
  const draft: BibtexDraft = { record, journal: { issns: [] } };
  applyTagRules(BIBTEX_FIELDS, fields, draft);
  const { journal } = draft;
  if (journal.title || journal.abbreviation || journal.issns.length > 0) record.journal = journal;

  const eprintType = str('eprinttype')?.toLowerCase() ?? str('archiveprefix')?.toLowerCase();
  const eprint = str('eprint');
  // An eprint is the PMID or PMCID when its type says so (BibLaTeX `eprinttype = {pubmed}`).
  if (eprint && eprintType === 'pubmed') record.pmid ??= cleanPmid(eprint);
  if (eprint && (eprintType === 'pmc' || eprintType === 'pubmedcentral')) record.pmcid ??= cleanPmcid(eprint);
  const keywords = f.keywords;
  if (Array.isArray(keywords)) {
    // The parser returns keywords de-duplicated and sorted alphabetically; they are verbatim (as
    // written), so their position in the entry's text gives back the order the user wrote them in.
    const fieldAt = Math.max(0, entry.input.search(/\bkeywords\s*=/i));
    const position = (k: string) => {
      const at = entry.input.indexOf(k, fieldAt);
      return at < 0 ? Number.MAX_SAFE_INTEGER : at;
    };
    const ordered = [...(keywords as string[])].sort((a, b) => position(a) - position(b));
    for (const k of ordered) {
      const term = keywordTerm(String(k));
      if (term) record.subjects.push({ kind: 'keyword', term });
    }
  }
  // Scopus's author keywords and Web of Science's KeyWords Plus, `;`-separated.
  for (const name of ['author_keywords', 'keywords-plus']) {
    for (const k of (str(name) ?? '').split(/\s*;\s*/)) {
      const term = keywordTerm(k);
      if (term) record.subjects.push({ kind: 'keyword', term });
    }
  }
  return record;
}

/**
 * Scopus's older BibTeX export lists authors with commas and affiliation letters instead of `and`:
 * `author={D'Ambrosio, A.a , Aria, M.a , Iorio, C.b },` — "Family, Initials" pairs whose initials
 * end in the letters of the author's affiliations (`a` = the first entry of `affiliation`, `b` the
 * second). Recognised only when every second part is initials (with or without letters), so a
 * BibTeX name list is never rewritten.
 */
const SCOPUS_AUTHOR_FIELD = /^(\s*author\s*=\s*\{)([^{}]*)(\}\s*,?\s*)$/i;
// An author with several affiliations has several letters, space-separated: `Celentano, A.a  b  c `.
const SCOPUS_INITIALS = /^((?:\p{Lu}\p{Ll}?\.\s?-?)+?)(\p{Ll}(?:\s+\p{Ll})*)?$/u;

function scopusAuthors(list: string): { names: string[]; markers: string[][] } | undefined {
  if (/\sand\s/.test(list)) return undefined;
  const parts = list.split(',').map((p) => p.trim());
  if (parts[parts.length - 1] === '') parts.pop();
  if (parts.length < 4 || parts.length % 2 !== 0) return undefined;
  const names: string[] = [];
  const markers: string[][] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const family = parts[i] ?? '';
    const m = SCOPUS_INITIALS.exec(parts[i + 1] ?? '');
    if (family === '' || !m?.[1]) return undefined;
    names.push(`${family}, ${m[1].trim()}`);
    markers.push((m[2] ?? '').split(/\s+/).filter((l) => l !== ''));
  }
  return { names, markers };
}

/** The affiliations of each author by their letters, or undefined when a letter names no affiliation. */
function linkByMarker(markers: string[][], affs: SourceAffiliation[]): SourceAffiliation[][] | undefined {
  if (!markers.some((m) => m.length > 0)) return undefined;
  const out: SourceAffiliation[][] = [];
  for (const letters of markers) {
    const mine: SourceAffiliation[] = [];
    for (const letter of letters) {
      const aff = affs[letter.charCodeAt(0) - 97];
      if (!aff) return undefined;
      mine.push({ ...aff, marker: letter });
    }
    out.push(mine);
  }
  return out;
}

/**
 * What some exporters write that BibTeX parsers reject, put right before parsing (each line as
 * written otherwise): Web of Science field names with parentheses (`Usage-Count-(Last-180-days)`,
 * which bibtexparser, JabRef and Zotero read as the name without them), Scopus's comma-separated
 * author lists (turned into an `and` list, their affiliation letters kept apart), and the typographic
 * apostrophe Scopus copies from a name into the citation key (`@ARTICLE{D’Aniello201643,`), which the
 * parser refuses in a key: it becomes a plain one (the key is no data of the record).
 */
const ENTRY_KEY = /^(\s*@\s*[A-Za-z][\w-]*\s*[{(]\s*)([^\s,={}()"#%~]*)(\s*,.*)$/;

function exporterFixes(lines: string[]): { text: string; authorMarkers?: string[][] } {
  let authorMarkers: string[][] | undefined;
  const fixed = lines.map((line, i) => {
    const keyed = i === 0 ? ENTRY_KEY.exec(line) : null;
    const rekeyed = keyed ? `${keyed[1]}${keyed[2]!.replace(/[\u2018\u2019]/g, "'")}${keyed[3]}` : line;
    const renamed = rekeyed.replace(
      /^(\s*)([A-Za-z][\w-]*\([\w-]*\)[\w()-]*)(\s*=)/,
      (_, lead: string, name: string, eq: string) => `${lead}${name.replace(/[()]/g, '')}${eq}`,
    );
    const author = SCOPUS_AUTHOR_FIELD.exec(renamed);
    const scopus = author?.[2] ? scopusAuthors(author[2]) : undefined;
    if (!author || !scopus) return renamed;
    authorMarkers = scopus.markers;
    return `${author[1]}${scopus.names.join(' and ')}${author[3]}`;
  });
  return authorMarkers ? { text: fixed.join('\n'), authorMarkers } : { text: fixed.join('\n') };
}

interface PendingEntry {
  lines: string[];
  startLine: number;
  chars: number;
  oversized: boolean;
  type: string;
}

async function* read(chunks: AsyncIterable<string>, file: string): AsyncGenerator<ReadResult> {
  let index = 0;
  const macros = new MacroTable();
  let pending: PendingEntry | undefined;

  const finish = (out: ReadResult[]): void => {
    const e = pending;
    pending = undefined;
    if (!e || e.type === 'comment' || e.type === 'preamble') return;
    if (e.type === 'string') {
      // A macro definition is not a record: a bad one is reported without a record index. It is
      // measured before anything is expanded (see macros.ts); a refused one refuses the entries using it.
      const refusal = e.oversized
        ? { reason: `it is larger than ${describeLimit(MAX_RECORD_CHARS)}` }
        : macros.define(e.lines.join('\n'));
      if (refusal)
        out.push(
          problem({
            file,
            line: e.startLine,
            field: '@string',
            reason: `the @string definition is refused: ${refusal.reason}`,
          }),
        );
      return;
    }
    const current = index++;
    if (e.oversized) {
      out.push(
        problem({
          file,
          line: e.startLine,
          index: current,
          field: `@${e.type}`,
          reason: oversizedReason('entry'),
        }),
      );
      return;
    }
    const { text, authorMarkers } = exporterFixes(e.lines);
    const expanded = macros.expandEntry(text);
    if ('refusal' in expanded) {
      out.push(
        problem({
          file,
          line: e.startLine,
          index: current,
          field: expanded.refusal.field,
          reason: expanded.refusal.reason,
        }),
      );
      return;
    }
    const lib = parseEntry(expanded.text);
    const entry = lib.entries[0];
    const error = lib.errors[0];
    if (error || !entry) {
      const reason = error ? fileLines(error.error, e.startLine) : 'the entry cannot be read as BibTeX';
      out.push(
        problem({ file, line: errorLine(error?.error, e.startLine), index: current, field: `@${e.type}`, reason }),
      );
      return;
    }
    out.push(
      convertRecord({ file, index: current, line: e.startLine }, () => ({
        ok: true,
        record: toRecord(entry, file, current, e.startLine, authorMarkers),
      })),
    );
  };

  const onLine = (l: TextLine, out: ReadResult[]): void => {
    const start = l.truncated ? undefined : ENTRY_START.exec(l.text);
    if (start?.[1]) {
      finish(out);
      pending = {
        lines: [l.text],
        startLine: l.line,
        chars: l.text.length,
        oversized: false,
        type: start[1].toLowerCase(),
      };
      return;
    }
    // Text outside entries is a comment in BibTeX; inside an entry it is part of it.
    if (!pending || pending.oversized) return;
    if (!fitsAfterLine(pending, l)) {
      pending.lines = [];
      return;
    }
    pending.lines.push(l.text);
  };

  yield* readByLine<ReadResult>(chunks, onLine, (out) => {
    finish(out);
  });
}

/** One entry parsed alone, its @string macros expanded into it already; a parser exception becomes an error. */
function parseEntry(text: string): { entries: Entry[]; errors: Array<{ error: string }> } {
  try {
    return parse(text, PARSE_OPTIONS);
  } catch (err) {
    return { entries: [], errors: [{ error: err instanceof Error ? err.message : String(err) }] };
  }
}

/** The parser reports "at line N" within the entry; this makes it the file's line. */
function fileLines(message: string, startLine: number): string {
  return message
    .replace(/\bline (\d+)/g, (_, n: string) => `line ${startLine + Number(n) - 1}`)
    .replace(/ in "[^"]*"$/, '');
}

function errorLine(message: string | undefined, startLine: number): number {
  const m = message ? /\bline (\d+)/.exec(message) : null;
  return m?.[1] ? startLine + Number(m[1]) - 1 : startLine;
}

/** The BibTeX/BibLaTeX reader. */
export const bibtexReader: RecordReader = {
  format: 'bibtex',
  extensions: ['bib', 'bibtex', 'biblatex'],
  detect,
  read,
};
