import {
  normalizeDoi,
  normalizeOpenAlexId,
  normalizePmcid,
  normalizePmid,
  normalizeShortDoi,
} from '../../../identity/index.ts';
import type { RecordAccession, SourceJournal } from '../../model.ts';

/**
 * Small parsers for the values every format prints in its own way (pages, years, ISSN lists,
 * identifiers). Each turns printed text into the structured value SourceRecord holds, once, so that
 * normalization never re-parses text.
 */

/** Whitespace runs (including NBSP and other Unicode spaces) collapsed to one space, trimmed. */
export function collapseSpace(text: string): string {
  return text.replace(/[\s\u00A0\u2000-\u200B\u3000]+/g, ' ').trim();
}

/** A trimmed, whitespace-collapsed value, or undefined when nothing is left. */
export function nonEmpty(text: string | undefined | null): string | undefined {
  if (text === undefined || text === null) return undefined;
  const v = collapseSpace(text);
  return v === '' ? undefined : v;
}

/**
 * First and last page from a printed page range: `1673-1676`, `1673–1676` (en dash), `1673--1676`
 * (BibTeX), `e123`, `S12-S19`. MEDLINE abbreviates the last page (`1673-6` is 1673-1676); it is
 * expanded from the first page's leading digits, as MEDLINE's own rule says, so every format yields
 * the same last page. Only the first range of a list (`123-9; discussion 130`) is taken.
 */
export function parsePages(printed: string | undefined): { firstPage?: string; lastPage?: string } {
  const text = nonEmpty(printed);
  if (!text) return {};
  const firstRange = text.split(/[;,]/)[0]?.trim() ?? '';
  const m = /^(\S+?)\s*(?:-{1,2}|[\u2010-\u2015\u2212])\s*(\S+)$/.exec(firstRange);
  if (!m?.[1] || !m[2]) return firstRange === '' ? {} : { firstPage: firstRange };
  const first = m[1];
  let last = m[2];
  const fd = /^(\D*)(\d+)$/.exec(first);
  const ld = /^(\D*)(\d+)$/.exec(last);
  if (fd?.[2] && ld?.[2] && (ld[1] === '' || ld[1] === fd[1]) && ld[2].length < fd[2].length) {
    last = `${fd[1]}${fd[2].slice(0, fd[2].length - ld[2].length)}${ld[2]}`;
  } else if (fd && ld && ld[1] === '' && fd[1] !== '') {
    last = `${fd[1]}${ld[2]}`; // S12-19 -> S19
  }
  return { firstPage: first, lastPage: last };
}

/** The year a date string states: the first 4-digit year in it (`2021 Nov`, `2021/11/05/`, `1998 Dec-1999 Jan`). */
export function parseYear(printed: string | number | undefined | null): number | undefined {
  if (printed === undefined || printed === null) return undefined;
  if (typeof printed === 'number')
    return Number.isInteger(printed) && printed > 0 && printed < 3000 ? printed : undefined;
  const m = /(?<!\d)(1[5-9]\d\d|2\d\d\d)(?!\d)/.exec(printed);
  return m?.[1] ? Number(m[1]) : undefined;
}

/** The DOI without resolver prefix or `doi:` label (case kept); as printed when it is no DOI (left to normalization). */
export function cleanDoi(printed: string | undefined | null): string | undefined {
  const v = nonEmpty(printed);
  if (!v) return undefined;
  return normalizeDoi(v)?.doi ?? v;
}

/**
 * A shortDOI printed in a DOI field (`10/fqd6hj`, also behind `https://doi.org/`) as the record's
 * `shortdoi` accession (lower-cased); undefined for anything else. Kept as stated: it is no DOI, and
 * the DOI it stands for is known only to doi.org, which an import does not ask.
 */
export function shortDoiAccession(printed: string | undefined | null): RecordAccession | undefined {
  const v = nonEmpty(printed);
  const id = v ? normalizeShortDoi(v) : undefined;
  return id ? { scheme: 'shortdoi', id } : undefined;
}

/** A DOI as the DOI fields of the Chinese databases' exports print it (they also put other text there). */
const DOI_SHAPE = /^10\.\d{4,9}\/\S+$/;

/**
 * A DOI field's value when it holds a DOI or a shortDOI (which normalization keeps as an accession),
 * as cleanDoi gives it; undefined for anything else (EndNote, NoteExpress and CNKI E-Study exports
 * put other text in the field).
 */
export function doiOrShortDoi(printed: string | undefined | null): string | undefined {
  const v = printed ?? undefined;
  return v && (DOI_SHAPE.test(v) || shortDoiAccession(v)) ? cleanDoi(v) : undefined;
}

/** PMID digits from `34567890`, `PMID: 34567890` or a PubMed URL; as printed when it is no PMID. */
export function cleanPmid(printed: string | number | undefined | null): string | undefined {
  const v = nonEmpty(printed === undefined || printed === null ? undefined : String(printed));
  if (!v) return undefined;
  return normalizePmid(v) ?? v;
}

/** `PMC1234567` from a PMCID in any printed form; as printed when it is no PMCID. */
export function cleanPmcid(printed: string | undefined | null): string | undefined {
  const v = nonEmpty(printed);
  if (!v) return undefined;
  return normalizePmcid(v) ?? v;
}

/** `W2741809807` from an OpenAlex work id or URL; as printed when it is no work id. */
export function cleanOpenAlexWorkId(printed: string | undefined | null): string | undefined {
  const v = nonEmpty(printed);
  if (!v) return undefined;
  return normalizeOpenAlexId(v, 'W') ?? v;
}

/** What an ISSN's printed label says it is. */
export function issnType(label: string | undefined): SourceJournal['issns'][number]['type'] {
  const l = (label ?? '').toLowerCase();
  if (l.startsWith('print') || l === 'ppub' || l === 'p') return 'print';
  if (l.startsWith('electronic') || l === 'epub' || l === 'online' || l === 'e') return 'electronic';
  if (l.startsWith('linking') || l === 'issn-l' || l === 'l') return 'linking';
  return undefined;
}

const ISSN_IN_TEXT = /(?<![\dXx-])(\d{4}-?\d{3}[\dXx])(?![\dXx-])(?:\s*\(\s*(Print|Electronic|Linking)\s*\))?/gi;

/**
 * The ISSNs in a printed ISSN field (`2095-428X`, `1234-5678 (Print) 2345-6789 (Electronic)`,
 * `1234-5678, 2345-6789`, EndNote's several ISSNs on one line), each as printed with its type when
 * the label states it. Anything else in the field (an ISBN) is not an ISSN and is not returned.
 */
export function issnsInText(printed: string | undefined): SourceJournal['issns'] {
  const out: SourceJournal['issns'] = [];
  if (!printed) return out;
  for (const m of printed.matchAll(ISSN_IN_TEXT)) {
    if (!m[1]) continue;
    const type = issnType(m[2]);
    out.push(type ? { value: m[1], type } : { value: m[1] });
  }
  return out;
}

/** Splits a keyword field: on `;` when the field uses it, else on `,` (a comma inside a `;` list stays). */
export function splitKeywords(printed: string | undefined): string[] {
  const text = nonEmpty(printed);
  if (!text) return [];
  const parts = text.includes(';') ? text.split(';') : text.split(',');
  return parts.map((p) => collapseSpace(p)).filter((p) => p !== '');
}

/** Adds a value to a list unless an equal one is there. */
export function pushUnique<T>(list: T[], value: T, same: (a: T, b: T) => boolean): void {
  if (!list.some((v) => same(v, value))) list.push(value);
}
