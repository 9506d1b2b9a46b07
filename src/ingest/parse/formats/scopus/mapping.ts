import type { SourceAuthor, SourceRecord } from '../../../model.ts';
import { authorFromInverted } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import { issnsInText, parsePages, parseYear } from '../../common/values.ts';
import { cell, type CsvCell, identifierRules, journalOf, listOf, textRule } from '../../common/csvCells.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import { parseScopusReferences } from '../../common/scopusReferences.ts';

/**
 * Scopus CSV columns (Scopus "Export > CSV", all information) -> SourceRecord. Not mapped, with the
 * reason: Link (a Scopus web address, derived from the EID), Author(s) ID (Scopus author ids: not
 * an identifier the graph keys authors by), Correspondence Address (repeats an affiliation, with an
 * e-mail address), Molecular Sequence Numbers, Chemicals/CAS, Tradenames, Manufacturers (substance
 * indexing the graph has no place for), Funding Texts (the prose of Funding Details), Editors,
 * Sponsors and Conference name/date/location/code (conference metadata), CODEN, ISBN, Publication
 * Stage, Open Access and Source (always "Scopus").
 */

/** `Yagai T.` / `Aria M.`: family name, then initials. */
function abbreviatedAuthor(printed: string): Pick<SourceAuthor, 'name' | 'family' | 'given'> {
  const m = /^(.*\S)\s+((?:\p{Lu}[\p{Ll}]?\.\s?-?)+)$/u.exec(printed.trim());
  if (!m?.[1] || !m[2]) return { name: printed.trim() };
  return { name: `${m[2].trim()} ${m[1]}`, family: m[1], given: m[2].trim() };
}

/** Authors (`;` since 2020, `,` before) and, when given, their full names (`Aria, Massimo (7004263766)`). */
function applyAuthors(cells: CsvCell[], r: SourceRecord): void {
  const full = cell(cells, 'Author full names');
  if (full) {
    r.authors = listOf(full).map((n) => ({ ...authorFromInverted(n.replace(/\s*\(\d+\)\s*$/, '')), affiliations: [] }));
    return;
  }
  const printed = cell(cells, 'Authors') ?? '';
  if (/^\[No author name available\]$/i.test(printed.trim())) return;
  const names = printed.includes(';')
    ? listOf(printed)
    : printed
        .split(/,\s+/)
        .map((n) => n.trim())
        .filter((n) => n !== '');
  r.authors = names.map((n) => ({ ...abbreviatedAuthor(n), affiliations: [] }));
}

/** A name as both author columns print it, for pairing: lower-case letters of the family name and initials. */
const pairKey = (family: string | undefined, given: string | undefined) =>
  `${family ?? ''}|${(given ?? '').replace(/[^\p{L}]/gu, '').slice(0, 1)}`.toLowerCase();

/**
 * "Authors with affiliations": `Yagai, T., Sophia University, Tokyo, Japan; Kimura, Y., ...` (before
 * 2020) or `Liu F., Department of ..., China; ...` (since): each entry is one author with one
 * affiliation, in byline order; an author with two affiliations has two entries.
 */
function applyAffiliations(cells: CsvCell[], r: SourceRecord): void {
  const entries = listOf(cell(cells, 'Authors with affiliations'));
  let at = 0;
  for (const entry of entries) {
    const parts = entry.split(', ');
    const classic = parts.length >= 3 && /^(?:\p{Lu}[\p{Ll}]?\.\s?-?)+$/u.test(parts[1] ?? '');
    const name = classic ? { family: parts[0], given: parts[1] } : abbreviatedAuthor(parts[0] ?? '');
    const text = parts
      .slice(classic ? 2 : 1)
      .join(', ')
      .trim();
    const key = pairKey(name.family, name.given);
    // The entry's author: the next one in byline order with this name (the same author again for a second affiliation).
    let index = r.authors.findIndex((a, i) => i >= Math.max(0, at - 1) && pairKey(a.family, a.given) === key);
    if (index < 0) index = r.authors.findIndex((a) => pairKey(a.family, a.given) === key);
    const author = index >= 0 ? r.authors[index] : undefined;
    if (!text) continue;
    if (author) {
      if (!author.affiliations.some((x) => x.text === text)) author.affiliations.push({ text });
      at = index + 1;
    } else {
      (r.affiliations ??= []).push({ text });
    }
  }
}

export const SCOPUS_MAPPING: ReadonlyArray<FieldRule<CsvCell>> = [
  textRule('Title', 'title', (r, v) => (r.title = v)),
  {
    from: ['Authors', 'Author full names'],
    to: 'authors (full names when given, else the abbreviated ones)',
    apply: applyAuthors,
  },
  {
    from: ['Authors with affiliations'],
    to: 'authors[].affiliations (one entry per author and affiliation)',
    apply: applyAffiliations,
  },
  {
    from: ['Year'],
    to: 'year',
    apply: (c, r) => {
      const y = parseYear(c[0]!.value);
      if (y !== undefined) r.year = y;
    },
  },
  textRule('Source title', 'journal.title', (r, v) => (journalOf(r).title = v)),
  textRule('Abbreviated Source Title', 'journal.abbreviation', (r, v) => (journalOf(r).abbreviation = v)),
  textRule('Publisher', 'journal.publisher', (r, v) => (journalOf(r).publisher = v)),
  {
    from: ['ISSN'],
    to: 'journal.issns (printed without hyphen)',
    apply: (c, r) => journalOf(r).issns.push(...issnsInText(c[0]!.value)),
  },
  textRule('Volume', 'volume', (r, v) => (r.volume = v)),
  textRule('Issue', 'issue', (r, v) => (r.issue = v)),
  {
    from: ['Page start', 'Page end', 'Art. No.'],
    to: 'firstPage, lastPage (Art. No. when no page)',
    apply: (c, r) => {
      const start = cell(c, 'Page start');
      const end = cell(c, 'Page end');
      const article = cell(c, 'Art. No.');
      if (start) Object.assign(r, parsePages(end ? `${start}-${end}` : start));
      else if (article) r.firstPage = article;
    },
  },
  ...identifierRules({ doi: 'DOI', pmid: 'PubMed ID' }),
  {
    from: ['EID'],
    to: 'accessions (scopus)',
    apply: (c, r) => (r.accessions ??= []).push({ scheme: 'scopus', id: c[0]!.value }),
  },
  textRule('Abstract', 'abstract', (r, v) => (r.abstract = v)),
  textRule('Language of Original Document', 'language', (r, v) => (r.language = v)),
  { from: ['Document Type'], to: 'publicationTypes', apply: (c, r) => (r.publicationTypes = [c[0]!.value]) },
  {
    from: ['Author Keywords'],
    to: 'subjects (keyword)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map((term) => ({ kind: 'keyword' as const, term }))),
  },
  {
    from: ['Index Keywords'],
    to: 'subjects (indexed)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map((term) => ({ kind: 'indexed' as const, term }))),
  },
  {
    from: ['Funding Details'],
    to: 'funding',
    apply: (c, r) => {
      const f = listOf(c[0]!.value);
      if (f.length > 0) r.funding = f;
    },
  },
  {
    from: ['Cited by'],
    to: 'citedByCount',
    apply: (c, r) => {
      const v = c[0]!.value;
      if (!/^\d+$/.test(v))
        throw new FieldError('Cited by', `expected a count of citing works, found "${v.slice(0, 40)}"`);
      r.citedByCount = Number(v);
    },
  },
  {
    from: ['References'],
    to: 'references (parsed: first author, title, year, source, volume, first page; printed text kept)',
    apply: (c, r) => r.references.push(...parseScopusReferences(c[0]!.value)),
  },
];
