import type {
  ArticleBibliographicFields,
  ArticleTopic,
  AuthorEntity,
  AuthorshipEntity,
  InstitutionEntity,
  JournalEntity,
  StatedArticle,
} from '../model.ts';
import { articleIdentifierKeys, authorKey, normalizeKeyText, strongestArticleId } from '../../identity/index.ts';
import { byPrecedence, precedenceOf, REFERENCE_RANK, type RankedSource } from './precedence.ts';
import { sameAuthor } from './sameAuthor.ts';

/** One source of an article with what it states. */
export interface SourceStatement extends RankedSource {
  file: string;
  article: StatedArticle;
}

/** The article's own fields, each decided by the precedence order (keywords and publication types accumulate). */
export interface ArticleFields extends ArticleBibliographicFields {
  keywords: string[];
  publicationTypes: string[];
  citedByCount?: number;
  /** The file of the most trusted source (kept for the deprecated Article.sourceFile). */
  sourceFile: string;
}

/** A merged byline position: the author, what every agreeing source says of them, and which sources those are. */
export interface MergedAuthorship extends AuthorshipEntity {
  /** Ids of the sources that state this author at this position. */
  sources: string[];
  /** Precedence rank of the source the author's name comes from. */
  rank: number;
  /** Id and import time of that source: with `rank`, what decides between this and other articles' descriptions of the author. */
  decidedBy: string;
  decidedAt: string;
}

/** A topic of the article with the sources that state it. */
export interface MergedTopic {
  topic: ArticleTopic;
  sources: string[];
  rank: number;
}

/** What the graph shows for an article: the sources' statements merged by the rules below. */
export interface ArticleView {
  fields: ArticleFields;
  /** For each field of `fields` that has a value: the id of the source it comes from (accumulated fields: the first contributor). */
  fieldSources: Record<string, string>;
  /** Every strong identifier any source states (doi:, pmid:, pmcid:, openalex:), strongest first. */
  identifiers: string[];
  /**
   * The journal, with the precedence of the source that decided it (`rank`, and that source's id and
   * import time): what decides between this article's description of the journal and other articles'.
   */
  journal?: { entity: JournalEntity; rank: number; sources: string[]; decidedBy: string; decidedAt: string };
  authorships: MergedAuthorship[];
  topics: MergedTopic[];
  /** Each with the precedence of the source it comes from (rank, that source's id and import time). */
  institutions: Array<{ entity: InstitutionEntity; rank: number; decidedBy: string; decidedAt: string }>;
}

type ScalarField =
  | 'doi'
  | 'pmid'
  | 'pmcid'
  | 'openalexId'
  | 'title'
  | 'vernacularTitle'
  | 'abstract'
  | 'language'
  | 'country'
  | 'year'
  | 'volume'
  | 'issue'
  | 'citedByCount';
const SCALAR_FIELDS: readonly ScalarField[] = [
  'doi',
  'pmid',
  'pmcid',
  'openalexId',
  'title',
  'vernacularTitle',
  'abstract',
  'language',
  'country',
  'year',
  'volume',
  'issue',
  'citedByCount',
];

/**
 * Merges what the sources of ONE article state into what the graph shows (pure; documented in
 * docs/data-model.md under "Precedence" and "Entity facts"):
 *
 * - Fields: each field takes the value of the most trusted source that states it (precedence.ts);
 *   first and last page come together from one source. Keywords, publication types and identifiers
 *   accumulate over all sources (duplicates removed).
 * - Journal: the most trusted source that states a journal decides it; other sources naming the same
 *   journal add their ISSNs.
 * - Byline: one byline, from the most trusted source that states authors. An author of another source
 *   at the same position who is the same person (sameAuthor) is merged into it: affiliations and
 *   institutions of both are kept, and an ORCID either gives identifies the author. Authors of other
 *   sources that match no one stay visible through the article's sources only.
 * - Topics accumulate over all sources, each with the sources that state it; a topic or qualifier is
 *   major when any source marks it major.
 */
export function mergeStatements(statements: readonly SourceStatement[]): ArticleView {
  const ordered = byPrecedence(statements);
  const best = ordered[0];
  if (!best) throw new Error('mergeStatements: an article needs at least one source');

  const fields: ArticleFields = {
    title: best.article.title,
    keywords: [],
    publicationTypes: [],
    sourceFile: best.file,
  };
  const fieldSources: Record<string, string> = {};
  for (const field of SCALAR_FIELDS) {
    const from = ordered.find((s) => s.article[field] !== undefined && s.article[field] !== '');
    if (from) {
      (fields as unknown as Record<string, unknown>)[field] = from.article[field];
      fieldSources[field] = from.id;
    }
  }
  const pages = ordered.find((s) => s.article.firstPage !== undefined);
  if (pages) {
    fields.firstPage = pages.article.firstPage as string;
    fieldSources['firstPage'] = pages.id;
    if (pages.article.lastPage !== undefined) {
      fields.lastPage = pages.article.lastPage;
      fieldSources['lastPage'] = pages.id;
    }
  }
  const accumulate = (field: 'keywords' | 'publicationTypes') => {
    const seen = new Set<string>();
    for (const s of ordered) {
      for (const value of s.article[field] ?? []) {
        const key = normalizeKeyText(value);
        if (seen.has(key)) continue;
        seen.add(key);
        fields[field].push(value);
        fieldSources[field] ??= s.id;
      }
    }
  };
  accumulate('keywords');
  accumulate('publicationTypes');

  const identifiers: string[] = [];
  for (const s of ordered) {
    for (const id of articleIdentifierKeys(s.article)) if (!identifiers.includes(id)) identifiers.push(id);
  }
  identifiers.sort((a, b) => (strongestArticleId([a, b]) === a ? -1 : 1));

  const view: ArticleView = {
    fields,
    fieldSources,
    identifiers,
    authorships: mergeBylines(ordered),
    topics: mergeTopics(ordered),
    institutions: [],
  };

  const journalSource = ordered.find((s) => s.article.journal);
  if (journalSource?.article.journal) {
    const chosen = journalSource.article.journal;
    const entity: JournalEntity = { ...chosen, issns: chosen.issns.map((i) => ({ ...i })) };
    const sources: string[] = [];
    for (const s of ordered) {
      const journal = s.article.journal;
      if (!journal || journal.key !== chosen.key) continue;
      sources.push(s.id);
      for (const issn of journal.issns) {
        const same = entity.issns.filter((i) => i.value === issn.value);
        const untyped = same.find((i) => !i.type);
        if (untyped && issn.type) untyped.type = issn.type;
        else if (!same.some((i) => i.type === issn.type) && !(issn.type === undefined && same.length > 0))
          entity.issns.push({ ...issn });
      }
    }
    view.journal = {
      entity,
      rank: chosen.source ? REFERENCE_RANK : precedenceOf(journalSource.format),
      sources,
      decidedBy: journalSource.id,
      decidedAt: journalSource.importedAt,
    };
  }

  // Every institution the merged byline links, with its curated parents, from the most trusted source that has it.
  const needed = new Set(view.authorships.flatMap((w) => w.institutionKeys));
  const institutions = new Map<string, ArticleView['institutions'][number]>();
  const add = (key: string) => {
    if (institutions.has(key)) return;
    for (const s of ordered) {
      const entity = s.article.institutions.find((i) => i.key === key);
      if (entity) {
        institutions.set(key, {
          entity,
          rank: entity.source ? REFERENCE_RANK : precedenceOf(s.format),
          decidedBy: s.id,
          decidedAt: s.importedAt,
        });
        if (entity.parentKey) add(entity.parentKey);
        return;
      }
    }
  };
  for (const key of needed) add(key);
  view.institutions = [...institutions.values()];
  return view;
}

function mergeBylines(ordered: readonly SourceStatement[]): MergedAuthorship[] {
  const winner = ordered.find((s) => s.article.authorships.length > 0);
  if (!winner) return [];
  const rank = precedenceOf(winner.format);
  const merged: MergedAuthorship[] = winner.article.authorships.map((w) => ({
    ...w,
    author: { ...w.author },
    institutionKeys: [...w.institutionKeys],
    markers: [...w.markers],
    ...(w.affiliations ? { affiliations: [...w.affiliations] } : {}),
    sources: [winner.id],
    rank,
    decidedBy: winner.id,
    decidedAt: winner.importedAt,
  }));
  for (const other of ordered) {
    if (other === winner) continue;
    for (const w of other.article.authorships) {
      const m = merged[w.position - 1];
      if (!m || !sameAuthor(m.author, w.author)) continue;
      m.sources.push(other.id);
      for (const key of w.institutionKeys) if (!m.institutionKeys.includes(key)) m.institutionKeys.push(key);
      for (const text of w.affiliations ?? []) {
        if (!(m.affiliations ??= []).includes(text)) m.affiliations.push(text);
      }
      if (m.markers.length === 0 && w.markers.length > 0) m.markers = [...w.markers];
      if (!m.author.orcid && w.author.orcid) m.author = withOrcid(m.author, w.author.orcid);
      if (!m.author.familyName && w.author.familyName) m.author.familyName = w.author.familyName;
      if (!m.author.givenName && w.author.givenName) m.author.givenName = w.author.givenName;
    }
  }
  for (const m of merged) {
    if (m.affiliations && m.affiliations.length > 0) m.rawAffiliation = m.affiliations.join('; ');
  }
  return merged;
}

/** An ORCID another source gives for the same person identifies the merged author (identity rules). */
function withOrcid(author: AuthorEntity, orcid: string): AuthorEntity {
  return { ...author, orcid, key: authorKey({ orcid, name: author.name }) };
}

function mergeTopics(ordered: readonly SourceStatement[]): MergedTopic[] {
  const topics = new Map<string, MergedTopic>();
  for (const s of ordered) {
    for (const t of s.article.topics) {
      const existing = topics.get(t.key);
      if (!existing) {
        const topic: ArticleTopic = { ...t, synonyms: [...t.synonyms] };
        if (t.qualifiers) topic.qualifiers = t.qualifiers.map((q) => ({ ...q }));
        topics.set(t.key, { topic, sources: [s.id], rank: t.source ? REFERENCE_RANK : precedenceOf(s.format) });
        continue;
      }
      if (!existing.sources.includes(s.id)) existing.sources.push(s.id);
      if (t.major !== undefined) existing.topic.major = existing.topic.major === true || t.major;
      for (const q of t.qualifiers ?? []) {
        const known = existing.topic.qualifiers?.find((e) => normalizeKeyText(e.name) === normalizeKeyText(q.name));
        if (!known) (existing.topic.qualifiers ??= []).push({ ...q });
        else {
          if (q.major) known.major = true;
          if (!known.ui && q.ui) known.ui = q.ui;
        }
      }
    }
  }
  return [...topics.values()];
}
