import type { JournalEntity, RecordFormat, SourceReference, StatedArticle, TopicEntity } from '../model.ts';
import {
  aliasValue,
  CITED_WORK_SCHEME,
  entityId,
  journalIdentifierKeys,
  journalKey,
  topicKindOfKey,
} from '../../identity/index.ts';
import { mergeStatements, type ArticleView, type SourceStatement } from '../merge/mergeStatements.ts';
import { precedenceOf } from '../merge/precedence.ts';
import type { ArticleState } from './articleState.ts';
import {
  deleteUncited,
  demoteCitedArticles,
  foldCitations,
  promoteRecorded,
  retractCitations,
  writeCitations,
} from './citations.ts';
import {
  DELETE_RECORD_LINKS,
  DELETE_WITH_ALIASES,
  factsDecide,
  LINK_JOURNAL_IDENTIFIERS,
  SET_AUTHOR_FACTS,
  SET_INSTITUTION_FACTS,
  SET_JOURNAL_FACTS,
  FOLD_ALIASES,
} from './fragments.ts';
import {
  authorFacts,
  institutionFacts,
  journalFacts,
  precedes,
  statedIssns,
  type AuthorFacts,
  type Description,
  type InstitutionFacts,
  type JournalFacts,
} from '../merge/entityDescriptions.ts';
import { authorRow, FOLD_JOURNALS, institutionRow, journalRow, recomputeEntities } from './entityFacts.ts';
import type { Run } from './run.ts';
import type { SourceNode } from '../../graph/index.ts';
import { storedList } from './storedList.ts';

/** One import: one CLI run, one API call, or the service's first-start seed. Every source it asserts carries its id. */
export interface ImportContext {
  /** `import:<time>:<random>`: what a retraction names. */
  importId: string;
  /** ISO 8601 time the import started. */
  importedAt: string;
  /** Who imported: the operating-system user for the CLI, the token's name for the API. */
  importedBy: string;
  /** How: "cli", "service" (first-start seed), "api", "test". */
  tool: string;
}

/** A Source node to create: one record's statement about one article. */
export interface NewSource {
  id: string;
  articleId: string;
  format: RecordFormat;
  file: string;
  line: number | null;
  index: number;
  contentHash: string;
  stated: StatedArticle;
  /** `stated` as JSON, as stored on the Source node. */
  statement: string;
  /** The record's reference list (written as CITES edges, see citations.ts). */
  references?: readonly SourceReference[];
}

/** Everything one write transaction changes, decided before the first write. */
export interface WritePlan {
  /** Existing articles found to be one: each victim's sources and aliases move to the survivor, then the victim goes. */
  merges: Array<{ survivor: string; victims: string[] }>;
  /** Sources replaced or retracted. */
  deleteSources: string[];
  createSources: NewSource[];
  /** Unchanged sources seen again: position refreshed, marked as seen by this import. */
  touchSources: Array<{ id: string; line: number | null; index: number }>;
  /** Articles whose view is rebuilt from these (final) sources; an article with none left is removed. */
  articles: Array<{ id: string; sources: SourceStatement[] }>;
  /** The state before the write of every article the plan touches (victims included): what may become an orphan. */
  previous: ArticleState[];
}

// ---------------------------------------------------------------------------------------------
// Identity of journals: the same journal under another key (print vs linking ISSN) is found by alias.

/**
 * Journals named by ISSN identifier aliases or by id, and the ISSN-keyed journals that carry a title
 * (`titles`: alias values; answered with `via` = "title:" + the value).
 */
export const FIND_JOURNALS = `
CALL () {
  UNWIND $aliases AS v
  MATCH (:Alias {value: v})-[:ALIAS_OF]->(n:Journal)
  RETURN v AS via, n.id AS id
  UNION
  UNWIND $ids AS v
  MATCH (n:Journal {id: v})
  RETURN v AS via, n.id AS id
  UNION
  UNWIND $titles AS v
  MATCH (:Alias {value: v})-[:ALIAS_OF]->(n:Journal)
  WHERE n.id STARTS WITH 'Journal:issn:'
  RETURN 'title:' + v AS via, n.id AS id
}
RETURN via, collect(id) AS ids`;

/** A journal node found to be another: its articles and aliases move to the survivor, then it goes. */
export interface JournalFold {
  survivor: string;
  victim: string;
}

/**
 * Gives every journal of the articles' statements the key of the journal node it is (see
 * assignJournalKeys), and says which journal nodes of the graph the statements show to be one.
 * Returns copies; the statements as stored keep the key their record gave.
 */
async function resolveJournalKeys<A extends { sources: SourceStatement[] }>(
  run: Run,
  articles: readonly A[],
): Promise<{ articles: A[]; folds: JournalFold[] }> {
  const journals = articles.flatMap((a) => a.sources.flatMap((s) => (s.article.journal ? [s.article.journal] : [])));
  if (journals.length === 0) return assignJournalKeys(articles, []);
  const aliases = [...new Set(journals.flatMap((j) => journalIdentifiers(j).map(aliasValue)))];
  const ids = [
    ...new Set(
      journals.flatMap((j) => [j.key, titleKey(j), ...journalIdentifiers(j)].map((k) => entityId('Journal', k))),
    ),
  ];
  const titles = [...new Set(journals.map((j) => aliasValue(j.title)))];
  const rows = await run<{ via: string; ids: string[] }>(FIND_JOURNALS, { aliases, ids, titles });
  return assignJournalKeys(articles, rows);
}

const journalIdentifiers = (j: JournalEntity) => journalIdentifierKeys({ issns: j.issns.map((i) => i.value) });
/** The key a journal would have from its title alone (what a record without ISSN gives it). */
const titleKey = (j: JournalEntity) => journalKey({ title: j.title });

/**
 * The pure part of resolveJournalKeys: `rows` are the journals the graph has under the statements' ISSN
 * aliases, ids and titles (none in an empty graph). Shared with the bulk path (src/ingest/load/bulk).
 *
 * A journal with an ISSN takes the key of the node an ISSN of it already names (linking ISSN first,
 * then print, then electronic), else the one another statement of this write chose for one of its
 * ISSNs, else its own. A journal with only a title joins the one journal with an ISSN that carries that
 * title (in the graph or in this write), if there is exactly one: with two, the title cannot say which,
 * and it stays apart. When a journal with an ISSN is thus the only one of its title and the graph has a
 * node keyed by that title alone (written before the ISSN was known), that node folds into it, as
 * articles found to be one do.
 */
export function assignJournalKeys<A extends { sources: SourceStatement[] }>(
  articles: readonly A[],
  rows: ReadonlyArray<{ via: string; ids: readonly string[] }>,
): { articles: A[]; folds: JournalFold[] } {
  const copies = articles.map((a) => ({
    ...a,
    sources: a.sources.map((s) =>
      s.article.journal ? { ...s, article: { ...s.article, journal: { ...s.article.journal } } } : s,
    ),
  }));
  const journals = copies.flatMap((a) => a.sources.flatMap((s) => (s.article.journal ? [s.article.journal] : [])));
  if (journals.length === 0) return { articles: copies, folds: [] };
  const inGraph = new Map(rows.filter((r) => !r.via.startsWith('title:')).map((r) => [r.via, [...r.ids].sort()[0]!]));
  // Journals with an ISSN that carry a title, by the title's alias value: in the graph, then in this write.
  const byTitle = new Map<string, Set<string>>();
  const claim = (title: string, id: string) => {
    let ids = byTitle.get(title);
    if (!ids) byTitle.set(title, (ids = new Set()));
    ids.add(id);
  };
  for (const r of rows) if (r.via.startsWith('title:')) for (const id of r.ids) claim(r.via.slice('title:'.length), id);
  const chosen = new Map<string, string>();
  const resolve = (journal: JournalEntity, keys: readonly string[]) => {
    let key: string | undefined;
    for (const k of [...keys, journal.key]) {
      key = chosen.get(k);
      if (key) break;
      const id = inGraph.get(aliasValue(k)) ?? inGraph.get(entityId('Journal', k));
      if (id) {
        key = id.slice('Journal:'.length);
        break;
      }
    }
    key ??= journal.key;
    for (const k of [...keys, journal.key]) if (!chosen.has(k)) chosen.set(k, key);
    journal.key = key;
  };
  const withIssn = journals.filter((j) => journalIdentifiers(j).length > 0);
  for (const journal of withIssn) {
    resolve(journal, journalIdentifiers(journal));
    if (journal.key.startsWith('issn:')) claim(aliasValue(journal.title), entityId('Journal', journal.key));
  }
  for (const journal of journals.filter((j) => journalIdentifiers(j).length === 0)) {
    const candidates = byTitle.get(aliasValue(journal.title));
    if (candidates?.size === 1) journal.key = [...candidates][0]!.slice('Journal:'.length);
    else resolve(journal, []);
  }
  const folds = new Map<string, JournalFold>();
  for (const journal of withIssn) {
    const survivor = entityId('Journal', journal.key);
    const victim = inGraph.get(entityId('Journal', titleKey(journal)));
    const candidates = byTitle.get(aliasValue(journal.title));
    if (victim && victim !== survivor && candidates?.size === 1 && candidates.has(survivor))
      folds.set(victim, { survivor, victim });
  }
  return { articles: copies, folds: [...folds.values()] };
}

// ---------------------------------------------------------------------------------------------
// Entity writes, in ONE statement (each part a unit subquery: round trips dominate a batch's cost).
// Each entity's properties come from the most trusted description of it: a write only replaces them
// when its rank (precedence.ts; 0 = curated reference data) is at least as good. Journals,
// institutions and authors compare the whole precedence order (rank, import time, source id), as their
// recomputation after a retraction does (entityFacts.ts), so the outcome never depends on write order.

const WRITE_ENTITIES = `
CALL () {
  UNWIND $topics AS t
  MERGE (n:Topic:Entity {id: t.id})
  WITH n, t WHERE n.rank IS NULL OR t.rank <= n.rank
  SET n.name = t.name, n.nameLower = toLower(t.name), n.meshId = t.meshId, n.synonyms = t.synonyms,
      n.synonymsText = t.synonymsText, n.source = t.source, n.kind = t.kind, n.rank = t.rank
}
CALL () {
  UNWIND $journals AS j
  MERGE (n:Journal:Entity {id: j.id})
  WITH n, j WHERE ${factsDecide('j')}
  ${SET_JOURNAL_FACTS}
}
CALL () {
  UNWIND $journals AS j
  MATCH (n:Journal {id: j.id})
  // Left out when empty, as Neo4j's import tool does on the bulk path (storedList.ts).
  WITH n, j, COLLECT { UNWIND coalesce(n.statedIssns, []) + j.statedIssns AS v RETURN DISTINCT v ORDER BY v } AS stated
  SET n.statedIssns = CASE WHEN size(stated) = 0 THEN null ELSE stated END
  WITH n, j
  ${LINK_JOURNAL_IDENTIFIERS}
}
CALL () {
  UNWIND $institutions AS i
  MERGE (n:Institution:Entity {id: i.id})
  WITH n, i WHERE ${factsDecide('i')}
  ${SET_INSTITUTION_FACTS}
}
CALL () {
  // The PART_OF link of the description that decided (the one just written).
  UNWIND $institutions AS i
  MATCH (n:Institution {id: i.id}) WHERE n.rank = i.rank AND n.decidedBy = i.decidedBy AND n.decidedAt = i.decidedAt
  OPTIONAL MATCH (n)-[old:PART_OF]->()
  DELETE old
  WITH DISTINCT n, i
  WHERE i.parentId IS NOT NULL
  MATCH (p:Institution {id: i.parentId})
  MERGE (n)-[:PART_OF]->(p)
}
CALL () {
  UNWIND $authors AS au
  MERGE (n:Author:Entity {id: au.id})
  WITH n, au WHERE ${factsDecide('au')}
  ${SET_AUTHOR_FACTS}
}
CALL () {
  // Names, synonyms, MeSH UIs, ISSNs, ORCIDs and ROR ids, lower-cased, as exact-lookup keys.
  UNWIND $entities AS e
  MATCH (n:Entity {id: e.id})
  UNWIND e.aliases AS alias
  MERGE (a:Alias {value: alias})
  MERGE (a)-[:ALIAS_OF]->(n)
}`;

// ---------------------------------------------------------------------------------------------
// Article writes.

/** Folds articles found to be one: sources and aliases move to the survivor, the victim goes. */
const FOLD_ARTICLES = `
UNWIND $merges AS m
MATCH (keep:Article {id: m.survivor}), (gone:Article {id: m.victim})
CALL (keep, gone) {
  MATCH (s:Source)-[d:DESCRIBES]->(gone)
  MERGE (s)-[:DESCRIBES]->(keep)
  DELETE d
}
${FOLD_ALIASES}`;

/**
 * Sources replaced or retracted go; then articles left without any source, unless other articles
 * cite them: those stay as reference-only articles (citations.ts, demoteCitedArticles).
 */
const DELETE_SOURCES = `
CALL () {
  UNWIND $sourceIds AS id
  MATCH (s:Source {id: id})
  DETACH DELETE s
}
CALL () {
  UNWIND $articleIds AS id
  MATCH (a:Article {id: id})
  WHERE NOT EXISTS { (:Source)-[:DESCRIBES]->(a) } AND NOT EXISTS { (:Article)-[:CITES]->(a) }
  DETACH DELETE a
}`;

/**
 * Articles' views (properties, byline, topics, journal, each link with the sources stating it, and
 * their identifier aliases), the new sources, the import, and the authors' derived affiliations.
 */
const WRITE_ARTICLES = `
CALL () {
  UNWIND $articles AS art
  MERGE (a:Article:Entity {id: art.id})
  SET a += art.props, a.doiLower = toLower(art.props.doi), a.titleLower = toLower(art.props.title)
  WITH a, art
  ${DELETE_RECORD_LINKS}
  CALL (a, art) {
    UNWIND art.authorships AS w
    MATCH (au:Author {id: w.authorId})
    CREATE (au)-[:AUTHORED {position: w.position, rawAffiliation: w.rawAffiliation, markers: w.markers,
      institutionIds: w.institutionIds, sources: w.sources, facts: w.facts, decidedBy: w.decidedBy, decidedAt: w.decidedAt,
      institutionFacts: w.institutionFacts, institutionDecidedBy: w.institutionDecidedBy, institutionDecidedAt: w.institutionDecidedAt}]->(a)
  }
  CALL (a, art) {
    UNWIND art.topics AS t
    MATCH (topic:Topic {id: t.id})
    CREATE (a)-[:HAS_TOPIC {position: t.position, sources: t.sources, major: t.major, qualifiers: t.qualifiers,
      qualifierUis: t.qualifierUis, majorQualifiers: t.majorQualifiers}]->(topic)
  }
  CALL (a, art) {
    MATCH (j:Journal {id: art.journalId})
    CREATE (a)-[:PUBLISHED_IN {sources: art.journalSources, facts: art.journalFacts, decidedBy: art.journalDecidedBy, decidedAt: art.journalDecidedAt}]->(j)
  }
  CALL (a, art) {
    OPTIONAL MATCH (al:Alias)-[r:ALIAS_OF]->(a)
    WHERE NOT al.value IN art.aliases AND NOT al.value STARTS WITH '${CITED_WORK_SCHEME}'
    DELETE r
  }
  CALL (a, art) {
    UNWIND art.aliases AS v
    MERGE (al:Alias {value: v})
    MERGE (al)-[:ALIAS_OF]->(a)
  }
}
CALL () {
  UNWIND $sources AS s
  MATCH (a:Article {id: s.articleId})
  MERGE (n:Source {id: s.id})
  SET n += s.props
  MERGE (n)-[:DESCRIBES]->(a)
}
CALL () {
  UNWIND $touched AS s
  MATCH (n:Source {id: s.id})
  SET n.line = s.line, n.index = s.index, n.seenIn = $importId
}
CALL () {
  UNWIND CASE WHEN size($sources) > 0 THEN [1] ELSE [] END AS x
  MERGE (i:Import {id: $importId})
  ON CREATE SET i.startedAt = $importedAt, i.importedBy = $importedBy, i.tool = $tool
}
CALL () {
  // An author's AFFILIATED_WITH links are derived from the institutions their authorships mark, so
  // they are recomputed from scratch for the authors of articles that existed before this write (a
  // corrected record may drop one).
  UNWIND $authorIds AS authorId
  MATCH (au:Author {id: authorId})
  CALL (au) {
    OPTIONAL MATCH (au)-[old:AFFILIATED_WITH]->()
    DELETE old
  }
  CALL (au) {
    // All of the author's links were just deleted: CREATE, as MERGE would scan a big institution's links.
    MATCH (au)-[w:AUTHORED]->()
    UNWIND w.institutionIds AS institutionId
    MATCH (i:Institution {id: institutionId})
    WITH i, count(*) AS articles
    CREATE (au)-[:AFFILIATED_WITH {articles: articles}]->(i)
  }
}
CALL () {
  // Authors whose only articles in this write are new ones: their links can only grow, by what the
  // new authorships mark (counted as above), so they are added to instead of recomputed (a
  // recomputation reads every article of a prolific author at every batch it appears in).
  UNWIND $affiliationGains AS g
  MATCH (au:Author {id: g.authorId})
  UNWIND g.institutions AS x
  MATCH (i:Institution {id: x.id})
  CALL (au, i, x) {
    // Found from the author's side (few links), not by matching the pair (a big institution has many).
    OPTIONAL MATCH (au)-[r:AFFILIATED_WITH]->(j:Institution)
    WHERE j.id = x.id
    SET r.articles = r.articles + x.articles
    WITH r WHERE r IS NULL
    CREATE (au)-[:AFFILIATED_WITH {articles: x.articles}]->(i)
  }
}`;

// ---------------------------------------------------------------------------------------------
// Orphans: entities nothing refers to any more are removed, with their aliases, so counts stay exact.

/** Removes the candidates in `$<list>` that match `condition` (a predicate on n), then their aliases that point at nothing. */
function deleteOrphans(label: string, list: string, condition: string): string {
  return `
CALL () {
  UNWIND $${list} AS id
  MATCH (n:${label} {id: id})
  WHERE ${condition}
${DELETE_WITH_ALIASES}
}`;
}

/**
 * Every orphan check in one statement. Vocabulary topics are reference data and stay; topics that
 * only records brought go with their last article. An institution stays while it or any unit below
 * it has an affiliated author (candidates and their parents are checked).
 */
const DELETE_ORPHANS = `${deleteOrphans('Author', 'authorIds', 'NOT EXISTS { (n)-[:AUTHORED]->() }')}
${deleteOrphans('Journal', 'journalIds', 'NOT EXISTS { (n)<-[:PUBLISHED_IN]-() }')}
${deleteOrphans('Topic', 'topicIds', 'NOT EXISTS { (n)<-[:HAS_TOPIC]-() } AND coalesce(n.vocabulary, false) = false')}
CALL () {
  UNWIND $institutionIds AS id
  MATCH (c:Institution {id: id})
  MATCH (c)-[:PART_OF*0..8]->(n:Institution)
  WITH DISTINCT n
  WHERE NOT EXISTS { MATCH (n)<-[:PART_OF*0..8]-(m:Institution) WHERE EXISTS { (m)<-[:AFFILIATED_WITH]-(:Author) } }
${DELETE_WITH_ALIASES}
}
CALL () {
  UNWIND $aliasValues AS v
  MATCH (al:Alias {value: v})
  WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
  DELETE al
}
CALL () {
  // An import whose every source was replaced or retracted has nothing left to say.
  UNWIND $importIds AS id
  MATCH (i:Import {id: id})
  WHERE NOT EXISTS { MATCH (s:Source {importId: id}) }
  DELETE i
}`;

// ---------------------------------------------------------------------------------------------

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

export function topicParams(topic: TopicEntity, rank: number) {
  return {
    id: entityId('Topic', topic.key),
    name: topic.name,
    meshId: topic.meshId ?? null,
    synonyms: topic.synonyms,
    synonymsText: topic.synonyms.join(' ; '),
    source: topic.source ?? null,
    kind: topicKindOfKey(topic.key),
    rank,
    aliases: unique([topic.name, ...topic.synonyms, ...(topic.meshId ? [topic.meshId] : [])].map(aliasValue)),
  };
}

/** An article view's journal as a description (what its PUBLISHED_IN link keeps). */
function journalDescription(journal: NonNullable<ArticleView['journal']>): Description<JournalFacts> {
  return {
    facts: journalFacts(journal.entity, journal.rank),
    decidedBy: journal.decidedBy,
    decidedAt: journal.decidedAt,
  };
}

/** A byline position's author as a description (what its AUTHORED link keeps). */
function authorDescription(w: ArticleView['authorships'][number]): Description<AuthorFacts> {
  return { facts: authorFacts(w.author, w.rank), decidedBy: w.decidedBy, decidedAt: w.decidedAt };
}

/** An institution of an article view as a description (what the AUTHORED links that mark it keep). */
function institutionDescription(i: ArticleView['institutions'][number]): Description<InstitutionFacts> {
  return { facts: institutionFacts(i.entity, i.rank), decidedBy: i.decidedBy, decidedAt: i.decidedAt };
}

export function articleParams(id: string, view: ArticleView, sourceCount: number) {
  const f = view.fields;
  const institutions = new Map(view.institutions.map((i) => [i.entity.key, institutionDescription(i)]));
  // Parallel to institutionIds (lists cannot hold nulls: "" marks an institution no source describes, never expected).
  const institutionList = <T>(keys: readonly string[], pick: (d: Description<InstitutionFacts>) => T, none: T) =>
    keys.map((key) => {
      const d = institutions.get(key);
      return d ? pick(d) : none;
    });
  return {
    id,
    props: {
      doi: f.doi ?? null,
      pmid: f.pmid ?? null,
      pmcid: f.pmcid ?? null,
      openalexId: f.openalexId ?? null,
      title: f.title,
      vernacularTitle: f.vernacularTitle ?? null,
      abstract: f.abstract ?? null,
      language: f.language ?? null,
      country: f.country ?? null,
      year: f.year ?? null,
      volume: f.volume ?? null,
      issue: f.issue ?? null,
      firstPage: f.firstPage ?? null,
      lastPage: f.lastPage ?? null,
      keywords: f.keywords,
      keywordsText: f.keywords.join(' ; '),
      publicationTypes: storedList(f.publicationTypes),
      citedByCount: f.citedByCount ?? null,
      sourceFile: f.sourceFile,
      fieldSources: JSON.stringify(view.fieldSources),
      sourceCount,
    },
    journalId: view.journal ? entityId('Journal', view.journal.entity.key) : null,
    journalSources: view.journal?.sources ?? [],
    // The article's own description of its journal: what the journal is recomputed from when a source goes.
    journalFacts: view.journal ? JSON.stringify(journalFacts(view.journal.entity, view.journal.rank)) : null,
    journalDecidedBy: view.journal?.decidedBy ?? null,
    journalDecidedAt: view.journal?.decidedAt ?? null,
    topics: view.topics.map((t, i) => ({
      id: entityId('Topic', t.topic.key),
      position: i + 1,
      sources: t.sources,
      major: t.topic.major ?? null,
      qualifiers: storedList((t.topic.qualifiers ?? []).map((q) => q.name)),
      qualifierUis: storedList((t.topic.qualifiers ?? []).map((q) => q.ui ?? '')),
      majorQualifiers: storedList((t.topic.qualifiers ?? []).filter((q) => q.major).map((q) => q.name)),
    })),
    authorships: view.authorships.map((w) => ({
      authorId: entityId('Author', w.author.key),
      position: w.position,
      rawAffiliation: w.rawAffiliation ?? null,
      markers: w.markers,
      institutionIds: w.institutionKeys.map((key) => entityId('Institution', key)),
      sources: w.sources,
      // The article's own descriptions of the author and of the institutions: what they are recomputed from when a source goes.
      facts: JSON.stringify(authorFacts(w.author, w.rank)),
      decidedBy: w.decidedBy,
      decidedAt: w.decidedAt,
      institutionFacts: institutionList(w.institutionKeys, (d) => JSON.stringify(d.facts), ''),
      institutionDecidedBy: institutionList(w.institutionKeys, (d) => d.decidedBy, ''),
      institutionDecidedAt: institutionList(w.institutionKeys, (d) => d.decidedAt, ''),
    })),
    // Strong identifiers only: a record key finds its article by id (Article:rec:...), see resolveArticles.
    aliases: unique(view.identifiers.map(aliasValue)),
  };
}

/** Each rebuilt article's view, merged from its final sources. */
export function mergeViews(
  articles: ReadonlyArray<{ id: string; sources: SourceStatement[] }>,
): Array<{ id: string; sourceCount: number; view: ArticleView }> {
  return articles.map((a) => ({ id: a.id, sourceCount: a.sources.length, view: mergeStatements(a.sources) }));
}

/**
 * The entity rows of one write: each entity once, from its most trusted description among the views.
 * Journals, institutions and authors by the whole precedence order, as their recomputation decides
 * (entityFacts.ts). The aliases are those of every description in the write, not only the deciding
 * one's: an entity is found by every name and identifier any article gives it, as after a
 * recomputation, and one write of two records links what two writes would. Shared with the bulk
 * path (src/ingest/load/bulk).
 */
export function entityRows(views: ReadonlyArray<{ view: ArticleView }>) {
  const best = <T>(map: Map<string, { entity: T; rank: number }>, key: string, entity: T, rank: number) => {
    const known = map.get(key);
    if (!known || rank < known.rank) map.set(key, { entity, rank });
  };
  const decide = <F extends { rank: number }>(
    map: Map<string, Description<F>>,
    key: string,
    description: Description<F>,
  ) => {
    const known = map.get(key);
    if (!known || precedes(description, known)) map.set(key, description);
  };
  const topics = new Map<string, { entity: TopicEntity; rank: number }>();
  const journals = new Map<string, Description<JournalFacts>>();
  const journalIssns = new Map<string, Description<JournalFacts>[]>();
  const institutions = new Map<string, Description<InstitutionFacts>>();
  const authors = new Map<string, Description<AuthorFacts>>();
  const aliases = new Map<string, Set<string>>();
  const addAliases = (row: { id: string; aliases: readonly string[] }) => {
    let known = aliases.get(row.id);
    if (!known) aliases.set(row.id, (known = new Set()));
    for (const alias of row.aliases) known.add(alias);
  };
  for (const { view } of views) {
    for (const t of view.topics) {
      best(topics, t.topic.key, t.topic, t.rank);
      addAliases(topicParams(t.topic, t.rank));
    }
    if (view.journal) {
      const d = journalDescription(view.journal);
      decide(journals, view.journal.entity.key, d);
      journalIssns.set(view.journal.entity.key, [...(journalIssns.get(view.journal.entity.key) ?? []), d]);
      addAliases(journalRow(entityId('Journal', view.journal.entity.key), d));
    }
    for (const i of view.institutions) {
      const d = institutionDescription(i);
      decide(institutions, i.entity.key, d);
      addAliases(institutionRow(entityId('Institution', i.entity.key), d));
    }
    for (const w of view.authorships) {
      const d = authorDescription(w);
      decide(authors, w.author.key, d);
      addAliases(authorRow(entityId('Author', w.author.key), d));
    }
  }
  const topicRows = [...topics.values()].map((t) => topicParams(t.entity, t.rank));
  const journalRows = [...journals].map(([key, d]) => ({
    ...journalRow(entityId('Journal', key), d),
    statedIssns: statedIssns(journalIssns.get(key) ?? []),
  }));
  const institutionRows = [...institutions].map(([key, d]) => institutionRow(entityId('Institution', key), d));
  const authorRows = [...authors].map(([key, d]) => authorRow(entityId('Author', key), d));
  const aliasRows = [...aliases]
    .filter(([, values]) => values.size > 0)
    .map(([id, values]) => ({ id, aliases: [...values] }));
  return { topicRows, journalRows, institutionRows, authorRows, aliasRows };
}

/**
 * Derived affiliations: recomputed for every author of an article that existed before (its byline
 * may have changed), added to for the others (new articles only add authorships).
 */
export function affiliationChanges(
  views: ReadonlyArray<{ id: string; view: ArticleView }>,
  previous: readonly ArticleState[],
) {
  const existed = new Set(previous.map((p) => p.id));
  const recomputed = new Set(previous.flatMap((p) => p.authorIds));
  for (const { id, view } of views)
    if (existed.has(id)) for (const w of view.authorships) recomputed.add(entityId('Author', w.author.key));
  const gains = new Map<string, Map<string, number>>();
  for (const { id, view } of views) {
    if (existed.has(id)) continue;
    for (const w of view.authorships) {
      const authorId = entityId('Author', w.author.key);
      if (recomputed.has(authorId) || w.institutionKeys.length === 0) continue;
      let counts = gains.get(authorId);
      if (!counts) gains.set(authorId, (counts = new Map()));
      for (const key of w.institutionKeys) {
        const institutionId = entityId('Institution', key);
        counts.set(institutionId, (counts.get(institutionId) ?? 0) + 1);
      }
    }
  }
  const affiliationGains = [...gains].map(([authorId, counts]) => ({
    authorId,
    institutions: [...counts].map(([id, articles]) => ({ id, articles })),
  }));
  return { recomputed: [...recomputed], affiliationGains };
}

/** A new Source node's properties as written. */
export function sourceRow(
  s: NewSource,
  ctx: ImportContext,
): { id: string; articleId: string; props: Omit<SourceNode, 'id'> } {
  return {
    id: s.id,
    articleId: s.articleId,
    props: {
      format: s.format,
      file: s.file,
      line: s.line,
      index: s.index,
      rank: precedenceOf(s.format),
      importedAt: ctx.importedAt,
      importedBy: ctx.importedBy,
      importId: ctx.importId,
      seenIn: ctx.importId,
      contentHash: s.contentHash,
      statement: s.statement,
    },
  };
}

/** What applyPlan did, for reports. */
export interface PlanResult {
  /** Articles that now exist with these ids (rewritten). */
  written: string[];
  /** Articles removed (no source left, or folded into another). */
  removed: string[];
}

/**
 * Carries out a write plan inside the caller's transaction: folds, source deletions, entity and
 * article writes (each article's view merged from its final sources), new sources, derived
 * affiliations and orphan removal. Everything is UNWIND-batched: the number of statements does not
 * grow with the number of articles.
 */
export async function applyPlan(run: Run, plan: WritePlan, ctx: ImportContext): Promise<PlanResult> {
  const removed: string[] = [];
  if (plan.merges.length > 0) {
    await foldCitations(run, plan.merges);
    await run(FOLD_ARTICLES, {
      merges: plan.merges.flatMap((m) => m.victims.map((victim) => ({ survivor: m.survivor, victim }))),
    });
    removed.push(...plan.merges.flatMap((m) => m.victims));
  }
  const emptied = plan.articles.filter((a) => a.sources.length === 0).map((a) => a.id);
  const uncited = await retractCitations(run, plan.deleteSources);
  if (plan.deleteSources.length > 0 || emptied.length > 0) {
    await run(DELETE_SOURCES, { sourceIds: plan.deleteSources, articleIds: emptied });
    const kept = new Set(await demoteCitedArticles(run, emptied));
    removed.push(...emptied.filter((id) => !kept.has(id)));
  }

  const { articles: rebuilt, folds } = await resolveJournalKeys(
    run,
    plan.articles.filter((a) => a.sources.length > 0),
  );
  if (folds.length > 0) await run(FOLD_JOURNALS, { folds });
  const views = mergeViews(rebuilt);
  const { topicRows, journalRows, institutionRows, authorRows, aliasRows } = entityRows(views);
  // Sent now and awaited below with the article write: Neo4j writes the entities while the article
  // parameters are built (the transaction runs its statements in the order sent).
  const entitiesWritten =
    topicRows.length + journalRows.length + institutionRows.length + authorRows.length > 0
      ? run(WRITE_ENTITIES, {
          topics: topicRows,
          journals: journalRows,
          institutions: institutionRows,
          authors: authorRows,
          entities: aliasRows,
        })
      : undefined;
  entitiesWritten?.catch(() => undefined); // awaited (and thrown) below; no unhandled rejection meanwhile

  const { recomputed, affiliationGains } = affiliationChanges(views, plan.previous);
  if (views.length > 0 || plan.createSources.length > 0 || plan.touchSources.length > 0 || removed.length > 0) {
    const articlesWritten = run(WRITE_ARTICLES, {
      articles: views.map((v) => articleParams(v.id, v.view, v.sourceCount)),
      sources: plan.createSources.map((s) => sourceRow(s, ctx)),
      touched: plan.touchSources,
      authorIds: recomputed,
      affiliationGains,
      importId: ctx.importId,
      importedAt: ctx.importedAt,
      importedBy: ctx.importedBy,
      tool: ctx.tool,
    });
    articlesWritten.catch(() => undefined);
    await entitiesWritten; // a failure of the entity write is the one to report: the article write fails with it
    await articlesWritten;
  } else await entitiesWritten;

  if (views.length > 0)
    await promoteRecorded(
      run,
      views.map((v) => v.id),
    );
  const citing = plan.createSources.filter((s) => (s.references?.length ?? 0) > 0);
  if (citing.length > 0)
    await writeCitations(
      run,
      citing.map((s) => ({ sourceId: s.id, articleId: s.articleId, references: s.references! })),
    );
  await deleteUncited(run, uncited);

  // Orphans: what the previous state linked and nothing refers to any more.
  const candidates = (pick: (p: ArticleState) => string[]) => unique(plan.previous.flatMap(pick));
  // Journals, authors and institutions an article linked before this write may have lost the
  // description that decided them or gave them an alias: they are recomputed from the descriptions
  // their articles keep (entityFacts.ts). New links only add: WRITE_ENTITIES has applied them.
  await recomputeEntities(run, {
    // A journal that another folded into now has the other's articles' descriptions too.
    journalIds: unique([...candidates((p) => p.journalIds), ...folds.map((f) => f.survivor)]),
    authorIds: candidates((p) => p.authorIds),
    institutionIds: candidates((p) => p.institutionIds),
  });
  const deleted = new Set(plan.deleteSources);
  const orphanParams = {
    authorIds: candidates((p) => p.authorIds),
    journalIds: candidates((p) => p.journalIds),
    topicIds: candidates((p) => p.topicIds),
    institutionIds: candidates((p) => p.institutionIds),
    aliasValues: candidates((p) => p.aliasValues),
    importIds: unique(
      plan.previous.flatMap((p) =>
        p.sources.filter((s) => deleted.has(s.id) && s.importId).map((s) => s.importId as string),
      ),
    ),
  };
  if (Object.values(orphanParams).some((list) => list.length > 0)) await run(DELETE_ORPHANS, orphanParams);

  return { written: views.map((v) => v.id), removed };
}
