import type { SourceReference } from '../model.ts';
import {
  aliasValue,
  articleIdentifierKeys,
  CITED_WORK_SCHEME,
  citedWorkKey,
  entityId,
  normalizeDoi,
  recordKey,
  strongestArticleId,
} from '../../identity/index.ts';
import type { Run } from './run.ts';
import { storedList } from './storedList.ts';
import { DELETE_RECORD_LINKS, DELETE_WITH_ALIASES } from './fragments.ts';
import { ARTICLES_OF_LOOKUP, UnionFind } from './resolveArticles.ts';

/**
 * The citation graph as the loader writes it: (citing:Article)-[:CITES {sources, position, text}]->(cited:Article).
 *
 * - One CITES edge per citing and cited article, whatever the number of sources or of entries of one
 *   list that name the same work (duplicates in a list are one edge); `sources` lists the ids of the
 *   sources whose reference lists state it, like `sources` on AUTHORED, HAS_TOPIC and PUBLISHED_IN.
 * - A reference names its work by DOI, PMID, PMCID or OpenAlex id, matched through the same identity
 *   rules and identifier aliases as records are (src/identity, resolveArticles). A work the graph does
 *   not have becomes a reference-only article (label `ReferenceOnly`) holding only what the reference
 *   states (identifiers, title, year, first author and journal as text; no Author or Journal node is
 *   made from a reference). When its own record is imported later, resolveArticles finds it by the same
 *   identifiers: the record is loaded onto that node, which stops being reference-only.
 * - A reference without identifiers but with a title is keyed like a record without identifiers
 *   (recordKey of title, journal, year), so a later record of that work without identifiers joins it,
 *   and two lists citing it with the same title, journal and year cite one node.
 * - A reference without identifiers or title that states its first author, year and source (a WoS `CR`
 *   entry, a Scopus `References` entry, a Crossref reference with author, year and journal) is keyed
 *   by those and its volume and first page (citedWorkKey, `cit:`), kept as an alias: every list that
 *   cites the work so is one node, as bibliometric co-citation counts it. A title keeps the record key
 *   (a later record of the work joins it); a DOI keeps the DOI, with the cited-work key as a further alias.
 * - A reference with only its printed text cannot be told apart from another printing of the same work:
 *   a node made from it would split one work into as many nodes as citation styles, inflating counts
 *   and co-citation with false precision. Its text is kept on the citing source (`referenceTexts`), so
 *   it is shown with the article and goes with the source.
 * - A reference to the citing article itself (its own identifier in its own list, a data error) is not
 *   an edge: a self-loop would count the article among its own citers and co-cited works.
 */

/** The references of one new source, to be written as CITES edges of its article. */
export interface CitingSource {
  sourceId: string;
  articleId: string;
  references: readonly SourceReference[];
}

/** How one reference is looked up: its identifier aliases and the article ids it may have. */
interface ReferenceLookup {
  /** Identifier keys (doi:, pmid:, pmcid:, openalex:), strongest first; [] for a title-only reference. */
  keys: string[];
  /** The key of a title-only reference (recordKey). */
  recordKey?: string;
}

/** What a reference resolves to: an identifier-based or record-keyed lookup, or only text. */
export function referenceLookup(ref: SourceReference): ReferenceLookup | undefined {
  const keys = articleIdentifierKeys(ref);
  const cited = citedWorkKey(ref);
  if (keys.length > 0) {
    // The cited-work key is an alias too, so that the same work cited with its DOI in one list and
    // without it in another is one node; only when volume or page make the key specific enough not
    // to join two works that have DOIs of their own.
    if (cited && (ref.volume || ref.firstPage)) keys.push(cited);
    return { keys };
  }
  if (ref.title) return { keys: [], recordKey: recordKey(ref.title, ref.journal, ref.year) };
  if (cited) return { keys: [cited] };
  return undefined;
}

/** Articles any reference of the batch names, by identifier alias or by id. */
export const FIND_CITED = `${ARTICLES_OF_LOOKUP}
RETURN l.i AS i, collect(DISTINCT a.id) AS found`;

/** Reference-only articles for works the graph lacks; an existing reference-only one gains what it lacked. */
export const WRITE_REFERENCE_ONLY = `
UNWIND $nodes AS r
MERGE (a:Article:Entity {id: r.id})
ON CREATE SET a:ReferenceOnly, a += r.props, a.titleLower = toLower(r.props.title), a.doiLower = toLower(r.props.doi)
WITH a, r
CALL (a, r) {
  WITH a, r WHERE a:ReferenceOnly
  SET a.doi = coalesce(a.doi, r.props.doi), a.pmid = coalesce(a.pmid, r.props.pmid), a.pmcid = coalesce(a.pmcid, r.props.pmcid),
      a.openalexId = coalesce(a.openalexId, r.props.openalexId), a.year = coalesce(a.year, r.props.year),
      a.referenceAuthor = coalesce(a.referenceAuthor, r.props.referenceAuthor), a.referenceJournal = coalesce(a.referenceJournal, r.props.referenceJournal),
      a.title = CASE WHEN a.titleStated THEN a.title ELSE r.props.title END, a.titleStated = coalesce(a.titleStated, false) OR r.props.titleStated
  SET a.titleLower = toLower(a.title), a.doiLower = toLower(a.doi)
}
WITH a, r
UNWIND r.aliases AS v
MERGE (al:Alias {value: v})
MERGE (al)-[:ALIAS_OF]->(a)`;

/**
 * CITES edges, each source id listed once; the first source's position and text stay, and what the
 * references state of the cited work (title, year, first author, journal, volume, first page: `ref*`,
 * not shown as edge properties) is kept so that a cited article whose record is retracted shows only
 * that again, as it showed before the record came (referenceProps).
 */
export const WRITE_CITES = `
UNWIND $edges AS e
MATCH (a:Article {id: e.from}), (b:Article {id: e.to})
MERGE (a)-[c:CITES]->(b)
SET c.sources = CASE WHEN e.source IN coalesce(c.sources, []) THEN c.sources ELSE coalesce(c.sources, []) + e.source END,
    c.position = coalesce(c.position, e.position), c.text = coalesce(c.text, e.text),
    c.refTitle = coalesce(c.refTitle, e.title), c.refYear = coalesce(c.refYear, e.year),
    c.refAuthor = coalesce(c.refAuthor, e.author), c.refJournal = coalesce(c.refJournal, e.journal),
    c.refVolume = coalesce(c.refVolume, e.volume), c.refFirstPage = coalesce(c.refFirstPage, e.firstPage)`;

/** The printed texts of references without identifiers or title, on their source. */
export const WRITE_REFERENCE_TEXTS = `
UNWIND $sources AS s
MATCH (n:Source {id: s.id})
SET n.referenceTexts = s.texts, n.referenceCount = s.count`;

/**
 * Articles that lose all their sources: the ones still cited stay, as reference-only articles. Their
 * record's links and fields go; title, year, first author and journal become what the citing
 * references state (kept on the CITES edges); identifiers stay, as the aliases references found them by.
 */
export const DEMOTE_CITED = `
UNWIND $articleIds AS id
MATCH (a:Article {id: id})
WHERE NOT EXISTS { (:Source)-[:DESCRIBES]->(a) } AND EXISTS { (:Article)-[:CITES]->(a) }
${DELETE_RECORD_LINKS}
SET a:ReferenceOnly, a.abstract = null, a.vernacularTitle = null, a.language = null, a.country = null, a.volume = null,
    a.issue = null, a.firstPage = null, a.lastPage = null, a.keywords = null, a.keywordsText = null, a.publicationTypes = null,
    a.citedByCount = null, a.sourceFile = null, a.fieldSources = null, a.sourceCount = 0
WITH a
CALL (a) {
  MATCH (:Article)-[c:CITES]->(a)
  RETURN head(collect(c.refTitle)) AS title, head(collect(c.text)) AS text, head(collect(c.refYear)) AS year,
         head(collect(c.refAuthor)) AS author, head(collect(c.refJournal)) AS journal,
         head(collect(c.refVolume)) AS volume, head(collect(c.refFirstPage)) AS firstPage
}
SET a.title = coalesce(title, text, a.doi, a.pmid, a.id), a.titleStated = title IS NOT NULL, a.year = year,
    a.referenceAuthor = author, a.referenceJournal = journal, a.volume = volume, a.firstPage = firstPage, a.titleLower = toLower(coalesce(title, text, a.doi, a.pmid, a.id))
RETURN a.id AS id`;

/**
 * Removes the given sources' statements from CITES edges (before the sources go): an edge no source
 * states any more goes. Returns the articles that lost a citation (reference-only orphan candidates).
 */
export const RETRACT_CITES = `
UNWIND $sourceIds AS sid
MATCH (:Source {id: sid})-[:DESCRIBES]->(a:Article)-[c:CITES]->(b:Article)
WHERE sid IN c.sources
SET c.sources = [x IN c.sources WHERE x <> sid]
WITH c, b
CALL (c) {
  WITH c WHERE size(c.sources) = 0
  DELETE c
}
RETURN collect(DISTINCT b.id) AS cited`;

/**
 * Reference-only articles nothing cites any more go, with their aliases that point at nothing else.
 * Matched as Article by id (the indexed key) and then tested for the label: `(n:ReferenceOnly {id})`
 * has no index and scanned every reference-only article once per id, so loads slowed as they grew.
 */
export const DELETE_UNCITED = `
UNWIND $ids AS id
MATCH (n:Article {id: id})
WHERE n:ReferenceOnly AND NOT EXISTS { (:Article)-[:CITES]->(n) } AND NOT EXISTS { (:Source)-[:DESCRIBES]->(n) }
${DELETE_WITH_ALIASES}`;

/** Edge `k` takes what moved edge `c` states: its sources added, the reference's own fields where `k` has none. */
const MERGE_CITES_INTO_K = `SET k.sources = reduce(acc = coalesce(k.sources, []), x IN c.sources | CASE WHEN x IN acc THEN acc ELSE acc + x END),
      k.position = coalesce(k.position, c.position), k.text = coalesce(k.text, c.text), k.refTitle = coalesce(k.refTitle, c.refTitle),
      k.refYear = coalesce(k.refYear, c.refYear), k.refAuthor = coalesce(k.refAuthor, c.refAuthor), k.refJournal = coalesce(k.refJournal, c.refJournal),
      k.refVolume = coalesce(k.refVolume, c.refVolume), k.refFirstPage = coalesce(k.refFirstPage, c.refFirstPage)`;

/** Articles folded into another keep their citations: edges in and out move to the survivor (self-loops dropped). */
export const FOLD_CITES = `
UNWIND $merges AS m
MATCH (keep:Article {id: m.survivor}), (gone:Article {id: m.victim})
CALL (keep, gone) {
  MATCH (gone)-[c:CITES]->(b)
  WHERE b <> keep
  MERGE (keep)-[k:CITES]->(b)
  ${MERGE_CITES_INTO_K}
}
CALL (keep, gone) {
  MATCH (b)-[c:CITES]->(gone)
  WHERE b <> keep
  MERGE (b)-[k:CITES]->(keep)
  ${MERGE_CITES_INTO_K}
}
CALL (keep) {
  // The survivor described by a record is a full article again.
  WITH keep WHERE keep:ReferenceOnly AND EXISTS { (:Source)-[:DESCRIBES]->(keep) }
  REMOVE keep:ReferenceOnly
}`;

/** Articles with a record again are no longer reference-only (the record's view was just written onto the node); matched by the indexed Article id, as above. */
export const PROMOTE = `
UNWIND $articleIds AS id
MATCH (a:Article {id: id})
WHERE a:ReferenceOnly AND EXISTS { (:Source)-[:DESCRIBES]->(a) }
REMOVE a:ReferenceOnly
SET a.referenceAuthor = null, a.referenceJournal = null, a.titleStated = null`;

/** Moves the CITES edges of articles about to be folded into their survivors (run before the fold). */
export async function foldCitations(
  run: Run,
  merges: ReadonlyArray<{ survivor: string; victims: string[] }>,
): Promise<void> {
  const pairs = merges.flatMap((m) => m.victims.map((victim) => ({ survivor: m.survivor, victim })));
  if (pairs.length > 0) await run(FOLD_CITES, { merges: pairs });
}

/** Removes what the given sources state about citations; returns the cited articles that lost an edge. */
export async function retractCitations(run: Run, sourceIds: readonly string[]): Promise<string[]> {
  if (sourceIds.length === 0) return [];
  const [row] = await run<{ cited: string[] }>(RETRACT_CITES, { sourceIds });
  return row?.cited ?? [];
}

/** Articles left without a source that are still cited become reference-only (run after their sources are gone, before they would be deleted). */
export async function demoteCitedArticles(run: Run, articleIds: readonly string[]): Promise<string[]> {
  if (articleIds.length === 0) return [];
  const rows = await run<{ id: string }>(DEMOTE_CITED, { articleIds });
  return rows.map((r) => r.id);
}

/**
 * A cited-work key (`cit:`) is an alias only references give (no record states one), so a record
 * written onto the article keeps it (WRITE_ARTICLES drops only the aliases records gave); it goes
 * when nothing cites the article any more. Without that, a record arriving for a reference-only
 * work dropped the key, a later list citing the work the same way without its DOI (a WoS `CR` entry)
 * made a second node of it, and retracting the record did not give back the graph it came to.
 */
export const DROP_UNCITED_WORK_KEYS = `
UNWIND $ids AS id
MATCH (n:Article {id: id})
WHERE NOT n:ReferenceOnly AND NOT EXISTS { (:Article)-[:CITES]->(n) }
MATCH (al:Alias)-[r:ALIAS_OF]->(n)
WHERE al.value STARTS WITH '${CITED_WORK_SCHEME}'
DELETE r
WITH DISTINCT al
WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
DELETE al`;

/** Removes reference-only articles no longer cited, and the cited-work keys of recorded articles no longer cited. */
export async function deleteUncited(run: Run, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const unique = [...new Set(ids)];
  await run(DROP_UNCITED_WORK_KEYS, { ids: unique });
  await run(DELETE_UNCITED, { ids: unique });
}

/** The properties a reference-only article takes from one reference. */
export function referenceProps(ref: SourceReference, keys: readonly string[]) {
  const doi = ref.doi ? normalizeDoi(ref.doi)?.doi : undefined;
  const label = ref.title ?? ref.text ?? keys[0] ?? '';
  return {
    doi: doi ?? null,
    pmid: keys.find((k) => k.startsWith('pmid:'))?.slice(5) ?? null,
    pmcid: keys.find((k) => k.startsWith('pmcid:'))?.slice(6) ?? null,
    openalexId: keys.find((k) => k.startsWith('openalex:'))?.slice(9) ?? null,
    // Every article has a title to show; a reference without one is shown by its printed text or identifier (titleStated false).
    title: label,
    titleStated: ref.title !== undefined,
    year: ref.year ?? null,
    referenceAuthor: ref.firstAuthor ?? null,
    referenceJournal: ref.journal ?? null,
    volume: ref.volume ?? null,
    firstPage: ref.firstPage ?? null,
    sourceCount: 0,
  };
}

/**
 * Writes the CITES edges of new sources (after their articles are written, so a work cited within
 * the batch that arrived as a record is found as that article), creating reference-only articles for
 * works the graph does not have. References of one batch naming the same work through any shared
 * identifier are one work. Returns nothing; the statement count does not grow with the batch.
 */
export async function writeCitations(run: Run, sources: readonly CitingSource[]): Promise<void> {
  const { texts, nodes, edges } = await planCitations(sources, (lookups) =>
    run<{ i: number; found: string[] }>(FIND_CITED, { lookups }),
  );
  if (texts.length > 0) await run(WRITE_REFERENCE_TEXTS, { sources: texts });
  if (nodes.length > 0) await run(WRITE_REFERENCE_ONLY, { nodes });
  if (edges.length > 0) await run(WRITE_CITES, { edges });
}

/** One lookup of cited works: identifier aliases and candidate article ids (as in ARTICLES_OF_LOOKUP). */
export interface CitedLookup {
  i: number;
  aliases: string[];
  ids: string[];
}

/** A CITES edge one source states. */
export interface CitationEdge {
  from: string;
  to: string;
  source: string;
  position: number;
  text: string | null;
  title: string | null;
  year: number | null;
  author: string | null;
  journal: string | null;
  volume: string | null;
  firstPage: string | null;
}

/** What writeCitations writes: reference texts on sources, reference-only articles, CITES edges (in this order). */
export interface CitationPlan {
  texts: Array<{ id: string; texts: readonly string[] | null; count: number }>;
  nodes: Array<{ id: string; props: ReturnType<typeof referenceProps>; aliases: string[] }>;
  edges: CitationEdge[];
}

/**
 * Decides the citation writes of new sources; `find` says which existing articles each lookup names
 * (FIND_CITED in the transactional loader, the planned graph in the bulk path), so both share one rule.
 */
export async function planCitations(
  sources: readonly CitingSource[],
  find: (
    lookups: CitedLookup[],
  ) => Promise<ReadonlyArray<{ i: number; found: string[] }>> | ReadonlyArray<{ i: number; found: string[] }>,
): Promise<CitationPlan> {
  type Entry = { s: number; position: number; ref: SourceReference; lookup: ReferenceLookup };
  const entries: Entry[] = [];
  const texts: Array<{ id: string; texts: readonly string[] | null; count: number }> = [];
  sources.forEach((source, s) => {
    const textOnly: string[] = [];
    source.references.forEach((ref, i) => {
      const lookup = referenceLookup(ref);
      if (lookup) entries.push({ s, position: i + 1, ref, lookup });
      else if (ref.text) textOnly.push(ref.text);
    });
    if (source.references.length > 0)
      texts.push({ id: source.sourceId, texts: storedList(textOnly), count: source.references.length });
  });
  if (entries.length === 0) return { texts, nodes: [], edges: [] };

  // One lookup per distinct identifier set.
  const groups = new UnionFind();
  const keyOf = (e: Entry) => (e.lookup.keys.length > 0 ? e.lookup.keys : [e.lookup.recordKey!]);
  for (const e of entries) {
    const keys = keyOf(e);
    for (const k of keys.slice(1)) groups.union(keys[0]!, k);
  }
  const roots = [...new Set(entries.map((e) => groups.find(keyOf(e)[0]!)))];
  const members = new Map<string, Set<string>>(roots.map((r) => [r, new Set()]));
  for (const e of entries) for (const k of keyOf(e)) members.get(groups.find(keyOf(e)[0]!))!.add(k);
  const lookups = roots.map((root, i) => {
    const keys = [...members.get(root)!];
    const strong = keys.filter((k) => !k.startsWith('rec:'));
    return { i, aliases: strong.map(aliasValue), ids: keys.map((k) => entityId('Article', k)) };
  });
  const rows = await find(lookups);
  const found = new Map(rows.map((r) => [r.i, r.found]));
  const targetOfRoot = new Map<string, { id: string; exists: boolean }>();
  roots.forEach((root, i) => {
    const existing = strongestArticleId(found.get(i) ?? []);
    if (existing) targetOfRoot.set(root, { id: existing, exists: true });
    else targetOfRoot.set(root, { id: strongestArticleId(lookups[i]!.ids)!, exists: false });
  });

  const nodes = new Map<string, { id: string; props: ReturnType<typeof referenceProps>; aliases: string[] }>();
  const edges = new Map<string, CitationEdge>();
  for (const e of entries) {
    const source = sources[e.s]!;
    const target = targetOfRoot.get(groups.find(keyOf(e)[0]!))!;
    if (target.id === source.articleId) continue; // the article's own identifier in its own list
    if (!target.exists) {
      const known = nodes.get(target.id);
      const strong = e.lookup.keys;
      if (!known)
        nodes.set(target.id, { id: target.id, props: referenceProps(e.ref, strong), aliases: strong.map(aliasValue) });
      else {
        known.aliases = [...new Set([...known.aliases, ...strong.map(aliasValue)])];
        // Another printing of the same work may state what the first lacked (a WoS CR with its DOI after one without).
        const more = referenceProps(e.ref, strong);
        const props = known.props as Record<string, unknown>;
        for (const [k, v] of Object.entries(more)) if (props[k] === null && v !== null) props[k] = v;
        if (!known.props.titleStated && more.titleStated)
          Object.assign(known.props, { title: more.title, titleStated: true });
      }
    }
    const key = `${source.sourceId}\u0000${target.id}`;
    if (!edges.has(key)) {
      edges.set(key, {
        from: source.articleId,
        to: target.id,
        source: source.sourceId,
        position: e.position,
        text: e.ref.text ?? null,
        title: e.ref.title ?? null,
        year: e.ref.year ?? null,
        author: e.ref.firstAuthor ?? null,
        journal: e.ref.journal ?? null,
        volume: e.ref.volume ?? null,
        firstPage: e.ref.firstPage ?? null,
      });
    }
  }
  return { texts, nodes: [...nodes.values()], edges: [...edges.values()] };
}

/** Articles written from records again stop being reference-only. */
export async function promoteRecorded(run: Run, articleIds: readonly string[]): Promise<void> {
  if (articleIds.length > 0) await run(PROMOTE, { articleIds });
}
