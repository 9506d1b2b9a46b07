import { normalizeDoi } from './normalizeDoi.ts';
import {
  normalizeIssn,
  normalizeMeshUi,
  normalizeOrcid,
  normalizePmcid,
  normalizePmid,
  normalizeRor,
} from './identifiers.ts';
import { normalizeKeyText } from './normalizeKeyText.ts';
import { shortHash } from './shortHash.ts';
import { slugify } from './slugify.ts';

/**
 * The identity rules: how each kind of entity gets its stable key, whatever source describes it.
 * The key (prefixed with the type, see globalId.ts) is the node's `id` and the API's global id, so
 * the same thing described by two sources is one node. Each rule takes the strongest identifier
 * first and falls back to what the source prints.
 */

/**
 * Article: normalized DOI (`doi:<lower-case DOI>`), then PubMed id (`pmid:<n>`), then PubMed
 * Central id (`pmcid:PMC<n>`), then our record key (`rec:<hash of normalized title|journal|year>`),
 * which is stable across runs and files (the same article printed twice gets the same key).
 */
export function articleKey(ids: {
  doi?: string | undefined;
  pmid?: string | undefined;
  pmcid?: string | undefined;
  title: string;
  journal?: string | undefined;
  year?: number | undefined;
}): string {
  const doi = ids.doi ? normalizeDoi(ids.doi) : undefined;
  if (doi) return doi.key;
  const pmid = ids.pmid ? normalizePmid(ids.pmid) : undefined;
  if (pmid) return `pmid:${pmid}`;
  const pmcid = ids.pmcid ? normalizePmcid(ids.pmcid) : undefined;
  if (pmcid) return `pmcid:${pmcid}`;
  return recordKey(ids.title, ids.journal, ids.year);
}

/** The article key used when nothing but the citation identifies an article. */
export function recordKey(title: string, journal: string | undefined, year: number | undefined): string {
  return `rec:${shortHash([normalizeKeyText(title), normalizeKeyText(journal ?? ''), year ?? ''].join('|'))}`;
}

/**
 * Journal: the linking ISSN (ISSN-L) when given, else the first valid ISSN (print before
 * electronic, as the caller orders them): `issn:<ISSN>`; else `title:<normalized title>`. A journal
 * known under several ISSNs is found by any of them through its aliases.
 */
export function journalKey(ids: { issnL?: string | undefined; issns?: readonly string[]; title: string }): string {
  const issn = [ids.issnL, ...(ids.issns ?? [])]
    .map((value) => (value ? normalizeIssn(value) : undefined))
    .find((value) => value !== undefined);
  return issn ? `issn:${issn}` : `title:${normalizeKeyText(ids.title)}`;
}

/**
 * Author: the ORCID iD when the source gives one (`orcid:<iD>`); otherwise the name as printed,
 * normalized (`Haoming CHEN` -> `haoming chen`). Sources without author identifiers cannot tell two
 * people with one name apart, so those are one author.
 */
export function authorKey(author: { orcid?: string | undefined; name: string }): string {
  const orcid = author.orcid ? normalizeOrcid(author.orcid) : undefined;
  return orcid ? `orcid:${orcid}` : normalizeKeyText(author.name);
}

/**
 * Institution: the ROR id when given (`ror:<id>`), else the curated entry's id, else
 * `aff:<hash of the affiliation's name part>` so the same printed unit in two records is one node.
 */
export function institutionKey(institution: {
  ror?: string | undefined;
  curatedId?: string | undefined;
  name: string;
}): string {
  const ror = institution.ror ? normalizeRor(institution.ror) : undefined;
  if (ror) return `ror:${ror}`;
  if (institution.curatedId) return institution.curatedId;
  return `aff:${shortHash(institution.name)}`;
}

/**
 * Topic: the MeSH descriptor UI (`mesh:<UI>`); a curated topic without a verified UI
 * (`topic:<slug of its name>`); an uncontrolled keyword (`kw:<normalized keyword>`).
 */
export function topicKey(topic: { meshId?: string | undefined; name: string; curated?: boolean }): string {
  const ui = topic.meshId ? normalizeMeshUi(topic.meshId) : undefined;
  if (ui) return `mesh:${ui}`;
  return topic.curated ? `topic:${slugify(topic.name)}` : `kw:${normalizeKeyText(topic.name)}`;
}

/** What a topic is, read off its key: a MeSH descriptor, a curated concept without a verified UI, or an uncontrolled keyword. */
export type TopicKind = 'mesh' | 'curated' | 'keyword';

/** The kind of a topic key made by topicKey (`mesh:` -> mesh, `kw:` -> keyword, anything else -> curated). */
export function topicKindOfKey(key: string): TopicKind {
  if (key.startsWith('mesh:')) return 'mesh';
  if (key.startsWith('kw:')) return 'keyword';
  return 'curated';
}

/** What a cited-reference string states of the work it cites (WoS CR, Scopus References, a Crossref reference without title). */
export interface CitedWorkParts {
  /** The first author as printed (`Smith J`, `Smith, J.`, `Arnaud J. A.`, `[Anonymous]`). */
  firstAuthor?: string | undefined;
  year?: number | undefined;
  /** The source (journal or book) as printed: WoS's 20-character abbreviation, Scopus's full title. */
  journal?: string | undefined;
  volume?: string | undefined;
  firstPage?: string | undefined;
}

/** Family name and first initial of a printed first author: `Smith J` / `Smith, J.` / `Smith, John` / `Arnaud J. A.` -> smith, j. */
export function citedAuthorKey(printed: string): { family: string; initial: string } | undefined {
  const text = printed.normalize('NFKC').replace(/^\*/, '').trim();
  if (text === '' || /^\[?anonymous\]?$/i.test(text)) return undefined;
  let family: string;
  let rest: string;
  const comma = text.indexOf(',');
  if (comma > 0) {
    family = text.slice(0, comma);
    rest = text.slice(comma + 1);
  } else {
    // WoS prints "Family INITIALS" (initials last, with or without dots); a single word is a family name alone.
    const m = /^(.*?\S)\s+((?:\p{Lu}\.?\s?){1,4})$/u.exec(text);
    family = m?.[1] ?? text;
    rest = m?.[2] ?? '';
  }
  const familyKey = family.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  if (familyKey === '') return undefined;
  const initial = (/\p{L}/u.exec(rest)?.[0] ?? '').toLowerCase();
  return { family: familyKey, initial };
}

/** The scheme of cited-work keys (citedWorkKey), which only references give: no record states one. */
export const CITED_WORK_SCHEME = 'cit:';

/**
 * The key of a cited work that a reference names without identifier or title: the first author's
 * family name and first initial, year, source, volume and first page, each normalized
 * (`cit:<hash>`), so the same work printed by two citing records is one node, whatever the case or
 * punctuation of the printing. Undefined unless author, year and source are stated: fewer parts
 * would make unrelated works one node.
 */
export function citedWorkKey(parts: CitedWorkParts): string | undefined {
  const author = parts.firstAuthor ? citedAuthorKey(parts.firstAuthor) : undefined;
  const source = parts.journal
    ? parts.journal
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim()
    : '';
  if (!author || parts.year === undefined || source === '') return undefined;
  const number = (v: string | undefined) =>
    (v ?? '')
      .normalize('NFKC')
      .toLowerCase()
      .replace(/^(?:v|vol\.?|p|pp\.?)\s*/, '')
      .replace(/\s+/g, '');
  return `${CITED_WORK_SCHEME}${shortHash([author.family, author.initial, parts.year, source, number(parts.volume), number(parts.firstPage)].join('|'))}`;
}
