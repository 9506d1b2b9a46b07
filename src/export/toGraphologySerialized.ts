import {
  EDGE_RESERVED,
  NODE_RESERVED,
  propertiesWithout,
  type ExportGraph,
  type ExportPropertyValue,
} from './exportTypes.ts';
import { entityStyle } from './entityStyles.ts';

/** Node attributes: the entity's own (same names as every format) plus Sigma's drawing hints. */
export type GraphologyNodeAttributes = {
  label: string;
  /** The entity type, e.g. ARTICLE (the shared vocabulary's name for it). */
  type: string;
  x: number;
  y: number;
  size: number;
  color: string;
  [property: string]: ExportPropertyValue;
};

/** Edge attributes: the relationship type plus the edge's own properties. */
export type GraphologyEdgeAttributes = {
  /** The relationship type, e.g. AUTHORED. */
  type: string;
  [property: string]: ExportPropertyValue;
};

/**
 * graphology's `SerializedGraph` (what `graph.export()` gives and
 * `Graph.from()` / `graph.import()` take), for a directed multigraph.
 */
export type GraphologySerialized = {
  attributes: { truncated: boolean };
  options: { type: 'directed'; multi: true; allowSelfLoops: true };
  nodes: { key: string; attributes: GraphologyNodeAttributes }[];
  edges: { key: string; source: string; target: string; attributes: GraphologyEdgeAttributes }[];
};

const NODE_SIZE: Readonly<Record<string, number>> = { ARTICLE: 10, JOURNAL: 8, INSTITUTION: 7, AUTHOR: 6, TOPIC: 6 };
const NODE_KEYS = [...NODE_RESERVED, 'x', 'y', 'size', 'color'] as const;

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Converts a subgraph to graphology's serialisation, ready for `Graph.from(json)`: the node's
 * entity type and the edge's relation are in `type`, like every other format; `truncated` is a
 * graph attribute. Every node also gets deterministic `x`/`y` (a circle, in input order), a `size`
 * and its type's `color`, because Sigma.js refuses nodes without coordinates. Sigma reads `type`
 * as the name of a drawing program, so render with a reducer that maps it away, e.g.
 * `new Sigma(graph, container, { nodeReducer: (_, a) => ({ ...a, type: 'circle' }), edgeReducer: (_, a) => ({ ...a, type: 'arrow' }) })`.
 */
export function toGraphologySerialized(graph: ExportGraph): GraphologySerialized {
  const count = graph.nodes.length;
  const radius = Math.max(1, count) * 10;
  return {
    attributes: { truncated: graph.truncated ?? false },
    options: { type: 'directed', multi: true, allowSelfLoops: true },
    nodes: graph.nodes.map((node, index) => {
      const angle = count <= 1 ? 0 : (2 * Math.PI * index) / count;
      return {
        key: node.id,
        attributes: {
          ...propertiesWithout(node.properties, NODE_KEYS),
          label: node.label,
          type: node.type,
          x: count <= 1 ? 0 : round(radius * Math.cos(angle)),
          y: count <= 1 ? 0 : round(radius * Math.sin(angle)),
          size: NODE_SIZE[node.type] ?? 6,
          color: entityStyle(node.type).color,
        },
      };
    }),
    edges: graph.edges.map((edge) => ({
      key: edge.id,
      source: edge.source,
      target: edge.target,
      attributes: {
        ...propertiesWithout(edge.properties, EDGE_RESERVED),
        type: edge.type,
      },
    })),
  };
}
