/**
 * How the Map view draws a science map (the API's `scienceMap`): a colour per cluster, a node
 * size from its weight or its citations, and the overlay colouring by mean publication year, as
 * VOSviewer's network and overlay visualizations do. Pure functions, unit-tested.
 */

import { clusterColour } from '../../maps/clusterColours.ts';

export { CLUSTER_COLOURS, clusterColour, OTHER_CLUSTER_COLOUR } from '../../maps/clusterColours.ts';

/** A map node as the explorer asks for it (see schema/maps.graphql). */
export type ApiMapNode = {
  id: string;
  label: string;
  type: string;
  weight: number;
  citations: number;
  cluster: number;
  x: number;
  y: number;
  meanYear?: number | null;
};
/** A map link as the explorer asks for it. */
export type ApiMapLink = { source: string; target: string; strength: number; count: number };
/** A cluster with its heaviest labels. */
export type ApiMapCluster = { cluster: number; size: number; topLabels: string[] };
/** `ScienceMap` as the explorer asks for it. */
export type ApiScienceMap = {
  kind: string;
  normalization: string;
  nodes: ApiMapNode[];
  links: ApiMapLink[];
  clusters: ApiMapCluster[];
  modularity: number;
  resolution: number;
  seed: number;
  articleCount: number;
  totalNodes: number;
  limited: boolean;
};

/** What sizes a node. */
export type SizeBy = 'weight' | 'citations';
/** What colours a node: its cluster, or the mean year of its documents (overlay). */
export type ColourBy = 'cluster' | 'year';

/** Colour of a node whose documents have no year (overlay). */
export const NO_YEAR_COLOUR = '#c8ccd4';

/** Stops of the overlay scale (viridis: dark blue for the oldest, green, yellow for the newest), as VOSviewer's overlay. */
const YEAR_STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [59, 82, 139],
  [33, 145, 140],
  [94, 201, 98],
  [253, 231, 37],
];

function hex(value: number): string {
  return Math.round(value).toString(16).padStart(2, '0');
}

/** The overlay colour of a mean year between `min` and `max` (`null`: no year). */
export function yearColour(year: number | null | undefined, min: number, max: number): string {
  if (typeof year !== 'number' || !Number.isFinite(year)) return NO_YEAR_COLOUR;
  const t = max > min ? Math.min(1, Math.max(0, (year - min) / (max - min))) : 0.5;
  const position = t * (YEAR_STOPS.length - 1);
  const i = Math.min(YEAR_STOPS.length - 2, Math.floor(position));
  const f = position - i;
  const [a, b] = [YEAR_STOPS[i]!, YEAR_STOPS[i + 1]!];
  return `#${hex(a[0] + (b[0] - a[0]) * f)}${hex(a[1] + (b[1] - a[1]) * f)}${hex(a[2] + (b[2] - a[2]) * f)}`;
}

/** The range of mean years over the nodes (the overlay scale's ends), or null when none has one. */
export function yearExtent(nodes: readonly ApiMapNode[]): { min: number; max: number } | null {
  const years = nodes
    .map((node) => node.meanYear)
    .filter((year): year is number => typeof year === 'number' && Number.isFinite(year));
  if (years.length === 0) return null;
  return { min: Math.min(...years), max: Math.max(...years) };
}

/** Smallest and largest node diameter in model units. */
export const MAP_NODE_MIN = 14;
export const MAP_NODE_MAX = 64;

/**
 * A node's diameter: its value's square root scaled between the smallest and the largest value of
 * the map, so the area (what the eye compares) grows with the value, as in VOSviewer.
 */
export function mapNodeSize(value: number, min: number, max: number): number {
  if (!(max > min)) return (MAP_NODE_MIN + MAP_NODE_MAX) / 2;
  const t =
    (Math.sqrt(Math.max(0, value)) - Math.sqrt(Math.max(0, min))) / (Math.sqrt(max) - Math.sqrt(Math.max(0, min)));
  return MAP_NODE_MIN + Math.min(1, Math.max(0, t)) * (MAP_NODE_MAX - MAP_NODE_MIN);
}

/** The scale the server's layout coordinates are multiplied by so the map spreads over a canvas. */
function layoutScale(nodes: readonly ApiMapNode[]): number {
  if (nodes.length < 2) return 1;
  const xs = nodes.map((node) => node.x);
  const ys = nodes.map((node) => node.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys));
  // About 150 model units per node along the side of a square: room for the largest nodes and labels.
  const wanted = Math.sqrt(nodes.length) * 150;
  return span > 0 ? wanted / span : 1;
}

/** A Cytoscape.js element definition of the map (kept free of the library so it is testable). */
export type MapElement =
  | { group: 'nodes'; data: Record<string, unknown> & { id: string }; position: { x: number; y: number } }
  | { group: 'edges'; data: Record<string, unknown> & { id: string; source: string; target: string } };

/**
 * The map's nodes and links as Cytoscape.js elements at the server's positions (scaled; y flipped,
 * as VOSviewer's y axis points up): each node carries its colour, size and label; each link its
 * width from its strength relative to the strongest.
 */
export function mapElements(map: ApiScienceMap, options: { sizeBy: SizeBy; colourBy: ColourBy }): MapElement[] {
  const values = map.nodes.map((node) => (options.sizeBy === 'citations' ? node.citations : node.weight));
  const min = values.length ? Math.min(...values) : 0;
  const max = values.length ? Math.max(...values) : 0;
  const years = yearExtent(map.nodes);
  const scale = layoutScale(map.nodes);
  const nodes: MapElement[] = map.nodes.map((node, i) => ({
    group: 'nodes',
    data: {
      id: node.id,
      label: node.label,
      type: node.type,
      weight: node.weight,
      citations: node.citations,
      cluster: node.cluster,
      meanYear: node.meanYear ?? null,
      size: mapNodeSize(values[i]!, min, max),
      colour:
        options.colourBy === 'year'
          ? yearColour(node.meanYear, years?.min ?? 0, years?.max ?? 0)
          : clusterColour(node.cluster),
    },
    position: { x: node.x * scale, y: -node.y * scale },
  }));
  const strongest = Math.max(0, ...map.links.map((link) => link.strength));
  const present = new Set(map.nodes.map((node) => node.id));
  const links: MapElement[] = map.links
    .filter((link) => present.has(link.source) && present.has(link.target))
    .map((link) => ({
      group: 'edges',
      data: {
        id: `${link.source}~${link.target}`,
        source: link.source,
        target: link.target,
        strength: link.strength,
        count: link.count,
        width: strongest > 0 ? 0.6 + 5 * (link.strength / strongest) : 1,
      },
    }));
  return [...nodes, ...links];
}

/** Human names of the map kinds (the API may add kinds: unknown ones show their enum name). */
export const MAP_KIND_TITLES: Readonly<Record<string, string>> = {
  TOPIC_COOCCURRENCE: 'Topic co-occurrence',
  KEYWORD_COOCCURRENCE: 'Keyword co-occurrence',
  COAUTHORSHIP: 'Co-authorship',
  INSTITUTION_COLLABORATION: 'Institution collaboration',
  COUNTRY_COLLABORATION: 'Country collaboration',
  COCITATION: 'Co-citation',
  BIBLIOGRAPHIC_COUPLING: 'Bibliographic coupling',
  CITATION: 'Citation',
};

/** Human names of the normalizations. */
export const NORMALIZATION_TITLES: Readonly<Record<string, string>> = {
  ASSOCIATION_STRENGTH: 'Association strength',
  JACCARD: 'Jaccard',
  NONE: 'None (raw counts)',
};
