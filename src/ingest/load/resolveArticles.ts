import type { NormalizedArticle } from '../model.ts';
import { aliasValue, articleIdentifierKeys, entityId, strongestArticleId } from '../../identity/index.ts';
import { articleStateProjection, type ArticleState } from './articleState.ts';
import type { Run } from './run.ts';

/** Where each statement of a batch goes, and which existing articles its identifiers join. */
export interface ArticleTargets {
  /** Article id per statement, in batch order. */
  targets: string[];
  /** Existing articles that one statement's identifiers showed to be the same: each victim is folded into its survivor. */
  merges: Array<{ survivor: string; victims: string[] }>;
  /** The state of every existing article a statement goes to, victims included (read in the same round trip). */
  states: Map<string, ArticleState>;
}

/**
 * The articles one lookup `l` (`aliases`: identifier alias values, `ids`: candidate ids) names, as `a`:
 * the one rule by which records and references find the article they describe or cite.
 */
export const ARTICLES_OF_LOOKUP = `
UNWIND $lookups AS l
CALL (l) {
  UNWIND l.aliases AS v
  MATCH (:Alias {value: v})-[:ALIAS_OF]->(a:Article)
  RETURN a
  UNION
  UNWIND l.ids AS candidate
  MATCH (a:Article {id: candidate})
  RETURN a
}`;

/**
 * Existing articles named by any identifier: through the identifier aliases the loader keeps on every
 * article, and by id (articles keyed by an identifier, also those loaded before aliases were kept).
 */
export const FIND_ARTICLES = `${ARTICLES_OF_LOOKUP}
WITH l, a, EXISTS { MATCH (al:Alias)-[:ALIAS_OF]->(a) WHERE al.value STARTS WITH 'doi:' OR al.value STARTS WITH 'pmid:' OR al.value STARTS WITH 'pmcid:' OR al.value STARTS WITH 'openalex:' } AS identified
RETURN l.i AS i, l.weak AS weak, collect(DISTINCT {id: a.id, identified: identified, state: ${articleStateProjection('a')}}) AS found`;

/** Disjoint sets of ids: records (or references) found to name one article end in one set. */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let root = this.parent.get(x) ?? x;
    if (root !== x) {
      root = this.find(root);
      this.parent.set(x, root);
    }
    return root;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(ra, rb);
  }
}

/**
 * The identity step of a load: which article each statement describes. A statement is the same article
 * as an existing one when ANY of its strong identifiers (DOI, PMID, PMCID, OpenAlex id) names it, and as
 * another statement of the batch when they share one. A statement that names no existing article that
 * way finds it by its record key (normalized title, journal, year): the article keyed by it; a statement
 * with identifiers joins that way only an article without identifiers (so two same-titled notices with
 * different DOIs never join). When one
 * statement's identifiers name two existing articles, they are one article: the one with the strongest
 * key survives and the others are folded into it (their sources move over, nothing is lost).
 */
export async function resolveArticles(run: Run, articles: readonly NormalizedArticle[]): Promise<ArticleTargets> {
  const strongKeys = articles.map((a) => articleIdentifierKeys(a));
  const lookups = articles.flatMap((a, i) => {
    const weak = { i, weak: true, aliases: [] as string[], ids: [entityId('Article', a.recordKey)] };
    const keys = strongKeys[i]!;
    return keys.length > 0
      ? [{ i, weak: false, aliases: keys.map(aliasValue), ids: keys.map((k) => entityId('Article', k)) }, weak]
      : [weak];
  });
  const rows = await run<{
    i: number;
    weak: boolean;
    found: Array<{ id: string; identified: boolean; state: ArticleState }>;
  }>(FIND_ARTICLES, { lookups });
  const allStates = new Map(rows.flatMap((r) => r.found.map((f) => [f.id, f.state] as const)));
  const { targets, merges } = assignTargets(articles, rows);
  const needed = new Set([...targets, ...merges.flatMap((m) => m.victims)]);
  const states = new Map([...allStates].filter(([id]) => needed.has(id)));
  return { targets, merges, states };
}

/** What the identity lookup found for one statement: by its strong identifiers (`weak` false) or by its record key. */
export interface FoundArticles {
  i: number;
  weak: boolean;
  found: ReadonlyArray<{ id: string; identified: boolean }>;
}

/**
 * The pure part of resolveArticles: given what the lookup found in the graph (nothing, for an empty
 * graph), which article each statement goes to and which existing articles fold into one. Shared by
 * the transactional loader and the bulk path (src/ingest/load/bulk), so identity has one definition.
 */
export function assignTargets(
  articles: readonly NormalizedArticle[],
  rows: readonly FoundArticles[],
): Pick<ArticleTargets, 'targets' | 'merges'> {
  const strongKeys = articles.map((a) => articleIdentifierKeys(a));
  const strongFound = new Map(rows.filter((r) => !r.weak).map((r) => [r.i, r.found.map((f) => f.id)]));
  const weakFound = new Map(rows.filter((r) => r.weak).map((r) => [r.i, r.found]));
  /**
   * The article a record key names: the article keyed by it (a record without identifiers loaded
   * earlier). A record with identifiers joins that way only while that article has no identifier of
   * its own, so articles with different DOIs never join by title.
   */
  const byRecordKey = (i: number): string | undefined => {
    const own = entityId('Article', articles[i]!.recordKey);
    const candidates = (weakFound.get(i) ?? []).filter((f) => strongKeys[i]!.length === 0 || !f.identified);
    if (candidates.some((f) => f.id === own)) return own;
    return candidates.length === 1 ? candidates[0]!.id : undefined;
  };
  const found = new Map(
    articles.map((_, i) => {
      const ids = [...(strongFound.get(i) ?? [])];
      const weak = ids.length === 0 ? byRecordKey(i) : undefined;
      if (weak) ids.push(weak);
      return [i, ids] as const;
    }),
  );

  const sets = new UnionFind();
  const node = (i: number) => `s:${i}`;
  const byIdentifier = new Map<string, number>();
  articles.forEach((a, i) => {
    sets.find(node(i));
    const keys = strongKeys[i]!;
    for (const id of found.get(i) ?? []) sets.union(node(i), `e:${id}`);
    if (keys.length > 0) {
      for (const key of keys) {
        const earlier = byIdentifier.get(key);
        if (earlier !== undefined) sets.union(node(i), node(earlier));
        else byIdentifier.set(key, i);
      }
    } else {
      const key = `weak:${a.recordKey}`;
      const earlier = byIdentifier.get(key);
      if (earlier !== undefined) sets.union(node(i), node(earlier));
      else byIdentifier.set(key, i);
    }
  });

  // Collect each group's existing articles and statements.
  const groups = new Map<string, { existing: Set<string>; members: number[] }>();
  const groupOf = (root: string) => {
    let g = groups.get(root);
    if (!g) groups.set(root, (g = { existing: new Set(), members: [] }));
    return g;
  };
  for (let i = 0; i < articles.length; i += 1) groupOf(sets.find(node(i))).members.push(i);
  articles.forEach((_, i) => {
    const g = groupOf(sets.find(node(i)));
    for (const id of found.get(i) ?? []) g.existing.add(id);
  });

  const targets: string[] = new Array(articles.length);
  const merges: ArticleTargets['merges'] = [];
  for (const g of groups.values()) {
    let id: string;
    if (g.existing.size > 0) {
      id = strongestArticleId([...g.existing])!;
      const victims = [...g.existing].filter((x) => x !== id).sort();
      if (victims.length > 0) merges.push({ survivor: id, victims });
    } else {
      const keys = g.members.flatMap((i) => strongKeys[i]!);
      const candidates = keys.map((k) => entityId('Article', k));
      id = strongestArticleId(candidates) ?? entityId('Article', articles[g.members[0]!]!.recordKey);
    }
    for (const i of g.members) targets[i] = id;
  }
  return { targets, merges };
}
