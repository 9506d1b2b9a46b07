import type { SourceAuthor, SourceJournal, SourceRecord } from '../../../model.ts';
import { authorFromInverted } from '../../common/personName.ts';
import { FieldError } from '../../common/problems.ts';
import {
  cleanDoi,
  cleanPmid,
  collapseSpace,
  issnsInText,
  nonEmpty,
  parsePages,
  parseYear,
} from '../../common/values.ts';
import type { FieldRule } from '../../common/fieldMapping.ts';
import type { TaggedField } from '../../common/taggedRecords.ts';
import { parseWosCitedReference } from './citedReference.ts';

/**
 * Web of Science field tags -> SourceRecord (Clarivate's "Web of Science Core Collection Field
 * Tags" list; the same tags head the columns of the tab-delimited export). Not mapped, with the
 * reason: RP (the reprint address repeats a C1 address), EM (e-mail addresses: personal data with
 * no place in the graph), RI (ResearcherID: not an identifier the graph keys authors by), U1/U2
 * (usage counts, which change daily), PU address lines PI/PA, SC/WC (WoS subject categories: a
 * journal classification, not the article's subject), GA/PG/NR (document delivery number, page and
 * reference counts), HC/HP/DA (highly-cited flags, export date), Z9 (times cited in all databases:
 * TC, the Core Collection count, is the one bibliometric studies report), FX (the funding text;
 * FU lists the funders it names).
 */

/** The text of a field with its continuation lines joined (TI, SO, AB wrap long values). */
export function joined(f: TaggedField): string {
  return collapseSpace(f.lines.join(' '));
}

/** Each line of a field is one value (AU, AF, CR, C1 print one author, reference or address per line). */
export function perLine(fields: readonly TaggedField[]): Array<{ value: string; line: number }> {
  return fields
    .flatMap((f) => f.lines.map((l, i) => ({ value: collapseSpace(l), line: f.oneLine ? f.line : f.line + i })))
    .filter((v) => v.value !== '');
}

/** A `;`-separated list, wrapped over lines (DE, ID, OI, FU). */
export function semicolonList(fields: readonly TaggedField[]): string[] {
  return fields
    .flatMap((f) => joined(f).split(';'))
    .map((v) => collapseSpace(v))
    .filter((v) => v !== '');
}

const firstText = (fields: readonly TaggedField[]): string | undefined =>
  fields[0] ? nonEmpty(joined(fields[0])) : undefined;

/** A name as WoS compares it across AF, C1 brackets and OI: lower-case letters and spaces only. */
function nameKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The journal of the record, built by several rules. */
function journalOf(record: SourceRecord): SourceJournal {
  record.journal ??= { issns: [] };
  return record.journal;
}

/** Authors: AF (full names) when given, else AU, paired by position; CA group authors after them. */
function authorsFrom(au: TaggedField[], af: TaggedField[]): SourceAuthor[] {
  const abbreviated = perLine(au);
  const full = perLine(af);
  const names = full.length > 0 ? full : abbreviated;
  return names.map(({ value, line }) => ({ ...authorFromInverted(value), affiliations: [], line }));
}

/**
 * C1 addresses: `[Brevik, Iver; Smith, John] Univ Oslo, Dept Phys, Oslo, Norway.` names the authors
 * (as in AF) the address is theirs; an address without brackets (records before 2008) says no whose,
 * so it is the record's, or the only author's.
 */
function applyAddresses(fields: TaggedField[], record: SourceRecord): void {
  const byName = new Map<string, SourceAuthor[]>();
  for (const a of record.authors) {
    const keys = [a.name, a.family && a.given ? `${a.family}, ${a.given}` : undefined].filter(
      (k): k is string => k !== undefined,
    );
    for (const k of keys) byName.set(nameKey(k), [...(byName.get(nameKey(k)) ?? []), a]);
  }
  for (const { value } of perLine(fields)) {
    const m = /^\[([^\]]*)\]\s*(.*)$/.exec(value);
    const text = nonEmpty(m ? m[2] : value);
    if (!text) continue;
    const owners = m?.[1] ? m[1].split(';').flatMap((n) => byName.get(nameKey(n)) ?? []) : [];
    if (owners.length > 0) {
      for (const a of new Set(owners)) if (!a.affiliations.some((x) => x.text === text)) a.affiliations.push({ text });
    } else if (record.authors.length === 1 && record.authors[0]) {
      record.authors[0].affiliations.push({ text });
    } else {
      (record.affiliations ??= []).push({ text });
    }
  }
}

/** OI `Name/0000-0002-1825-0097; ...`: each ORCID goes to the author of that name. */
function applyOrcids(fields: TaggedField[], record: SourceRecord): void {
  for (const entry of semicolonList(fields)) {
    const slash = entry.lastIndexOf('/');
    if (slash < 0) continue;
    const name = nameKey(entry.slice(0, slash));
    const orcid = entry.slice(slash + 1).trim();
    const author = record.authors.find(
      (a) => nameKey(a.name) === name || (a.family && a.given && nameKey(`${a.family}, ${a.given}`) === name),
    );
    if (author && !author.orcid) author.orcid = orcid;
  }
}

export const WOS_MAPPING: ReadonlyArray<FieldRule<TaggedField>> = [
  {
    from: ['TI'],
    to: 'title',
    apply: (f, r) => {
      r.title = firstText(f) ?? '';
    },
  },
  {
    from: ['AF', 'AU'],
    to: 'authors (AF full names, else AU; one per line)',
    apply: (f, r) => {
      r.authors = authorsFrom(
        f.filter((x) => x.tag === 'AU'),
        f.filter((x) => x.tag === 'AF'),
      );
    },
  },
  {
    from: ['CA', 'GP'],
    to: 'authors (group authors, collective)',
    apply: (f, r) => {
      for (const { value, line } of perLine(f))
        r.authors.push({ name: value, collective: true, affiliations: [], line });
    },
  },
  { from: ['C1'], to: 'authors[].affiliations (per author when bracketed), else affiliations', apply: applyAddresses },
  { from: ['OI'], to: 'authors[].orcid', apply: applyOrcids },
  {
    from: ['SO'],
    to: 'journal.title',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) journalOf(r).title = t;
    },
  },
  {
    from: ['JI', 'J9'],
    to: 'journal.abbreviation (ISO JI, else J9)',
    apply: (f, r) => {
      const t = firstText([...f.filter((x) => x.tag === 'JI'), ...f.filter((x) => x.tag === 'J9')]);
      if (t) journalOf(r).abbreviation = t;
    },
  },
  {
    from: ['SN', 'EI'],
    to: 'journal.issns (SN print, EI electronic)',
    apply: (f, r) => {
      for (const x of f)
        for (const i of issnsInText(joined(x)))
          journalOf(r).issns.push({ value: i.value, type: x.tag === 'SN' ? 'print' : 'electronic' });
    },
  },
  {
    from: ['PU'],
    to: 'journal.publisher',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) journalOf(r).publisher = t;
    },
  },
  {
    from: ['PY'],
    to: 'year',
    apply: (f, r) => {
      const y = parseYear(firstText(f));
      if (y !== undefined) r.year = y;
    },
  },
  {
    from: ['VL'],
    to: 'volume',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.volume = v;
    },
  },
  {
    from: ['IS'],
    to: 'issue',
    apply: (f, r) => {
      const v = firstText(f);
      if (v) r.issue = v;
    },
  },
  {
    from: ['BP', 'EP', 'AR'],
    to: 'firstPage, lastPage (AR, the article number, when no BP)',
    apply: (f, r) => {
      const bp = firstText(f.filter((x) => x.tag === 'BP'));
      const ep = firstText(f.filter((x) => x.tag === 'EP'));
      const ar = firstText(f.filter((x) => x.tag === 'AR'));
      if (bp) Object.assign(r, parsePages(ep ? `${bp}-${ep}` : bp));
      else if (ar) r.firstPage = ar;
    },
  },
  {
    from: ['DI'],
    to: 'doi',
    apply: (f, r) => {
      const d = cleanDoi(firstText(f));
      if (d) r.doi = d;
    },
  },
  {
    from: ['PM'],
    to: 'pmid',
    apply: (f, r) => {
      const p = cleanPmid(firstText(f));
      if (p) r.pmid = p;
    },
  },
  {
    from: ['UT'],
    to: 'accessions (wos)',
    apply: (f, r) => {
      const id = firstText(f);
      if (id) (r.accessions ??= []).push({ scheme: 'wos', id });
    },
  },
  {
    from: ['AB'],
    to: 'abstract',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.abstract = t;
    },
  },
  {
    from: ['LA'],
    to: 'language',
    apply: (f, r) => {
      const t = firstText(f);
      if (t) r.language = t;
    },
  },
  {
    from: ['DT'],
    to: 'publicationTypes',
    apply: (f, r) => {
      const types = semicolonList(f);
      if (types.length > 0) r.publicationTypes = types;
    },
  },
  {
    from: ['DE'],
    to: 'subjects (keyword: author keywords)',
    apply: (f, r) => {
      for (const term of semicolonList(f)) r.subjects.push({ kind: 'keyword', term });
    },
  },
  {
    from: ['ID'],
    to: 'subjects (indexed: Keywords Plus)',
    apply: (f, r) => {
      for (const term of semicolonList(f)) r.subjects.push({ kind: 'indexed', term });
    },
  },
  {
    from: ['FU'],
    to: 'funding',
    apply: (f, r) => {
      const funders = semicolonList(f);
      if (funders.length > 0) r.funding = funders;
    },
  },
  {
    from: ['TC'],
    to: 'citedByCount (Core Collection times cited)',
    apply: (f, r) => {
      const t = firstText(f);
      if (t === undefined) return;
      if (!/^\d+$/.test(t))
        throw new FieldError('TC', `expected a count of citing works, found "${t.slice(0, 40)}"`, f[0]?.line);
      r.citedByCount = Number(t);
    },
  },
  {
    from: ['CR'],
    to: 'references (parsed: first author, year, source, volume, first page, DOI; printed text kept)',
    apply: (f, r) => {
      for (const { value } of perLine(f)) r.references.push(parseWosCitedReference(value));
    },
  },
];
