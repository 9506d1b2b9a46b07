import type { ArticleFilter, MapKind, MapNormalization } from '../graphql/generated/resolvers-types.ts';
import type { Database } from '../db/driver/Database.ts';
import { planArticleFilter } from '../db/cypher/articleFilterPlan.ts';
import {
  MAX_MAP_LINKS,
  NODE_TYPE_OF_KIND,
  mapParameters,
  mapStatement,
  type MapStatementRow,
} from '../db/cypher/mapStatements.ts';
import { THESAURI, type ThesaurusRow } from '../db/cypher/thesaurusStatements.ts';
import { badUserInput, checkRange } from '../errors.ts';
import { buildMap, type BuiltMap, type CountedNode } from './buildMap.ts';
import { replacementMap, type ThesaurusEntry } from './thesaurus.ts';

/** Most nodes a map may keep. */
export const MAX_MAP_NODES = 1_000;
/** Highest minStrength accepted. */
export const MAX_MIN_STRENGTH = 1_000;
/** Highest resolution accepted (beyond it every node is its own cluster anyway). */
export const MAX_RESOLUTION = 10;

/**
 * What a science map costs in the operation cost limit (complexityLimit.ts): a fixed part for
 * reading the whole filtered article set, counting and clustering, plus a part per node it may
 * keep (links and layout grow with them). The largest map (1,000 nodes) costs 6,000 of the
 * default 20,000, so two fit in one operation and a page of maps does not.
 */
export const MAP_BASE_COST = 1_000;
export const MAP_COST_PER_NODE = 5;

export function scienceMapCost(limit: number | undefined): number {
  return MAP_BASE_COST + MAP_COST_PER_NODE * Math.max(1, Math.min(MAX_MAP_NODES, limit ?? 100));
}

/** The arguments of scienceMap (and of /export/map). */
export interface ScienceMapRequest {
  kind: MapKind;
  filter?: ArticleFilter | null;
  minStrength?: number | null;
  limit?: number | null;
  normalization?: MapNormalization | null;
  resolution?: number | null;
  seed?: number | null;
}

/** The ScienceMap answer. */
export interface ScienceMapResult extends BuiltMap {
  kind: MapKind;
  normalization: MapNormalization;
  resolution: number;
  seed: number;
  articleCount: number;
  totalNodes: number;
  totalLinks: number;
  limited: boolean;
  thesaurusEntries: number;
}

/** Checked arguments with their defaults, named as the schema names them (errors carry `extensions.argument`). */
export function checkMapRequest(request: ScienceMapRequest): CheckedMapRequest {
  const resolution = request.resolution ?? 1;
  if (!Number.isFinite(resolution) || resolution <= 0 || resolution > MAX_RESOLUTION) {
    throw badUserInput('resolution', `must be a number above 0 and at most ${MAX_RESOLUTION}, got ${resolution}`);
  }
  return {
    kind: request.kind,
    filter: request.filter ?? null,
    minStrength: checkRange('minStrength', request.minStrength ?? 1, 1, MAX_MIN_STRENGTH),
    limit: checkRange('limit', request.limit ?? 100, 1, MAX_MAP_NODES),
    normalization: request.normalization ?? 'ASSOCIATION_STRENGTH',
    resolution,
    seed: checkRange('seed', request.seed ?? 42, 0, 2_147_483_647),
  };
}

/** The arguments once checked, defaults applied. */
export interface CheckedMapRequest {
  kind: MapKind;
  filter: ArticleFilter | null;
  minStrength: number;
  limit: number;
  normalization: MapNormalization;
  resolution: number;
  seed: number;
}

/** The stored thesauri's entries, oldest first. */
export async function readThesauri(db: Database): Promise<ThesaurusEntry[][]> {
  const rows = await db.read<ThesaurusRow>(THESAURI);
  return rows.map((row) => row.labels.map((label, i) => ({ label, replaceBy: row.replacements[i] ?? '' })));
}

/**
 * Computes a science map: the stored thesauri (one read), the counting statement (one read:
 * mapStatements.ts), then normalization, clustering and layout in this process (buildMap.ts).
 *
 * The article set is the filter's; when the filter does not say `referenceOnly`, it is the
 * articles with a record of their own (false), since reference-only works have no topics, authors
 * or references to count; they still appear as the cited works of a co-citation map.
 */
export async function computeScienceMap(db: Database, request: ScienceMapRequest): Promise<ScienceMapResult> {
  const args = checkMapRequest(request);
  const filter: ArticleFilter = { ...(args.filter ?? {}) };
  if (filter.referenceOnly === undefined || filter.referenceOnly === null) filter.referenceOnly = false;
  const plan = planArticleFilter(filter);
  const thesauri = await readThesauri(db);
  const thesaurus = replacementMap(thesauri);
  const [row] = await db.read<MapStatementRow>(
    mapStatement(args.kind, plan),
    mapParameters(plan, { limit: args.limit, minStrength: args.minStrength, thesaurus, maxLinks: MAX_MAP_LINKS }),
  );
  const result: MapStatementRow = row ?? {
    articleCount: 0,
    totalNodes: 0,
    nodes: [],
    pairs: [],
    totalLinks: 0,
    allPairs: 0,
  };
  const type = NODE_TYPE_OF_KIND[args.kind];
  const nodes: CountedNode[] = result.nodes.map((node) => ({
    // A merged node is known by the first of its variants' ids in sort order (stable whatever order the statement met them in).
    id: node.key.startsWith('=') ? [...node.ids].sort()[0]! : node.key,
    label: node.label ?? node.key,
    type,
    weight: node.weight,
    citations: node.citations,
    meanYear: node.meanYear,
    firstYear: node.firstYear,
    occurrences: node.occurrences,
    mergedIds: [...node.ids].sort(),
  }));
  if (args.kind === 'CITATION') {
    // Jaccard over citation links: the articles' citation links within the map.
    const degree = new Array<number>(nodes.length).fill(0);
    for (const [i, j, count] of result.pairs) {
      degree[i]! += count;
      degree[j]! += count;
    }
    for (const [i, node] of nodes.entries()) node.occurrences = degree[i]!;
  }
  const built = await buildMap(nodes, result.pairs, {
    normalization: args.normalization,
    resolution: args.resolution,
    seed: args.seed,
  });
  return {
    ...built,
    kind: args.kind,
    normalization: args.normalization,
    resolution: args.resolution,
    seed: args.seed,
    articleCount: result.articleCount,
    totalNodes: result.totalNodes,
    totalLinks: result.totalLinks,
    limited:
      result.totalNodes > result.nodes.length ||
      result.totalLinks > result.pairs.length ||
      result.allPairs > result.totalLinks,
    thesaurusEntries: Object.keys(thesaurus).length,
  };
}
