import type { SourceRecord } from '../../../model.ts';
import { issnsInText, nonEmpty, parsePages, parseYear, doiOrShortDoi } from '../../common/values.ts';
import { affiliationsIn, joinLines, hasHan, keywordsIn, namesIn, putTranslatedNames } from '../../common/cjkLists.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import type { TaggedField } from '../../common/taggedRecords.ts';

/**
 * EndNote tagged text ("Refer/BibIX": `%0 Journal Article`, `%A`, `%T`...) -> SourceRecord, with the
 * habits of the Chinese databases that export it: CNKI (`%W CNKI`; `%A` one author per line or
 * `;`-joined; `%+` the record's affiliations `;`-joined; `%R` the DOI; `%L` the CN serial number)
 * and Wanfang (`%W 北京万方数据股份有限公司`; one `%+` per author, in byline order; `%J` twice, the
 * journal's Chinese title then its English one; `%H` the authors' names in pinyin).
 * `%H` is kept as each author's translatedName, by position, only when the record has exactly as
 * many as `%A` authors (with another count which pinyin is whose is not stated, so none is kept). It
 * stays with this source's statement of the author: the Author node, its key and search know the
 * printed name only.
 * Not mapped, with the reason: %Y and %E (supervisors and editors, not authors), %L (CN serial number:
 * no identifier the graph keys journals by), %U (address), %W and %~ (the database), %9 (degree),
 * %C and %? (conference place and organiser), %I for theses (the degree-granting university is
 * not a journal).
 */

const text = (f: TaggedField) => joinLines(f.lines);
const firstText = (fields: readonly TaggedField[]) => (fields[0] ? nonEmpty(text(fields[0])) : undefined);

/** Reference types that are no journal article: their %J/%I is the university or publisher, not a journal. */
const THESIS = /thesis|dissertation/i;

function journalOf(r: SourceRecord) {
  r.journal ??= { issns: [] };
  return r.journal;
}

export const ENDNOTE_MAPPING: ReadonlyArray<FieldRule<TaggedField>> = [
  {
    from: ['0'],
    to: 'publicationTypes',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.publicationTypes = [t];
    },
  },
  {
    from: ['T'],
    to: 'title',
    apply: (f, r) => {
      r.title = firstText(f) ?? '';
    },
  },
  {
    from: ['A'],
    to: 'authors (one per %A, or ;-joined; Han names kept whole)',
    apply: (f, r) => {
      r.authors = f.flatMap((x) => namesIn(text(x)).map((n) => ({ ...n, affiliations: [], line: x.line })));
    },
  },
  {
    from: ['H'],
    to: 'authors[].translatedName (one %H per %A author, in byline order; none when the counts differ)',
    apply: (f, r) => putTranslatedNames(r.authors, f.map(text)),
  },
  {
    from: ['+'],
    to: 'authors[].affiliations when there is one %+ per author (Wanfang), else affiliations',
    apply: (f, r) => {
      const perAuthor = f.length > 1 && f.length === r.authors.length;
      f.forEach((x, i) => {
        const texts = affiliationsIn(text(x)).map((t) => ({ text: t }));
        const author = perAuthor ? r.authors[i] : r.authors.length === 1 ? r.authors[0] : undefined;
        if (author) author.affiliations.push(...texts);
        else (r.affiliations ??= []).push(...texts);
      });
    },
  },
  {
    from: ['J', 'B'],
    to: 'journal.title (the Latin %J when two are given, the Chinese one as localTitle; %B for proceedings)',
    apply: (f, r) => {
      if (THESIS.test(r.publicationTypes?.[0] ?? '')) return;
      const titles = f
        .filter((x) => x.tag === 'J')
        .map(text)
        .filter((t) => t !== '');
      const latin = titles.find((t) => !hasHan(t));
      const han = titles.find((t) => hasHan(t));
      const container = latin ?? han ?? firstText(f.filter((x) => x.tag === 'B'));
      if (!container) return;
      journalOf(r).title = container;
      if (latin && han) journalOf(r).localTitle = han;
    },
  },
  {
    from: ['@'],
    to: 'journal.issns',
    apply: (f, r) => {
      const issns = f.flatMap((x) => issnsInText(text(x)));
      if (issns.length > 0) journalOf(r).issns.push(...issns);
    },
  },
  {
    from: ['I'],
    to: 'journal.publisher',
    apply: (f, r) => {
      const p = firstText(f);
      if (p && !THESIS.test(r.publicationTypes?.[0] ?? '')) journalOf(r).publisher = p;
    },
  },
  {
    from: ['D', '8'],
    to: 'year (%D, else the date %8)',
    apply: (f, r) => {
      const y =
        parseYear(firstText(f.filter((x) => x.tag === 'D'))) ?? parseYear(firstText(f.filter((x) => x.tag === '8')));
      if (y !== undefined) r.year = y;
    },
  },
  {
    from: ['V'],
    to: 'volume',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.volume = v;
    },
  },
  {
    from: ['N'],
    to: 'issue',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.issue = v;
    },
  },
  {
    from: ['P'],
    to: 'firstPage, lastPage (CNKI `118-120+123`: the first range)',
    apply: (f, r) => {
      // CNKI repeats %P for proceedings (page count, then range): the range is the one with a dash.
      const values = f.map(text);
      const range = values.find((v) => /\d\s*[-~]\s*\d/.test(v)) ?? values[0];
      if (range) Object.assign(r, parsePages(range.split('+')[0]!.replace(/~/g, '-')));
    },
  },
  {
    from: ['R'],
    to: 'doi (when it is one or a shortDOI)',
    apply: (f, r) => {
      const v = firstText(f);
      const doi = doiOrShortDoi(v);
      if (doi) r.doi = doi;
    },
  },
  {
    from: ['K'],
    to: 'subjects (keyword)',
    apply: (f, r) => {
      for (const x of f) for (const term of keywordsIn(text(x))) r.subjects.push({ kind: 'keyword', term });
    },
  },
  {
    from: ['X'],
    to: 'abstract',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.abstract = t;
    },
  },
  {
    from: ['G'],
    to: 'language',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.language = t;
    },
  },
];
