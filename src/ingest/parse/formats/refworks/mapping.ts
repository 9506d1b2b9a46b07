import type { SourceRecord } from '../../../model.ts';
import { cleanDoi, issnsInText, nonEmpty, parsePages, parseYear } from '../../common/values.ts';
import { affiliationsIn, joinLines, keywordsIn, namesIn } from '../../common/cjkLists.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import type { TaggedField } from '../../common/taggedRecords.ts';

/**
 * RefWorks tagged text (`RT Journal Article`, `A1`, `T1`...) -> SourceRecord, with CNKI's habits:
 * authors `;`-joined in one A1 (`,`-joined in records from 2000 and before), AD the record's
 * affiliations `;`-joined (older records: `Unit!City` entries joined by `,`, kept as printed), OP the
 * page range (`1106-1111+1117`), `vo` in lower case, LA `中文;`.
 * Not mapped, with the reason: SR and DS (the source type and database), A2-A5 (editors,
 * supervisors, translators: not authors), CN (CN serial number: no identifier the graph keys
 * journals by), LK/UL/URL (addresses), CL (degree), FD (the full date: the year is kept from YR),
 * PB for theses (the degree-granting university is not a journal).
 */

const text = (f: TaggedField) => joinLines(f.lines);
const firstText = (fields: readonly TaggedField[]) => (fields[0] ? nonEmpty(text(fields[0])) : undefined);
const THESIS = /thesis|dissertation/i;

function journalOf(r: SourceRecord) {
  r.journal ??= { issns: [] };
  return r.journal;
}

const set = (to: string, from: string[], assign: (r: SourceRecord, v: string) => void): FieldRule<TaggedField> => ({
  from,
  to,
  apply: (f, r) => {
    for (const tag of from) {
      const v = firstText(f.filter((x) => x.tag === tag));
      if (v) return assign(r, v);
    }
  },
});

export const REFWORKS_MAPPING: ReadonlyArray<FieldRule<TaggedField>> = [
  set('publicationTypes', ['RT'], (r, v) => (r.publicationTypes = [v])),
  set('title', ['T1'], (r, v) => (r.title = v)),
  {
    from: ['A1'],
    to: 'authors (;-joined, or ,-joined in old records; Han names kept whole)',
    apply: (f, r) => {
      r.authors = f.flatMap((x) => namesIn(text(x)).map((n) => ({ ...n, affiliations: [], line: x.line })));
    },
  },
  {
    from: ['AD'],
    to: "affiliations (the only author's when there is one)",
    apply: (f, r) => {
      const texts = f.flatMap((x) => affiliationsIn(text(x))).map((t) => ({ text: t }));
      if (r.authors.length === 1 && r.authors[0]) r.authors[0].affiliations.push(...texts);
      else if (texts.length > 0) (r.affiliations ??= []).push(...texts);
    },
  },
  {
    from: ['JF', 'JO'],
    to: 'journal.title (JF), journal.abbreviation (JO)',
    apply: (f, r) => {
      if (THESIS.test(r.publicationTypes?.[0] ?? '')) return;
      const full = firstText(f.filter((x) => x.tag === 'JF'));
      const abbreviation = firstText(f.filter((x) => x.tag === 'JO'));
      if (full) journalOf(r).title = full;
      if (abbreviation && abbreviation !== full) journalOf(r).abbreviation = abbreviation;
    },
  },
  {
    from: ['SN'],
    to: 'journal.issns',
    apply: (f, r) => {
      const issns = f.flatMap((x) => issnsInText(text(x)));
      if (issns.length > 0) journalOf(r).issns.push(...issns);
    },
  },
  set('journal.publisher', ['PB'], (r, v) => {
    if (!THESIS.test(r.publicationTypes?.[0] ?? '')) journalOf(r).publisher = v;
  }),
  set('year (YR, else FD)', ['YR', 'FD'], (r, v) => {
    const y = parseYear(v);
    if (y !== undefined) r.year = y;
  }),
  set('volume', ['VO', 'vo'], (r, v) => (r.volume = v)),
  set('issue', ['IS'], (r, v) => (r.issue = v)),
  {
    from: ['OP', 'SP'],
    to: "firstPage, lastPage (OP holds CNKI's range; SP a start page)",
    apply: (f, r) => {
      const op = firstText(f.filter((x) => x.tag === 'OP'));
      const sp = firstText(f.filter((x) => x.tag === 'SP'));
      const printed = op && /\d\s*[-~]/.test(op) ? op : sp && op ? `${sp}-${op}` : (sp ?? op);
      if (printed) Object.assign(r, parsePages(printed.split('+')[0]!.replace(/~/g, '-')));
    },
  },
  set('doi', ['DO'], (r, v) => {
    const d = cleanDoi(v);
    if (d) r.doi = d;
  }),
  {
    from: ['K1'],
    to: 'subjects (keyword)',
    apply: (f, r) => {
      for (const x of f) for (const term of keywordsIn(text(x))) r.subjects.push({ kind: 'keyword', term });
    },
  },
  set('abstract', ['AB'], (r, v) => (r.abstract = v)),
  set('language', ['LA'], (r, v) => {
    const l = v.replace(/[;；]+$/, '').trim();
    if (l) r.language = l;
  }),
];
