/** The GraphQL `GraphFormat` enum values. */
export type GraphFormatName =
  | 'CYTOSCAPE'
  | 'D3'
  | 'GRAPHOLOGY'
  | 'GRAPHML'
  | 'GEXF'
  | 'VOSVIEWER_MAP'
  | 'VOSVIEWER_NETWORK';

/** How a format is delivered as a file. */
export type GraphFormatInfo = {
  /** The HTTP `Content-Type` (with charset). */
  contentType: string;
  /** File name extension without the leading dot. */
  fileExtension: string;
  /** A short human description, for UIs. */
  title: string;
};

/**
 * Content type and file extension of each export format, in one place so the
 * GraphQL field, the download endpoints and the explorer's buttons name files
 * alike. JSON formats get a double extension (`.d3.json`) so two downloads of
 * the same subgraph do not collide; Cytoscape's is `.cyjs`, the extension
 * Cytoscape desktop's importer expects for Cytoscape.js JSON.
 */
export const GRAPH_FORMATS: Readonly<Record<GraphFormatName, GraphFormatInfo>> = {
  CYTOSCAPE: { contentType: 'application/json; charset=utf-8', fileExtension: 'cyjs', title: 'Cytoscape.js JSON' },
  D3: { contentType: 'application/json; charset=utf-8', fileExtension: 'd3.json', title: 'D3 node-link JSON' },
  GRAPHOLOGY: {
    contentType: 'application/json; charset=utf-8',
    fileExtension: 'graphology.json',
    title: 'graphology / Sigma JSON',
  },
  GRAPHML: { contentType: 'application/graphml+xml; charset=utf-8', fileExtension: 'graphml', title: 'GraphML' },
  GEXF: { contentType: 'application/gexf+xml; charset=utf-8', fileExtension: 'gexf', title: 'GEXF (Gephi)' },
  VOSVIEWER_MAP: {
    contentType: 'text/tab-separated-values; charset=utf-8',
    fileExtension: 'vosviewer-map.txt',
    title: 'VOSviewer map file',
  },
  VOSVIEWER_NETWORK: {
    contentType: 'text/tab-separated-values; charset=utf-8',
    fileExtension: 'vosviewer-network.txt',
    title: 'VOSviewer network file',
  },
};

/** All format names, in display order. */
export const GRAPH_FORMAT_NAMES = Object.keys(GRAPH_FORMATS) as GraphFormatName[];

/** Narrows a string to a format name (exact, upper-case), for input validation. */
export function isGraphFormatName(value: string): value is GraphFormatName {
  return Object.hasOwn(GRAPH_FORMATS, value);
}
