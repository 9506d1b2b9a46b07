import type { SourceAffiliation, SourceRecord } from '../../../model.ts';
import { authorFromInverted } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import { collapseSpace, issnsInText, parsePages, parseYear } from '../../common/values.ts';
import { cell, type CsvCell, identifierRules, journalOf, listOf, textRule } from '../../common/csvCells.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';

/**
 * Dimensions publication export columns -> SourceRecord.
 * Not mapped, with the reason: Rank (the position in the search, not a fact of the work),
 * Acknowledgements (prose; the funding is its own column), Book editors (editors are not authors),
 * Publication date and its online/print forms (the year is kept; the graph stores no day), Open
 * Access, Recent citations, RCR, FCR and Altmetric (metrics of the moment), Corresponding Authors,
 * Authors Affiliations and Research Organizations (the organisations Dimensions resolved the
 * affiliations to, not aligned one-to-one with the printed affiliations, which are kept), Source
 * Linkout and Dimensions URL (addresses; the Publication ID is kept).
 */

/**
 * Splits at `;` outside parentheses: `Sheen, Jack Z (Institute..., Toronto; Krembil Centre (KCNI)); Mazza, Frank (...)`.
 */
function splitOutside(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (ch === ';' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** One entry of "Authors (Raw Affiliation)": the name, and the affiliations in the parentheses after it. */
function rawEntry(entry: string): { name: string; affiliations: string[] } {
  const open = entry.indexOf(' (');
  if (open < 0 || !entry.endsWith(')')) return { name: collapseSpace(entry), affiliations: [] };
  const inside = entry.slice(open + 2, -1);
  return {
    name: collapseSpace(entry.slice(0, open)),
    // Dimensions copies the publisher's text: `Canada;, jonathan.smirl@...` leaves a comma before the next part.
    affiliations: splitOutside(inside)
      .map((a) => a.replace(/^[,\s]+/, ''))
      .filter((a) => a !== ''),
  };
}

/**
 * Authors (`Family, Given; ...`) with the affiliations "Authors (Raw Affiliation)" prints after each
 * name. An entry is given to the author of its position when the names agree, else to the one author
 * of that name; affiliations of an entry that names no author of the byline stay the record's.
 */
function applyAuthors(cells: CsvCell[], r: SourceRecord): void {
  const byline = listOf(cell(cells, 'Authors'));
  r.authors = byline.map((printed) => ({ ...authorFromInverted(printed), affiliations: [] }));
  const raw = cell(cells, 'Authors (Raw Affiliation)');
  if (!raw) return;
  const entries = splitOutside(raw).map(rawEntry);
  entries.forEach((entry, i) => {
    const texts: SourceAffiliation[] = entry.affiliations.map((text) => ({ text }));
    if (texts.length === 0) return;
    const named = byline.flatMap((name, j) => (name === entry.name ? [j] : []));
    const at = byline[i] === entry.name ? i : named.length === 1 ? named[0] : undefined;
    const author = at === undefined ? undefined : r.authors[at];
    if (author) author.affiliations.push(...texts);
    else (r.affiliations ??= []).push(...texts);
  });
}

export const DIMENSIONS_MAPPING: ReadonlyArray<FieldRule<CsvCell>> = [
  textRule('Title', 'title', (r, v) => (r.title = v)),
  {
    from: ['Publication ID'],
    to: 'accessions (dimensions)',
    apply: (c, r) => (r.accessions ??= []).push({ scheme: 'dimensions', id: c[0]!.value }),
  },
  ...identifierRules({ doi: 'DOI', pmid: 'PMID', pmcid: 'PMCID' }),
  textRule('Abstract', 'abstract', (r, v) => (r.abstract = v)),
  {
    from: ['Authors', 'Authors (Raw Affiliation)'],
    to: 'authors ("Family, Given"), authors[].affiliations from the raw affiliations printed after each name',
    apply: applyAuthors,
  },
  {
    from: ['Source title', 'Anthology title'],
    to: 'journal.title (Source title, else the book of a chapter: Anthology title)',
    apply: (c, r) => {
      const title = cell(c, 'Source title', 'Anthology title');
      if (title) journalOf(r).title = title;
    },
  },
  {
    from: ['ISSN', 'ISSNs'],
    to: 'journal.issns',
    apply: (c, r) => journalOf(r).issns.push(...c.flatMap((x) => issnsInText(x.value))),
  },
  textRule('Publisher', 'journal.publisher', (r, v) => (journalOf(r).publisher = v)),
  {
    from: ['PubYear', 'Publication Date', 'Publication date'],
    to: 'year (PubYear, else the publication date)',
    apply: (c, r) => {
      const y = parseYear(cell(c, 'PubYear', 'Publication Date', 'Publication date'));
      if (y !== undefined) r.year = y;
    },
  },
  textRule('Volume', 'volume', (r, v) => (r.volume = v)),
  textRule('Issue', 'issue', (r, v) => (r.issue = v)),
  {
    from: ['Pagination'],
    to: 'firstPage, lastPage (or the article number)',
    apply: (c, r) => Object.assign(r, parsePages(c[0]!.value)),
  },
  { from: ['Publication Type'], to: 'publicationTypes', apply: (c, r) => (r.publicationTypes = [c[0]!.value]) },
  {
    from: ['MeSH terms'],
    to: 'subjects (mesh)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map((term) => ({ kind: 'mesh' as const, term }))),
  },
  {
    from: ['Fields of Research (ANZSRC 2020)', 'Fields of Research (ANZSRC 2008)', 'Sustainable Development Goals'],
    to: 'subjects (indexed: the research fields and goals Dimensions assigns)',
    apply: (c, r) => {
      for (const x of c) r.subjects.push(...listOf(x.value).map((term) => ({ kind: 'indexed' as const, term })));
    },
  },
  {
    from: ['Funding', 'Funder'],
    to: 'funding (the funding statement as printed; else the funders, `;`-separated)',
    apply: (c, r) => {
      // The statement is prose whose `;` separate clauses, not funders: it stays whole.
      const statement = cell(c, 'Funding');
      const f = statement ? [collapseSpace(statement)] : listOf(cell(c, 'Funder'));
      if (f.length > 0) r.funding = f;
    },
  },
  {
    from: ['Times cited'],
    to: 'citedByCount',
    apply: (c, r) => {
      const v = c[0]!.value;
      if (!/^\d+$/.test(v))
        throw new FieldError('Times cited', `expected a count of citing works, found "${v.slice(0, 40)}"`);
      r.citedByCount = Number(v);
    },
  },
];
