import type { GraphEdgeResolvers, GraphNodeResolvers, GraphResolvers } from '../generated/resolvers-types.ts';
import type { GraphRecord } from '../../db/index.ts';
import { ENTITY_TYPE_OF } from '../globalId.ts';
import { exportGraph } from '../../export/exportGraph.ts';
import type { ExportGraph } from '../../export/exportTypes.ts';

/** The id of an edge: its ends and type, stable across requests. */
export function edgeId(edge: { source: string; type: string; target: string }): string {
  return `${edge.source}-[${edge.type}]->${edge.target}`;
}

/** A subgraph in the shape the export formats take. */
export function toExportGraph(graph: GraphRecord): ExportGraph {
  return {
    nodes: graph.nodes.map((node) => ({
      id: node.id,
      type: ENTITY_TYPE_OF[node.label],
      label: node.caption,
      properties: node.properties,
    })),
    edges: graph.edges.map((edge) => ({
      id: edgeId(edge),
      source: edge.source,
      target: edge.target,
      type: edge.type,
      properties: edge.properties,
    })),
    truncated: graph.truncated,
  };
}

/** Graph: serialisation and counts on demand. */
export const Graph: GraphResolvers = {
  export: (graph, { format }) => exportGraph(toExportGraph(graph), format).body,
  nodeCount: (graph) => graph.nodes.length,
  edgeCount: (graph) => graph.edges.length,
};

/** GraphNode: type and label from the record. */
export const GraphNode: GraphNodeResolvers = {
  type: (node) => ENTITY_TYPE_OF[node.label],
  label: (node) => node.caption,
};

/** GraphEdge: a stable id. */
export const GraphEdge: GraphEdgeResolvers = {
  id: (edge) => edgeId(edge),
};
