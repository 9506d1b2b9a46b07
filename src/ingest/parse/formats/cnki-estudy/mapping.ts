import type { SourceRecord } from '../../../model.ts';
import { collapseSpace, issnsInText, nonEmpty, parsePages, parseYear, doiOrShortDoi } from '../../common/values.ts';
import { affiliationsIn, joinLines, namesIn } from '../../common/cjkLists.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import type { TaggedField } from '../../common/taggedRecords.ts';

/**
 * CNKI E-Study (`DataType: 1`, `Title-题名:`, `Author-作者:`...) -> SourceRecord. Authors, keywords
 * and affiliations are `;`-joined (with a trailing `;`); `Organ-机构` lists the record's
 * affiliations without saying whose they are (given to the author only when there is one).
 * Not mapped, with the reason: DataType (a code; `SrcDatabase-来源库` names the same kind in words,
 * and is kept), PubTime-出版时间 (the day of online publication; the year is kept), PageCount-页数
 * (derived from the pages).
 */

const text = (f: TaggedField) => joinLines(f.lines);
const firstText = (fields: readonly TaggedField[]) => (fields[0] ? nonEmpty(text(fields[0])) : undefined);
/** A CNKI record page: `...cnki.net/kcms/detail/detail.aspx?FileName=ZNYX202101034&DbName=...`. */
const CNKI_RECORD = /cnki\.net\/.*[?&]FileName=([^&#\s]+)/i;

function journalOf(r: SourceRecord) {
  r.journal ??= { issns: [] };
  return r.journal;
}

export const CNKI_ESTUDY_MAPPING: ReadonlyArray<FieldRule<TaggedField>> = [
  {
    from: ['SrcDatabase'],
    to: 'publicationTypes (the CNKI database: 期刊, 硕士, 博士, 会议, 报纸...)',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.publicationTypes = [t];
    },
  },
  {
    from: ['Title'],
    to: 'title',
    apply: (f, r) => {
      r.title = firstText(f) ?? '';
    },
  },
  {
    from: ['Author'],
    to: 'authors (;-joined; Han names kept whole)',
    apply: (f, r) => {
      r.authors = f.flatMap((x) => namesIn(text(x)).map((n) => ({ ...n, affiliations: [], line: x.line })));
    },
  },
  {
    from: ['Organ'],
    to: "affiliations (the record's; the one author's when there is one)",
    apply: (f, r) => {
      const texts = f.flatMap((x) => affiliationsIn(text(x))).map((t) => ({ text: t }));
      if (r.authors.length === 1) r.authors[0]!.affiliations.push(...texts);
      else if (texts.length > 0) (r.affiliations ??= []).push(...texts);
    },
  },
  {
    from: ['Source'],
    to: 'journal.title (not for theses: there it is the university)',
    apply: (f, r) => {
      const t = firstText(f);
      const db = r.publicationTypes?.[0] ?? '';
      if (t && !/硕士|博士|学位/.test(db)) journalOf(r).title = t;
    },
  },
  {
    from: ['ISSN'],
    to: 'journal.issns',
    apply: (f, r) => {
      const issns = f.flatMap((x) => issnsInText(text(x)));
      if (issns.length > 0) journalOf(r).issns.push(...issns);
    },
  },
  {
    from: ['Year', 'PubTime'],
    to: 'year (Year, else the year of PubTime)',
    apply: (f, r) => {
      const y =
        parseYear(firstText(f.filter((x) => x.tag === 'Year'))) ??
        parseYear(firstText(f.filter((x) => x.tag === 'PubTime')));
      if (y !== undefined) r.year = y;
    },
  },
  {
    from: ['Roll'],
    to: 'volume',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.volume = v;
    },
  },
  {
    from: ['Period'],
    to: 'issue',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.issue = v;
    },
  },
  {
    from: ['Page'],
    to: 'firstPage, lastPage (`175-177+183`: the first range)',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) Object.assign(r, parsePages(v.split('+')[0]!));
    },
  },
  {
    from: ['DOI'],
    to: 'doi (when it is one or a shortDOI)',
    apply: (f, r) => {
      const v = firstText(f);
      const doi = doiOrShortDoi(v);
      if (doi) r.doi = doi;
    },
  },
  {
    from: ['Keyword'],
    to: 'subjects (keyword, ;-joined)',
    apply: (f, r) => {
      for (const x of f) {
        for (const term of text(x).split(/[;；]/)) {
          const t = collapseSpace(term);
          if (t) r.subjects.push({ kind: 'keyword', term: t });
        }
      }
    },
  },
  {
    from: ['Summary'],
    to: 'abstract',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.abstract = t;
    },
  },
  {
    from: ['Link'],
    to: 'accessions (cnki: the FileName of a CNKI record page)',
    apply: (f, r) => {
      const id = CNKI_RECORD.exec(firstText(f) ?? '')?.[1];
      if (id) (r.accessions ??= []).push({ scheme: 'cnki', id });
    },
  },
];
