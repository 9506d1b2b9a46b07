import type { ExportGraph, ExportPropertyValue } from './exportTypes.ts';

/** A node of the D3 node-link document. */
export type D3Node = { id: string; type: string; label: string; [property: string]: ExportPropertyValue };

/** A link of the D3 node-link document; `source`/`target` are node ids (d3-force `forceLink().id(d => d.id)`). */
export type D3Link = { id: string; source: string; target: string; type: string; [property: string]: ExportPropertyValue };

/**
 * The node-link document d3-force examples and NetworkX's `node_link_graph`
 * both read: `{ directed, multigraph, graph, nodes, links }`.
 */
export type D3NodeLink = {
  directed: true;
  multigraph: true;
  graph: Record<string, never>;
  nodes: D3Node[];
  links: D3Link[];
};

/**
 * Converts a subgraph to D3 node-link JSON. Properties are flattened onto the
 * node or link object (reserved keys such as `id`, `source` win over a
 * property of the same name), so `d.type`, `d.label` and `d.position` are
 * directly usable in D3 accessors.
 */
export function toD3NodeLink(graph: ExportGraph): D3NodeLink {
  return {
    directed: true,
    multigraph: true,
    graph: {},
    nodes: graph.nodes.map((node) => ({
      ...node.properties,
      id: node.id,
      type: node.type,
      label: node.label,
    })),
    links: graph.edges.map((edge) => ({
      ...edge.properties,
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
    })),
  };
}
