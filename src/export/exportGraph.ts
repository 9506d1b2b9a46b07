import type { ExportGraph } from './exportTypes.ts';
import { GRAPH_FORMATS, type GraphFormatName } from './graphFormats.ts';
import { toCytoscapeElements } from './toCytoscapeElements.ts';
import { toD3NodeLink } from './toD3NodeLink.ts';
import { toGEXF } from './toGEXF.ts';
import { toGraphML } from './toGraphML.ts';
import { toGraphologySerialized } from './toGraphologySerialized.ts';

export type { GraphFormatName } from './graphFormats.ts';

/** A serialised subgraph, ready to return from GraphQL or send as a file. */
export type ExportedGraph = { body: string; contentType: string; fileExtension: string };

/**
 * Serialises a subgraph in one of the `GraphFormat` formats. The single
 * entry point behind `Graph.export(format)`, the `/export/*` download
 * endpoints and the explorer's download buttons.
 *
 * - CYTOSCAPE: `{ "elements": { "nodes": [...], "edges": [...] } }`, the
 *   `cy.json()` shape: load with `cytoscape({ container, ...json })` or
 *   `cy.json(json)`, or import the `.cyjs` file in Cytoscape desktop.
 * - D3: node-link JSON (`nodes`, `links` with id references).
 * - GRAPHOLOGY: `Graph.from(json)`; renders in Sigma as it is.
 * - GRAPHML, GEXF: XML documents with node type, label and edge type attributes.
 */
export function exportGraph(graph: ExportGraph, format: GraphFormatName): ExportedGraph {
  const { contentType, fileExtension } = GRAPH_FORMATS[format];
  return { body: serialise(graph, format), contentType, fileExtension };
}

function serialise(graph: ExportGraph, format: GraphFormatName): string {
  switch (format) {
    case 'CYTOSCAPE':
      return JSON.stringify({ elements: toCytoscapeElements(graph) }, null, 2);
    case 'D3':
      return JSON.stringify(toD3NodeLink(graph), null, 2);
    case 'GRAPHOLOGY':
      return JSON.stringify(toGraphologySerialized(graph), null, 2);
    case 'GRAPHML':
      return toGraphML(graph);
    case 'GEXF':
      return toGEXF(graph);
    default: {
      const unknown: never = format;
      throw new TypeError(`Unknown graph format: ${String(unknown)}`);
    }
  }
}
