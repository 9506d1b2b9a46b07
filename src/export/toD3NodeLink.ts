import {
  EDGE_RESERVED,
  NODE_RESERVED,
  propertiesWithout,
  type ExportGraph,
  type ExportPropertyValue,
} from './exportTypes.ts';

/** A node of the D3 node-link document. */
export type D3Node = { id: string; type: string; label: string; [property: string]: ExportPropertyValue };

/** A link of the D3 node-link document; `source`/`target` are node ids (d3-force `forceLink().id(d => d.id)`). */
export type D3Link = {
  id: string;
  source: string;
  target: string;
  type: string;
  [property: string]: ExportPropertyValue;
};

/**
 * The node-link document d3-force examples and NetworkX's `node_link_graph`
 * both read: `{ directed, multigraph, graph, nodes, links }`; `graph` holds the
 * graph-level attributes (`truncated`).
 */
export type D3NodeLink = {
  directed: true;
  multigraph: true;
  graph: { truncated: boolean };
  nodes: D3Node[];
  links: D3Link[];
};

/**
 * Converts a subgraph to D3 node-link JSON. Properties are flattened onto the
 * node or link object (a property never replaces `id`, `type`, `source`, ...),
 * so `d.type`, `d.label` and `d.position` are directly usable in D3 accessors.
 */
export function toD3NodeLink(graph: ExportGraph): D3NodeLink {
  return {
    directed: true,
    multigraph: true,
    graph: { truncated: graph.truncated ?? false },
    nodes: graph.nodes.map((node) => ({
      ...propertiesWithout(node.properties, NODE_RESERVED),
      id: node.id,
      type: node.type,
      label: node.label,
    })),
    links: graph.edges.map((edge) => ({
      ...propertiesWithout(edge.properties, EDGE_RESERVED),
      id: edge.id,
      source: edge.source,
      target: edge.target,
      type: edge.type,
    })),
  };
}
