import type { SourceRecord } from '../../../model.ts';
import { collapseSpace, issnsInText, nonEmpty, parsePages, parseYear, doiOrShortDoi } from '../../common/values.ts';
import { affiliationsIn, hasHan, joinLines, namesIn, putTranslatedNames } from '../../common/cjkLists.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import type { TaggedField } from '../../common/taggedRecords.ts';

/**
 * NoteExpress tagged text (`{Reference Type}: Journal Article`, `{Title}:`, `{Author}:`...) ->
 * SourceRecord, with the habits of the databases that export it: Wanfang (one `{Author}`, one
 * `{Author Address}` and one `{Keywords}` line per value, the address lines in byline order; the
 * journal's Chinese `{Journal}` and English `{Translated Journal}`; an English `{Translated Title}`)
 * and CNKI (`;`-joined authors, addresses and keywords on one line).
 * `{Translated Author}` (Wanfang's pinyin, `Wenjie JIANG`) is kept as each author's translatedName,
 * by position, only when the record has exactly as many as `{Author}` authors (with another count
 * which name is whose is not stated, so none is kept). It stays with this source's statement of the
 * author: the Author node, its key and search know the printed name only.
 * Not mapped, with the reason: `{Translated Abstract}` (the graph keeps one abstract, the record's
 * own), `{Database Provider}` (the database, not the work), `{Notes}` (CNKI: the CN serial number, no
 * identifier the graph keys journals by).
 */

const text = (f: TaggedField) => joinLines(f.lines);
const firstText = (fields: readonly TaggedField[]) => (fields[0] ? nonEmpty(text(fields[0])) : undefined);
const only = (fields: readonly TaggedField[], tag: string) => fields.filter((f) => f.tag === tag);
/** Wanfang's record page: `...wanfangdata.com.cn/details/detail.do?_type=perio&id=<record id>`. */
const WANFANG_RECORD = /wanfangdata\.com\.cn\/.*[?&]id=([^&#\s]+)/;

function journalOf(r: SourceRecord) {
  r.journal ??= { issns: [] };
  return r.journal;
}

export const NOTEEXPRESS_MAPPING: ReadonlyArray<FieldRule<TaggedField>> = [
  {
    from: ['Reference Type'],
    to: 'publicationTypes',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.publicationTypes = [t];
    },
  },
  {
    from: ['Title', 'Translated Title'],
    to: 'title (the English {Translated Title} when given, the printed {Title} then as vernacularTitle), else {Title}',
    apply: (f, r) => {
      // As PubMed and WPRIM state a Chinese article: the English title, and the original beside it.
      const printed = firstText(only(f, 'Title'));
      const translated = firstText(only(f, 'Translated Title'));
      if (printed && translated && translated !== printed) {
        r.title = translated;
        r.vernacularTitle = printed;
      } else {
        r.title = printed ?? translated ?? '';
      }
    },
  },
  {
    from: ['Author'],
    to: 'authors (one per {Author} line, or ;-joined; Han names kept whole)',
    apply: (f, r) => {
      r.authors = f.flatMap((x) => namesIn(text(x)).map((n) => ({ ...n, affiliations: [], line: x.line })));
    },
  },
  {
    from: ['Translated Author'],
    to: 'authors[].translatedName (one per {Author}, in byline order; none when the counts differ)',
    apply: (f, r) => putTranslatedNames(r.authors, f.map(text)),
  },
  {
    from: ['Author Address'],
    to: 'authors[].affiliations when there is one {Author Address} per author (Wanfang), else affiliations',
    apply: (f, r) => {
      const perAuthor = f.length === r.authors.length;
      f.forEach((x, i) => {
        const texts = affiliationsIn(text(x)).map((t) => ({ text: t }));
        const author = perAuthor ? r.authors[i] : undefined;
        if (author) author.affiliations.push(...texts);
        else (r.affiliations ??= []).push(...texts);
      });
    },
  },
  {
    from: ['Journal', 'Translated Journal'],
    to: 'journal.title (the English {Translated Journal} when given, the Chinese {Journal} as localTitle)',
    apply: (f, r) => {
      const printed = firstText(only(f, 'Journal'));
      const translated = firstText(only(f, 'Translated Journal'));
      const title = translated ?? printed;
      if (!title) return;
      journalOf(r).title = title;
      if (translated && printed && printed !== translated && hasHan(printed)) journalOf(r).localTitle = printed;
    },
  },
  {
    from: ['ISBN/ISSN', 'ISSN'],
    to: 'journal.issns',
    apply: (f, r) => {
      const issns = f.flatMap((x) => issnsInText(text(x)));
      if (issns.length > 0) journalOf(r).issns.push(...issns);
    },
  },
  {
    from: ['Publisher'],
    to: 'journal.publisher',
    apply: (f, r) => {
      const p = firstText(f);
      if (p) journalOf(r).publisher = p;
    },
  },
  {
    from: ['Year'],
    to: 'year',
    apply: (f, r) => {
      const y = parseYear(firstText(f));
      if (y !== undefined) r.year = y;
    },
  },
  {
    from: ['Volume'],
    to: 'volume',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.volume = v;
    },
  },
  {
    from: ['Issue'],
    to: 'issue',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.issue = v;
    },
  },
  {
    from: ['Pages'],
    to: 'firstPage, lastPage (`187-188,195`: the first range)',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) Object.assign(r, parsePages(v.split(/[,+，]/)[0]!));
    },
  },
  {
    from: ['DOI'],
    to: 'doi (full-width characters read as their ASCII forms: Wanfang prints `10.3969／j.issn.1672－187X...`)',
    apply: (f, r) => {
      const v = firstText(f)?.normalize('NFKC');
      const doi = doiOrShortDoi(v);
      if (doi) r.doi = doi;
    },
  },
  {
    from: ['Keywords', 'Translated Keywords'],
    to: 'subjects (keyword; the Chinese ones, then the English ones)',
    apply: (f, r) => {
      // One keyword per line (Wanfang) or `;`-joined (CNKI); a space inside one is part of it (`MR I`).
      for (const tag of ['Keywords', 'Translated Keywords']) {
        for (const x of only(f, tag)) {
          for (const term of text(x).split(/[;；]/)) {
            const t = collapseSpace(term);
            if (t) r.subjects.push({ kind: 'keyword', term: t });
          }
        }
      }
    },
  },
  {
    from: ['Abstract'],
    to: 'abstract',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.abstract = t;
    },
  },
  {
    from: ['URL'],
    to: 'accessions (wanfang: the record id of a Wanfang record page)',
    apply: (f, r) => {
      const id = WANFANG_RECORD.exec(firstText(f) ?? '')?.[1];
      if (id) (r.accessions ??= []).push({ scheme: 'wanfang', id });
    },
  },
  {
    from: ['Language'],
    to: 'language',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.language = t;
    },
  },
];
