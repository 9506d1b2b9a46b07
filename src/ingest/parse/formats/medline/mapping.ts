import type { SourceJournal, SourceRecord } from '../../../model.ts';
import { FieldError } from '../../common/problems.ts';
import { parseMeshHeading } from '../../common/meshHeading.ts';
import type { TagRule } from '../../common/tagMapping.ts';
import { cleanDoi, cleanPmcid, cleanPmid, issnsInText, issnType, nonEmpty, parseYear } from '../../common/values.ts';

/**
 * What each MEDLINE tag means (NLM's "MEDLINE/PubMed Data Element (Field) Descriptions", and ERIC's
 * `.nbib`, which writes the same layout with `OWN - ERIC`). The author block (FAU, AU, CN, AUID, AD
 * and the investigators FIR/IR), whose lines belong to the author printed before them, is read in
 * order by the reader; everything else is this table.
 */

/** The record being built: the record and its journal (attached only when something fills it). */
export interface MedlineDraft {
  record: SourceRecord;
  journal: SourceJournal;
}

const text =
  (key: 'title' | 'vernacularTitle' | 'abstract' | 'language' | 'volume' | 'issue' | 'country') =>
  (d: MedlineDraft, v: string) => {
    const value = nonEmpty(v);
    if (value) d.record[key] = value;
  };

/** `10.3760/cma.j.cn101070-20200616-01000 [doi]` -> value and type. */
function idWithType(value: string): { id: string; type: string } | undefined {
  const m = /^(.*?)\s*\[([a-z-]+)\]\s*$/i.exec(value.trim());
  return m?.[1] && m[2] ? { id: m[1].trim(), type: m[2].toLowerCase() } : undefined;
}

/** The tags MEDLINE records carry and RIS records do not, for detection. */
export const MEDLINE_ONLY_TAGS = new Set([
  'PMID',
  'FAU',
  'STAT',
  'OWN',
  'DCOM',
  'LR',
  'JT',
  'TA',
  'MH',
  'EDAT',
  'CRDT',
  'DP',
]);

export const MEDLINE_FIELDS: readonly TagRule<MedlineDraft>[] = [
  { target: 'pmid', tags: ['PMID'], take: 'first', set: (d, v) => void (d.record.pmid = cleanPmid(v.trim())) },
  { target: 'title', tags: ['TI'], take: 'first', set: text('title') },
  { target: 'vernacularTitle', tags: ['TT'], take: 'first', set: text('vernacularTitle') },
  { target: 'abstract', tags: ['AB'], take: 'first', set: text('abstract') },
  { target: 'language', tags: ['LA'], take: 'first', set: text('language') },
  {
    target: 'subjects (MeSH)',
    tags: ['MH'],
    take: 'all',
    set: (d, v) => void d.record.subjects.push(parseMeshHeading(v.trim())),
  },
  // Other terms: author keywords; `*` marks a major one (NASA and KIE keywords), as in MH.
  {
    target: 'subjects (keyword)',
    tags: ['OT'],
    take: 'all',
    set: (d, v) => {
      const major = v.trim().startsWith('*');
      const term = nonEmpty(v.trim().replace(/^\*/, ''));
      if (term) d.record.subjects.push(major ? { kind: 'keyword', term, major } : { kind: 'keyword', term });
    },
  },
  { target: 'pmcid', tags: ['PMC'], take: 'first', set: (d, v) => void (d.record.pmcid = cleanPmcid(v.trim())) },
  {
    target: 'doi, pmcid',
    tags: ['LID', 'AID'],
    take: 'all',
    set: (d, v) => {
      const id = idWithType(v);
      if (id?.type === 'doi') d.record.doi ??= cleanDoi(id.id);
      if (id?.type === 'pmc') d.record.pmcid ??= cleanPmcid(id.id);
      // ERIC writes the DOI as a resolver URL without a type: `AID - http://dx.doi.org/10.1186/...`.
      if (!id && /^https?:\/\/(?:dx\.)?doi\.org\/10\./i.test(v.trim())) d.record.doi ??= cleanDoi(v.trim());
    },
  },
  {
    target: 'journal.abbreviation',
    tags: ['TA'],
    take: 'first',
    set: (d, v) => void (d.journal.abbreviation = v.trim()),
  },
  { target: 'journal.title', tags: ['JT'], take: 'first', set: (d, v) => void (d.journal.title = v.trim()) },
  { target: 'journal.issns', tags: ['IS'], take: 'all', set: (d, v) => void d.journal.issns.push(...issnsInText(v)) },
  // ERIC: `ISSN - ISSN-0022-4065` (print) or `ISSN - EISSN-2375-5636` (electronic).
  {
    target: 'journal.issns',
    tags: ['ISSN'],
    take: 'all',
    set: (d, v) => {
      const m = /^(E?ISSN)-?\s*(.+)$/i.exec(v.trim());
      const type = m?.[1] ? issnType(m[1].toUpperCase() === 'EISSN' ? 'electronic' : 'print') : undefined;
      for (const issn of issnsInText(m?.[2] ?? v)) d.journal.issns.push(type && !issn.type ? { ...issn, type } : issn);
    },
  },
  { target: 'journal.publisher', tags: ['PB'], take: 'first', set: (d, v) => void (d.journal.publisher = v.trim()) },
  {
    target: 'year',
    tags: ['DP'],
    take: 'first',
    set: (d, v, f) => {
      const year = parseYear(v);
      if (year === undefined) throw new FieldError('DP', `no year in the publication date "${v.trim()}"`, f.line);
      d.record.year = year;
    },
  },
  { target: 'volume', tags: ['VI'], take: 'first', set: text('volume') },
  { target: 'issue', tags: ['IP'], take: 'first', set: text('issue') },
  { target: 'country', tags: ['PL'], take: 'first', set: text('country') },
  {
    target: 'publicationTypes',
    tags: ['PT'],
    take: 'all',
    set: (d, v) => void (d.record.publicationTypes ??= []).push(v.trim()),
  },
];
