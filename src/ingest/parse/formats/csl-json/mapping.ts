import type { SourceJournal, SourceRecord } from '../../../model.ts';
import type { JsonRule } from '../../common/jsonFields.ts';
import { hasMarkup, markupToText } from '../../common/markupText.ts';
import { cleanDoi, cleanPmcid, cleanPmid, issnsInText, parsePages, splitKeywords } from '../../common/values.ts';

/**
 * What each CSL-JSON variable means (the CSL 1.0.2 schema, and `journalAbbreviation`, which Zotero
 * writes). Names, dates and the title (required) are read by the reader itself.
 */

/** The record being built: the record and its journal (attached only when something fills it). */
export interface CslDraft {
  record: SourceRecord;
  journal: SourceJournal;
}

export const CSL_FIELDS: readonly JsonRule<CslDraft>[] = [
  { target: 'journal.title', keys: ['container-title'], as: 'texts', set: (d, v) => void (d.journal.title ??= v) },
  {
    target: 'journal.abbreviation',
    keys: ['container-title-short', 'journalAbbreviation'],
    as: 'texts',
    set: (d, v) => void (d.journal.abbreviation ??= v),
  },
  { target: 'journal.issns', keys: ['ISSN'], as: 'texts', set: (d, v) => void d.journal.issns.push(...issnsInText(v)) },
  { target: 'journal.publisher', keys: ['publisher'], as: 'text', set: (d, v) => void (d.journal.publisher = v) },
  { target: 'volume', keys: ['volume'], as: 'textOrNumber', set: (d, v) => void (d.record.volume = v) },
  { target: 'issue', keys: ['issue'], as: 'textOrNumber', set: (d, v) => void (d.record.issue = v) },
  // Not `number`: CSL's number is a report, patent or preprint number (manubot writes the arXiv id
  // there), never a page.
  {
    target: 'firstPage, lastPage',
    keys: ['page', 'page-first'],
    as: 'textOrNumber',
    set: (d, v, key) => void Object.assign(d.record, key === 'page' ? parsePages(v) : { firstPage: v }),
  },
  { target: 'doi', keys: ['DOI'], as: 'text', set: (d, v) => void (d.record.doi = cleanDoi(v)) },
  { target: 'pmid', keys: ['PMID'], as: 'textOrNumber', set: (d, v) => void (d.record.pmid = cleanPmid(v)) },
  { target: 'pmcid', keys: ['PMCID'], as: 'text', set: (d, v) => void (d.record.pmcid = cleanPmcid(v)) },
  {
    target: 'abstract',
    keys: ['abstract'],
    as: 'text',
    set: (d, v) => void (d.record.abstract = hasMarkup(v) ? markupToText(v) : v),
  },
  { target: 'language', keys: ['language'], as: 'text', set: (d, v) => void (d.record.language = v) },
  {
    target: 'subjects (keyword)',
    keys: ['keyword'],
    as: 'texts',
    set: (d, v) => void d.record.subjects.push(...splitKeywords(v).map((term) => ({ kind: 'keyword' as const, term }))),
  },
  { target: 'publicationTypes', keys: ['type'], as: 'text', set: (d, v) => void (d.record.publicationTypes = [v]) },
];
