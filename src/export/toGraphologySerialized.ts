import type { ExportGraph, ExportPropertyValue } from './exportTypes.ts';
import { entityStyle } from './entityStyles.ts';

/** Node attributes: Sigma's rendering attributes plus the entity's own. */
export type GraphologyNodeAttributes = {
  label: string;
  /** The entity type (not `type`: Sigma reads `type` as the name of a node program). */
  entityType: string;
  x: number;
  y: number;
  size: number;
  color: string;
  [property: string]: ExportPropertyValue;
};

/** Edge attributes: the relationship type plus the edge's own properties. */
export type GraphologyEdgeAttributes = {
  /** The relationship type, e.g. AUTHORED (not `type`: Sigma reads `type` as an edge program). */
  relation: string;
  label: string;
  /** Sigma's built-in directed edge program. */
  type: 'arrow';
  [property: string]: ExportPropertyValue;
};

/**
 * graphology's `SerializedGraph` (what `graph.export()` gives and
 * `Graph.from()` / `graph.import()` take), for a directed multigraph.
 */
export type GraphologySerialized = {
  attributes: Record<string, ExportPropertyValue>;
  options: { type: 'directed'; multi: true; allowSelfLoops: true };
  nodes: { key: string; attributes: GraphologyNodeAttributes }[];
  edges: { key: string; source: string; target: string; attributes: GraphologyEdgeAttributes }[];
};

const NODE_SIZE: Readonly<Record<string, number>> = { ARTICLE: 10, JOURNAL: 8, INSTITUTION: 7, AUTHOR: 6, TOPIC: 6 };

const round = (value: number): number => Math.round(value * 1000) / 1000;

/**
 * Converts a subgraph to graphology's serialisation, ready for
 * `Graph.from(json)` and for rendering with Sigma as it is: every node gets
 * deterministic `x`/`y` (a circle, in input order), a `size` and its type's
 * `color`, because Sigma refuses nodes without coordinates. The entity and
 * relationship types are kept as `entityType` and `relation` since Sigma
 * reserves `type` for its program names.
 */
export function toGraphologySerialized(graph: ExportGraph): GraphologySerialized {
  const count = graph.nodes.length;
  const radius = Math.max(1, count) * 10;
  return {
    attributes: {},
    options: { type: 'directed', multi: true, allowSelfLoops: true },
    nodes: graph.nodes.map((node, index) => {
      const angle = count <= 1 ? 0 : (2 * Math.PI * index) / count;
      return {
        key: node.id,
        attributes: {
          ...node.properties,
          label: node.label,
          entityType: node.type,
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
        ...edge.properties,
        relation: edge.type,
        label: edge.type,
        type: 'arrow' as const,
      },
    })),
  };
}
