import { EDGE_RESERVED, NODE_RESERVED, propertiesWithout, type ExportGraph } from './exportTypes.ts';

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

/**
 * The whole Cytoscape.js JSON document (the `cy.json()` shape): graph-level `data` (with
 * `truncated`) and the elements. `cytoscape({ headless: true, ...doc })` or `cy.json(doc)` load it,
 * and Cytoscape desktop imports it as a `.cyjs` file (graph data becomes network attributes).
 */
export type CytoscapeDocument = {
  data: { truncated: boolean };
  elements: CytoscapeElements;
};

// Cytoscape desktop's own column names, kept as copies of label and type.
const NODE_KEYS = [...NODE_RESERVED, 'name', 'parent'] as const;
const EDGE_KEYS = [...EDGE_RESERVED, 'interaction'] as const;

/**
 * Converts a subgraph to Cytoscape.js elements. Node and edge properties are
 * flattened into `data` (where selectors such as `node[type = "ARTICLE"]` and
 * Cytoscape desktop's attribute columns find them); a property named like a
 * reserved key (`id`, `source`, `parent`, ...) is dropped rather than allowed to
 * corrupt the element.
 */
export function toCytoscapeElements(graph: ExportGraph): CytoscapeElements {
  return {
    nodes: graph.nodes.map((node) => ({
      group: 'nodes' as const,
      data: {
        ...propertiesWithout(node.properties, NODE_KEYS),
        id: node.id,
        label: node.label,
        name: node.label,
        type: node.type,
      },
    })),
    edges: graph.edges.map((edge) => ({
      group: 'edges' as const,
      data: {
        ...propertiesWithout(edge.properties, EDGE_KEYS),
        id: edge.id,
        source: edge.source,
        target: edge.target,
        type: edge.type,
        interaction: edge.type,
      },
    })),
  };
}

/** The Cytoscape.js JSON document of a subgraph (see {@link CytoscapeDocument}). */
export function toCytoscapeDocument(graph: ExportGraph): CytoscapeDocument {
  return { data: { truncated: graph.truncated ?? false }, elements: toCytoscapeElements(graph) };
}
