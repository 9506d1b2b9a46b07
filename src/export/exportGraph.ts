import type { ExportGraph } from './exportTypes.ts';
import { GRAPH_FORMATS, type GraphFormatName } from './graphFormats.ts';
import { toCytoscapeDocument } from './toCytoscapeElements.ts';
import { toD3NodeLink } from './toD3NodeLink.ts';
import { toGEXF } from './toGEXF.ts';
import { toGraphML } from './toGraphML.ts';
import { toGraphologySerialized } from './toGraphologySerialized.ts';
import { toVosviewerMap, toVosviewerNetwork } from './toVosviewer.ts';

export type { GraphFormatName } from './graphFormats.ts';

/** A serialised subgraph, ready to return from GraphQL or send as a file. */
export type ExportedGraph = { body: string; contentType: string; fileExtension: string };

/**
 * Serialises a subgraph in one of the `GraphFormat` formats. The single
 * entry point behind `Graph.export(format)`, the `/export/*` download
 * endpoints and the explorer's download buttons.
 *
 * Every format uses one vocabulary (see NODE_RESERVED in exportTypes.ts): node `id`, `type`
 * (entity type), `label`; edge `id`, `source`, `target`, `type` (relationship); properties under
 * their own names; graph-level `truncated`. Where a tool needs its own name for something, the
 * file carries a copy besides, never instead:
 *
 * - CYTOSCAPE: `{ "data": { "truncated" }, "elements": { "nodes", "edges" } }`, the `cy.json()`
 *   shape (`cytoscape({ headless: true, ...json })`, `cy.json(json)`, or a `.cyjs` file in
 *   Cytoscape desktop); copies: node `name` (= label), edge `interaction` (= type).
 * - D3: node-link JSON (`graph: { truncated }`, `nodes`, `links` with id references).
 * - GRAPHOLOGY: `Graph.from(json)`; graph attribute `truncated`; node `x`, `y`, `size`, `color`
 *   for Sigma.js.
 * - GRAPHML: typed `<key>`s incl. a graph key `truncated`.
 * - GEXF 1.3: declared attributes; GEXF's own node `label`, `viz:color`, edge `label` and `kind`
 *   (= type); `truncated=true|false` in `<meta><keywords>` (GEXF has no graph attributes).
 * - VOSVIEWER_MAP / VOSVIEWER_NETWORK: VOSviewer's two tab-delimited files of one network
 *   (toVosviewer.ts): items numbered 1..n with label, description (global id), url and
 *   weight<Documents>, weight<Citations>, score<Avg. pub. year>; links as numbered pairs with their strength. They carry no `truncated` flag.
 */
export function exportGraph(graph: ExportGraph, format: GraphFormatName): ExportedGraph {
  const { contentType, fileExtension } = GRAPH_FORMATS[format];
  return { body: serialise(graph, format), contentType, fileExtension };
}

function serialise(graph: ExportGraph, format: GraphFormatName): string {
  switch (format) {
    case 'CYTOSCAPE':
      return JSON.stringify(toCytoscapeDocument(graph), null, 2);
    case 'D3':
      return JSON.stringify(toD3NodeLink(graph), null, 2);
    case 'GRAPHOLOGY':
      return JSON.stringify(toGraphologySerialized(graph), null, 2);
    case 'GRAPHML':
      return toGraphML(graph);
    case 'GEXF':
      return toGEXF(graph);
    case 'VOSVIEWER_MAP':
      return toVosviewerMap(graph);
    case 'VOSVIEWER_NETWORK':
      return toVosviewerNetwork(graph);
    default: {
      const unknown: never = format;
      throw new TypeError(`Unknown graph format: ${String(unknown)}`);
    }
  }
}
