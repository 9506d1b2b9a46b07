import type { SourceSubject } from '../../../model.ts';
import { hasMarkup, markupToText } from '../../common/markupText.ts';
import { FieldError } from '../../common/problems.ts';
import { issnsInText, parsePages, parseYear } from '../../common/values.ts';
import { cell, type CsvCell, identifierRules, journalOf, listOf, textRule } from '../../common/csvCells.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';

/**
 * Lens.org scholarly works CSV columns -> SourceRecord. Not mapped, with the reason: Date Published
 * (the year is kept; the graph stores no day), Source Country (the journal's country, not the
 * article's), Chemicals, Source URLs and External URL (addresses, not statements), Microsoft
 * Academic ID (a retired identifier), Citing Patents Count, Is Open Access / Open Access License /
 * Open Access Colour. References (Lens IDs of the cited works) are kept as the record's cited
 * accessions, not as references: no other format states them, so a reference-only work made from one
 * could never meet the same work cited by other records.
 * Author/s prints display names ("Brian W. Baetz") without saying which part is the family name:
 * they are kept whole, no parts guessed.
 */

/** `Infusions, Parenteral/instrumentation`: a MeSH heading with its qualifiers (no major flags in Lens). */
function meshTerm(printed: string): SourceSubject {
  const [descriptor = '', ...qualifiers] = printed.split('/');
  const subject: SourceSubject = { kind: 'mesh', term: descriptor.trim() };
  const q = qualifiers.map((x) => x.trim()).filter((x) => x !== '');
  if (q.length > 0) subject.qualifiers = q.map((name) => ({ name }));
  return subject;
}

export const LENS_MAPPING: ReadonlyArray<FieldRule<CsvCell>> = [
  textRule('Title', 'title', (r, v) => (r.title = v)),
  {
    from: ['Lens ID'],
    to: 'accessions (lens)',
    apply: (c, r) => (r.accessions ??= []).push({ scheme: 'lens', id: c[0]!.value }),
  },
  {
    from: ['Author/s'],
    to: 'authors (names as printed)',
    apply: (c, r) => (r.authors = listOf(c[0]!.value).map((name) => ({ name, affiliations: [] }))),
  },
  {
    from: ['Publication Year'],
    to: 'year',
    apply: (c, r) => {
      const y = parseYear(c[0]!.value);
      if (y !== undefined) r.year = y;
    },
  },
  { from: ['Publication Type'], to: 'publicationTypes', apply: (c, r) => (r.publicationTypes = [c[0]!.value]) },
  textRule('Source Title', 'journal.title', (r, v) => (journalOf(r).title = v)),
  textRule('Publisher', 'journal.publisher', (r, v) => (journalOf(r).publisher = v)),
  {
    from: ['ISSNs'],
    to: 'journal.issns (undashed, `;`-separated)',
    apply: (c, r) => journalOf(r).issns.push(...issnsInText(c[0]!.value)),
  },
  {
    from: ['Abstract'],
    to: 'abstract (JATS markup removed)',
    apply: (c, r) => {
      const v = c[0]!.value;
      // Lens joins a JATS title and its paragraphs with "; ": the separator left before the text is no content.
      const text = (hasMarkup(v) ? markupToText(v) : v).replace(/^[;\s]+/, '');
      if (text) r.abstract = text;
    },
  },
  textRule('Volume', 'volume', (r, v) => (r.volume = v)),
  textRule('Issue Number', 'issue', (r, v) => (r.issue = v)),
  {
    from: ['Start Page', 'End Page'],
    to: 'firstPage, lastPage',
    apply: (c, r) => {
      const start = cell(c, 'Start Page');
      const end = cell(c, 'End Page');
      if (start) Object.assign(r, parsePages(end && !end.includes(',') ? `${start}-${end}` : start));
    },
  },
  {
    from: ['Keywords'],
    to: 'subjects (keyword)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map((term) => ({ kind: 'keyword' as const, term }))),
  },
  {
    from: ['Fields of Study'],
    to: 'subjects (indexed: fields Lens assigns)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map((term) => ({ kind: 'indexed' as const, term }))),
  },
  {
    from: ['MeSH Terms'],
    to: 'subjects (mesh, with qualifiers)',
    apply: (c, r) => r.subjects.push(...listOf(c[0]!.value).map(meshTerm)),
  },
  {
    from: ['Funding'],
    to: 'funding',
    apply: (c, r) => {
      const f = listOf(c[0]!.value);
      if (f.length > 0) r.funding = f;
    },
  },
  ...identifierRules({ doi: 'DOI', pmid: 'PMID', pmcid: 'PMCID' }),
  {
    from: ['References'],
    to: 'citedAccessions (lens: the Lens IDs of the cited works)',
    apply: (c, r) => {
      const ids = listOf(c[0]!.value);
      if (ids.length > 0) r.citedAccessions = ids.map((id) => ({ scheme: 'lens', id }));
    },
  },
  {
    from: ['Citing Works Count'],
    to: 'citedByCount',
    apply: (c, r) => {
      const v = c[0]!.value;
      if (!/^\d+$/.test(v))
        throw new FieldError('Citing Works Count', `expected a count of citing works, found "${v.slice(0, 40)}"`);
      r.citedByCount = Number(v);
    },
  },
];
