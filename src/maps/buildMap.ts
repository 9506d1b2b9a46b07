import { createRequire } from 'node:module';
import { UndirectedGraph } from 'graphology';
import seedrandom from 'seedrandom';
import type { MapNormalization } from '../graphql/generated/resolvers-types.ts';
import { normalizeStrengths } from './normalization.ts';

/** A node as counted in the database, before clustering and layout. */
export interface CountedNode {
  id: string;
  label: string;
  type: string;
  weight: number;
  citations: number;
  meanYear: number | null;
  /** Earliest publication year of the documents behind the node. */
  firstYear: number | null;
  /** What Jaccard counts as the node's occurrences (documents, or an article's references). */
  occurrences: number;
  /** The global ids merged into this node (itself when nothing was merged). */
  mergedIds: string[];
}

export interface MapNode extends Omit<CountedNode, 'occurrences'> {
  cluster: number;
  x: number;
  y: number;
  totalLinkStrength: number;
}

export interface MapLink {
  source: string;
  target: string;
  strength: number;
  count: number;
}

export interface MapCluster {
  cluster: number;
  size: number;
  topLabels: string[];
}

/** The clustered, laid-out map (what ScienceMap answers, less the request's echo). */
export interface BuiltMap {
  nodes: MapNode[];
  links: MapLink[];
  clusters: MapCluster[];
  modularity: number;
}

export interface BuildOptions {
  normalization: MapNormalization;
  resolution: number;
  seed: number;
}

/**
 * Louvain runs from different random starts, the best kept: VOSviewer's clustering does the same
 * (10 random starts by default), because one run of a greedy heuristic can stop in a poorer local optimum.
 */
export const LOUVAIN_STARTS = 10;

/** ForceAtlas2 iterations per step between yields to the event loop (a large map never blocks other requests for long). */
const LAYOUT_STEP = 25;

// The graphology algorithm packages are CommonJS modules whose typings declare an ES default export;
// required, they are the functions their typings describe.
const require = createRequire(import.meta.url);
const louvain = require('graphology-communities-louvain') as typeof import('graphology-communities-louvain').default;
const forceAtlas2 = require('graphology-layout-forceatlas2') as typeof import('graphology-layout-forceatlas2').default;
const random = require('graphology-layout/random') as typeof import('graphology-layout/random.js').default;
const modularity =
  require('graphology-metrics/graph/modularity') as typeof import('graphology-metrics/graph/modularity.js').default;

const round = (value: number, digits = 6): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Yields to the event loop. */
const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Clusters and lays out a counted network, deterministically for a given seed:
 *
 * 1. strengths normalized (normalization.ts);
 * 2. communities by Louvain (graphology-communities-louvain) on the normalized strengths at the
 *    given resolution, LOUVAIN_STARTS runs drawing from one seeded generator (seedrandom), the one
 *    with the highest modularity kept; modularity measured by graphology-metrics;
 * 3. clusters numbered 1.. by size descending (ties: heavier total weight first, then the first node id);
 * 4. positions by ForceAtlas2 (graphology-layout-forceatlas2, settings inferred from the graph's
 *    size, edge weight = strength) from a seeded random start (graphology-layout), then centred on 0
 *    and scaled into [-1, 1].
 */
export async function buildMap(
  nodes: readonly CountedNode[],
  counted: ReadonlyArray<[number, number, number]>,
  options: BuildOptions,
): Promise<BuiltMap> {
  const links = counted.map(([source, target, count]) => ({ source, target, count }));
  const strengths = normalizeStrengths(
    links,
    nodes.map((node) => node.occurrences),
    options.normalization,
  );
  const graph = new UndirectedGraph();
  for (const node of nodes) graph.addNode(node.id, { weight: node.weight });
  const totals = new Array<number>(nodes.length).fill(0);
  links.forEach((link, i) => {
    const source = nodes[link.source]!.id;
    const target = nodes[link.target]!.id;
    graph.addEdge(source, target, { weight: strengths[i]! });
    totals[link.source]! += link.count;
    totals[link.target]! += link.count;
  });

  const communities = detectCommunities(graph, options);
  const clusterOf = numberClusters(nodes, communities);
  graph.forEachNode((node) => graph.setNodeAttribute(node, 'cluster', clusterOf.get(node)));
  const q =
    graph.size === 0
      ? 0
      : modularity(graph, { getNodeCommunity: 'cluster', getEdgeWeight: 'weight', resolution: options.resolution });

  const positions = await layout(graph, options.seed);

  const mapNodes: MapNode[] = nodes.map((node, i) => ({
    id: node.id,
    label: node.label,
    type: node.type,
    weight: node.weight,
    citations: node.citations,
    meanYear: node.meanYear === null ? null : round(node.meanYear, 3),
    firstYear: node.firstYear,
    mergedIds: node.mergedIds,
    cluster: clusterOf.get(node.id)!,
    x: positions.get(node.id)!.x,
    y: positions.get(node.id)!.y,
    totalLinkStrength: totals[i]!,
  }));
  const mapLinks: MapLink[] = links.map((link, i) => ({
    source: nodes[link.source]!.id,
    target: nodes[link.target]!.id,
    strength: round(strengths[i]!),
    count: link.count,
  }));
  return { nodes: mapNodes, links: mapLinks, clusters: describeClusters(mapNodes), modularity: round(q) };
}

/** Louvain from LOUVAIN_STARTS seeded starts; node -> community. Without links every node is its own community. */
function detectCommunities(graph: UndirectedGraph, options: BuildOptions): Map<string, number> {
  const own = new Map(graph.nodes().map((node, i) => [node, i] as const));
  if (graph.size === 0) return own;
  const rng = seedrandom(String(options.seed));
  let best: { communities: Record<string, number>; modularity: number } | undefined;
  for (let start = 0; start < LOUVAIN_STARTS; start += 1) {
    const run = louvain.detailed(graph, {
      getEdgeWeight: 'weight',
      resolution: options.resolution,
      rng,
      randomWalk: true,
    });
    if (!best || run.modularity > best.modularity + 1e-12) best = run;
  }
  return new Map(Object.entries(best!.communities));
}

/** Cluster numbers 1.. by size descending, ties by total weight descending, then by first node (input order). */
function numberClusters(nodes: readonly CountedNode[], communities: Map<string, number>): Map<string, number> {
  const groups = new Map<number, { size: number; weight: number; first: number }>();
  nodes.forEach((node, i) => {
    const community = communities.get(node.id)!;
    const group = groups.get(community) ?? { size: 0, weight: 0, first: i };
    group.size += 1;
    group.weight += node.weight;
    groups.set(community, group);
  });
  const order = [...groups].sort(([, a], [, b]) => b.size - a.size || b.weight - a.weight || a.first - b.first);
  const number = new Map(order.map(([community], i) => [community, i + 1] as const));
  return new Map(nodes.map((node) => [node.id, number.get(communities.get(node.id)!)!] as const));
}

/** Per cluster: its size and the labels of its five heaviest nodes (weight, then citations, then label). */
function describeClusters(nodes: readonly MapNode[]): MapCluster[] {
  const members = new Map<number, MapNode[]>();
  for (const node of nodes) members.set(node.cluster, [...(members.get(node.cluster) ?? []), node]);
  return [...members]
    .sort(([a], [b]) => a - b)
    .map(([cluster, list]) => ({
      cluster,
      size: list.length,
      topLabels: [...list]
        .sort((a, b) => b.weight - a.weight || b.citations - a.citations || a.label.localeCompare(b.label))
        .slice(0, 5)
        .map((node) => node.label),
    }));
}

/** Seeded random start, ForceAtlas2 in steps, then centred and scaled into [-1, 1]. */
async function layout(graph: UndirectedGraph, seed: number): Promise<Map<string, { x: number; y: number }>> {
  random.assign(graph, { rng: seedrandom(`${seed}:layout`), scale: 100, center: 0 });
  if (graph.order > 1 && graph.size > 0) {
    const settings = { ...forceAtlas2.inferSettings(graph), adjustSizes: false };
    const iterations = graph.order <= 100 ? 400 : graph.order <= 400 ? 200 : 100;
    for (let done = 0; done < iterations; done += LAYOUT_STEP) {
      forceAtlas2.assign(graph, {
        iterations: Math.min(LAYOUT_STEP, iterations - done),
        settings,
        getEdgeWeight: 'weight',
      });
      await pause();
    }
  }
  const points = graph.mapNodes((node, attributes) => ({ node, x: attributes.x as number, y: attributes.y as number }));
  const cx = points.reduce((sum, p) => sum + p.x, 0) / Math.max(1, points.length);
  const cy = points.reduce((sum, p) => sum + p.y, 0) / Math.max(1, points.length);
  const extent = points.reduce((max, p) => Math.max(max, Math.abs(p.x - cx), Math.abs(p.y - cy)), 0) || 1;
  return new Map(
    points.map((p) => [p.node, { x: round((p.x - cx) / extent), y: round((p.y - cy) / extent) }] as const),
  );
}
