import type { ExportGraph, ExportProperties } from './exportTypes.ts';

/** `data` of a Cytoscape.js node element. */
export type CytoscapeNodeData = {
  id: string;
  label: string;
  /** Same as `label`: the column Cytoscape desktop shows as the node name. */
  name: string;
  type: string;
  [property: string]: string | number | boolean | null;
};

/** `data` of a Cytoscape.js edge element. */
export type CytoscapeEdgeData = {
  id: string;
  source: string;
  target: string;
  type: string;
  /** Same as `type`: the column Cytoscape desktop uses for an edge's interaction. */
  interaction: string;
  [property: string]: string | number | boolean | null;
};

/**
 * Cytoscape.js `ElementsDefinition` (`{ nodes, edges }`), the shape the
 * `elements` option of `cytoscape({...})` and `cy.add()` take as they are.
 */
export type CytoscapeElements = {
  nodes: { group: 'nodes'; data: CytoscapeNodeData }[];
  edges: { group: 'edges'; data: CytoscapeEdgeData }[];
};

/** Copies properties, leaving out the keys the element itself defines. */
function withoutReserved(properties: ExportProperties | undefined, reserved: readonly string[]): ExportProperties {
  const out: ExportProperties = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (!reserved.includes(key)) out[key] = value;
  }
  return out;
}

const NODE_RESERVED = ['id', 'label', 'name', 'type', 'parent'] as const;
const EDGE_RESERVED = ['id', 'source', 'target', 'type', 'interaction'] as const;

/**
 * Converts a subgraph to Cytoscape.js elements. Node and edge properties are
 * flattened into `data` (where selectors such as `node[type = "ARTICLE"]` and
 * Cytoscape desktop's attribute columns find them); a property named like a
 * reserved key (`id`, `source`, ...) is dropped rather than allowed to
 * corrupt the element.
 */
export function toCytoscapeElements(graph: ExportGraph): CytoscapeElements {
  return {
    nodes: graph.nodes.map((node) => ({
      group: 'nodes' as const,
      data: {
        ...withoutReserved(node.properties, NODE_RESERVED),
        id: node.id,
        label: node.label,
        name: node.label,
        type: node.type,
      },
    })),
    edges: graph.edges.map((edge) => ({
      group: 'edges' as const,
      data: {
        ...withoutReserved(edge.properties, EDGE_RESERVED),
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: edge.type,
        interaction: edge.type,
      },
    })),
  };
}
