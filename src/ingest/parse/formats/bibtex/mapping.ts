import type { SourceJournal, SourceRecord } from '../../../model.ts';
import type { TagRule } from '../../common/tagMapping.ts';
import { cleanDoi, cleanPmcid, cleanPmid, issnsInText, parsePages, parseYear } from '../../common/values.ts';

/**
 * What each BibTeX/BibLaTeX field means (the BibLaTeX manual, with the exporters' own fields: Zotero's
 * `shortjournal`, JabRef's `journal-abbreviation`, Web of Science's `Times-Cited`, Scopus's `note =
 * {cited By N}`), applied to the entry's fields as the parser decoded them (lower-case names, LaTeX
 * turned into Unicode). Names, affiliations, eprints and keywords need more than one field at a time
 * and are read by the reader itself.
 */

/** The record being built: the record and its journal (attached only when something fills it). */
export interface BibtexDraft {
  record: SourceRecord;
  journal: SourceJournal;
}

export const BIBTEX_FIELDS: readonly TagRule<BibtexDraft>[] = [
  {
    target: 'journal.title',
    tags: ['journal', 'journaltitle'],
    take: 'first',
    set: (d, v) => void (d.journal.title = v),
  },
  {
    target: 'journal.abbreviation',
    tags: ['shortjournal', 'journalabbreviation', 'journal-abbreviation'],
    take: 'first',
    set: (d, v) => void (d.journal.abbreviation = v),
  },
  {
    target: 'journal.issns',
    tags: ['issn'],
    take: 'first',
    set: (d, v) => void d.journal.issns.push(...issnsInText(v)),
  },
  { target: 'journal.publisher', tags: ['publisher'], take: 'first', set: (d, v) => void (d.journal.publisher = v) },
  // `year = {in press}` states no year: the date is tried, else the record has none.
  {
    target: 'year',
    tags: ['year', 'date'],
    take: 'first',
    set: (d, v) => {
      const year = parseYear(v);
      if (year === undefined) return false;
      d.record.year = year;
    },
  },
  { target: 'volume', tags: ['volume'], take: 'first', set: (d, v) => void (d.record.volume = v) },
  { target: 'issue', tags: ['number', 'issue'], take: 'first', set: (d, v) => void (d.record.issue = v) },
  // `eid` (an article number) is the first page only when there are no pages.
  {
    target: 'firstPage, lastPage',
    tags: ['pages', 'eid'],
    take: 'first',
    set: (d, v, f) => void Object.assign(d.record, f.tag === 'pages' ? parsePages(v) : { firstPage: v }),
  },
  { target: 'doi', tags: ['doi'], take: 'first', set: (d, v) => void (d.record.doi = cleanDoi(v)) },
  { target: 'pmid', tags: ['pmid'], take: 'first', set: (d, v) => void (d.record.pmid = cleanPmid(v)) },
  { target: 'pmcid', tags: ['pmcid'], take: 'first', set: (d, v) => void (d.record.pmcid = cleanPmcid(v)) },
  { target: 'abstract', tags: ['abstract'], take: 'first', set: (d, v) => void (d.record.abstract = v) },
  { target: 'language', tags: ['language', 'langid'], take: 'first', set: (d, v) => void (d.record.language = v) },
  // The exporter's own count of citing works.
  {
    target: 'citedByCount',
    tags: ['times-cited', 'note'],
    take: 'first',
    set: (d, v, f) => {
      const count = f.tag === 'times-cited' ? v : /^cited By (\d+)$/i.exec(v)?.[1];
      if (count === undefined || !/^\d+$/.test(count)) return false;
      d.record.citedByCount = Number(count);
    },
  },
];
