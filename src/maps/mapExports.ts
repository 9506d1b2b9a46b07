import type { MapKind } from '../graphql/generated/resolvers-types.ts';
import { exportGraph } from '../export/exportGraph.ts';
import type { ExportGraph } from '../export/exportTypes.ts';
import { GRAPH_FORMATS, type GraphFormatName } from '../export/graphFormats.ts';
import { hexToRgb } from '../export/entityStyles.ts';
import { serializeXml, xmlElement, xmlTextElement, type XmlElement } from '../export/xmlWriter.ts';
import type { MapNode } from './buildMap.ts';
import type { ScienceMapResult } from './scienceMap.ts';
import { clusterColour } from './clusterColours.ts';

/**
 * Science maps in every GraphFormat. The formats that describe any subgraph (Cytoscape, D3,
 * GraphML) get the map as a subgraph (mapAsExportGraph): node properties `weight`, `citations`,
 * `cluster`, `x`, `y`, `meanYear`, `firstYear`, `totalLinkStrength`; one undirected link per pair as
 * an edge of type LINK_TYPE[kind] with `strength` and `count`. VOSviewer, GEXF and graphology get
 * writers of their own, because there the map's layout, clusters and time have a place of their own.
 */

/** The edge type of a map's links in the subgraph formats. */
export const LINK_TYPE: Readonly<Record<MapKind, string>> = {
  TOPIC_COOCCURRENCE: 'CO_OCCURS_WITH',
  KEYWORD_COOCCURRENCE: 'CO_OCCURS_WITH',
  COAUTHORSHIP: 'CO_AUTHORED_WITH',
  INSTITUTION_COLLABORATION: 'COLLABORATES_WITH',
  COUNTRY_COLLABORATION: 'COLLABORATES_WITH',
  COCITATION: 'CO_CITED_WITH',
  BIBLIOGRAPHIC_COUPLING: 'COUPLED_WITH',
  CITATION: 'CITATION_LINK',
};

/** A node's drawn size: 5 to 30 by the square root of its weight relative to the heaviest (area grows with weight). */
function nodeSize(node: MapNode, maxWeight: number): number {
  return Math.round((5 + 25 * Math.sqrt(node.weight / Math.max(1, maxWeight))) * 100) / 100;
}

/** What the map measured of a node, in the order GEXF declares its attributes and graphology lists them. */
function nodeMeasures(node: MapNode) {
  return {
    weight: node.weight,
    citations: node.citations,
    cluster: node.cluster,
    meanYear: node.meanYear,
    firstYear: node.firstYear,
    totalLinkStrength: node.totalLinkStrength,
  };
}

/** The map as the subgraph shape the general exporters take. */
export function mapAsExportGraph(map: ScienceMapResult): ExportGraph {
  return {
    nodes: map.nodes.map((node) => ({
      id: node.id,
      type: node.type.toUpperCase(),
      label: node.label,
      properties: {
        weight: node.weight,
        citations: node.citations,
        cluster: node.cluster,
        x: node.x,
        y: node.y,
        meanYear: node.meanYear,
        firstYear: node.firstYear,
        totalLinkStrength: node.totalLinkStrength,
      },
    })),
    edges: map.links.map((link) => ({
      id: `${link.source}--${link.target}`,
      source: link.source,
      target: link.target,
      type: LINK_TYPE[map.kind],
      properties: { strength: link.strength, count: link.count },
    })),
    truncated: map.limited,
  };
}

/** A serialised map with the format's content type and file extension. */
export function exportMap(
  map: ScienceMapResult,
  format: GraphFormatName,
): { body: string; contentType: string; fileExtension: string } {
  const { contentType, fileExtension } = GRAPH_FORMATS[format];
  switch (format) {
    case 'VOSVIEWER_MAP':
      return { body: toVosviewerMapFile(map), contentType, fileExtension };
    case 'VOSVIEWER_NETWORK':
      return { body: toVosviewerNetworkFile(map), contentType, fileExtension };
    case 'GEXF':
      return { body: toMapGEXF(map), contentType, fileExtension };
    case 'GRAPHOLOGY':
      return { body: JSON.stringify(toMapGraphology(map), null, 2), contentType, fileExtension };
    default:
      return exportGraph(mapAsExportGraph(map), format);
  }
}

/** The VOSviewer weight column of a node's `weight`, by kind (VOSviewer's own names for them). */
const WEIGHT_NAME: Readonly<Record<MapKind, string | null>> = {
  TOPIC_COOCCURRENCE: 'Occurrences',
  KEYWORD_COOCCURRENCE: 'Occurrences',
  COAUTHORSHIP: 'Documents',
  INSTITUTION_COLLABORATION: 'Documents',
  COUNTRY_COLLABORATION: 'Documents',
  // A cited work's weight is the filtered articles citing it: VOSviewer's citations in a co-citation map.
  COCITATION: 'Citations',
  BIBLIOGRAPHIC_COUPLING: null,
  CITATION: null,
};

/** VOSviewer quoting: one line, and a field with a comma, semicolon or double quote in double quotes. */
function field(text: string): string {
  const line = text.replace(/[\t\r\n]+/g, ' ');
  return /[,;"]/.test(line) ? `"${line.replace(/"/g, '""')}"` : line;
}

function urlOf(id: string): string {
  const doi = /^Article:doi:(.+)$/.exec(id)?.[1];
  return doi ? `https://doi.org/${encodeURI(doi)}` : '';
}

/**
 * VOSviewer map file (VOSviewer manual, "Map files"): items numbered 1..n in map order with
 * `label`, `description` (global id), `url`, `x`, `y` (the server's layout), `cluster`, the weights
 * `weight<Links>`, `weight<Total link strength>`, the kind's own weight (`weight<Occurrences>`,
 * `weight<Documents>` or, for co-citation, `weight<Citations>` = citations from the filtered
 * articles) and `weight<Citations>` (citations within the graph; `weight<Total citations>` in a
 * co-citation map), and `score<Avg. pub. year>` (empty where no document has a year).
 */
export function toVosviewerMapFile(map: ScienceMapResult): string {
  const links = new Map<string, number>();
  for (const link of map.links) {
    links.set(link.source, (links.get(link.source) ?? 0) + 1);
    links.set(link.target, (links.get(link.target) ?? 0) + 1);
  }
  const own = WEIGHT_NAME[map.kind];
  const citationsName = own === 'Citations' ? 'Total citations' : 'Citations';
  const header = [
    'id',
    'label',
    'description',
    'url',
    'x',
    'y',
    'cluster',
    'weight<Links>',
    'weight<Total link strength>',
    ...(own ? [`weight<${own}>`] : []),
    `weight<${citationsName}>`,
    'score<Avg. pub. year>',
  ];
  const rows = map.nodes.map((node, i) =>
    [
      String(i + 1),
      field(node.label),
      field(`${node.id} (${node.type})`),
      urlOf(node.id),
      String(node.x),
      String(node.y),
      String(node.cluster),
      String(links.get(node.id) ?? 0),
      String(node.totalLinkStrength),
      ...(own ? [String(node.weight)] : []),
      String(node.citations),
      node.meanYear === null ? '' : String(node.meanYear),
    ].join('\t'),
  );
  return `${[header.join('\t'), ...rows].join('\n')}\n`;
}

/**
 * VOSviewer network file: `id<TAB>id<TAB>strength` per link, smaller id first, no header. The
 * strength is the raw count, as in the network files VOSviewer saves: VOSviewer normalizes itself.
 */
export function toVosviewerNetworkFile(map: ScienceMapResult): string {
  const number = new Map(map.nodes.map((node, i) => [node.id, i + 1]));
  return map.links
    .map((link) => {
      const a = number.get(link.source)!;
      const b = number.get(link.target)!;
      return [Math.min(a, b), Math.max(a, b), link.count] as const;
    })
    .sort((p, q) => p[0] - q[0] || p[1] - q[1])
    .map(([a, b, count]) => `${a}\t${b}\t${count}\n`)
    .join('');
}

const GEXF_NS = 'http://gexf.net/1.3';
const VIZ_NS = 'http://gexf.net/1.3/viz';
/** Layout coordinates are in [-1, 1]; Gephi's canvas works in hundreds. */
const GEXF_SCALE = 1000;

/**
 * GEXF 1.3 for Gephi (and networkx, graphology-gexf): an undirected graph; node label, declared
 * attributes `type`, `weight`, `citations`, `cluster`, `meanYear`, `firstYear`,
 * `totalLinkStrength`; `viz:position` (the layout, scaled by 1,000), `viz:size` (by weight),
 * `viz:color` (the cluster's). Time: the graph is dynamic with integer time, each node starting at
 * `start` = its first publication year, so Gephi's timeline shows the map growing year by year
 * (nodes without a year have no start: always shown). Edges carry `weight` = normalized strength
 * (what the clustering used) and attributes `strength` and `count`.
 */
export function toMapGEXF(map: ScienceMapResult): string {
  const maxWeight = map.nodes.reduce((max, node) => Math.max(max, node.weight), 0);
  const nodeColumns = [
    ['type', 'string'],
    ['weight', 'integer'],
    ['citations', 'integer'],
    ['cluster', 'integer'],
    ['meanYear', 'double'],
    ['firstYear', 'integer'],
    ['totalLinkStrength', 'integer'],
  ] as const;
  const edgeColumns = [
    ['type', 'string'],
    ['strength', 'double'],
    ['count', 'integer'],
  ] as const;
  const declare = (scope: string, columns: ReadonlyArray<readonly [string, string]>): XmlElement =>
    xmlElement(
      'attributes',
      { class: scope, mode: 'static' },
      columns.map(([name, type]) => xmlElement('attribute', { id: name, title: name, type })),
    );
  const attvalues = (values: Record<string, string | number | null>): XmlElement =>
    xmlElement(
      'attvalues',
      {},
      Object.entries(values).flatMap(([name, value]) =>
        value === null ? [] : [xmlElement('attvalue', { for: name, value: String(value) })],
      ),
    );
  const nodes = map.nodes.map((node) => {
    const { r, g, b } = hexToRgb(clusterColour(node.cluster));
    return xmlElement(
      'node',
      { id: node.id, label: node.label, ...(node.firstYear === null ? {} : { start: node.firstYear }) },
      [
        attvalues({
          type: node.type,
          ...nodeMeasures(node),
        }),
        xmlElement('viz:color', { r, g, b }),
        xmlElement('viz:position', {
          x: Math.round(node.x * GEXF_SCALE * 1000) / 1000,
          y: Math.round(node.y * GEXF_SCALE * 1000) / 1000,
          z: 0,
        }),
        xmlElement('viz:size', { value: nodeSize(node, maxWeight) }),
      ],
    );
  });
  const edges = map.links.map((link, i) =>
    xmlElement(
      'edge',
      { id: String(i), source: link.source, target: link.target, weight: link.strength, label: LINK_TYPE[map.kind] },
      [attvalues({ type: LINK_TYPE[map.kind], strength: link.strength, count: link.count })],
    ),
  );
  return serializeXml(
    xmlElement('gexf', { xmlns: GEXF_NS, 'xmlns:viz': VIZ_NS, version: '1.3' }, [
      xmlElement('meta', {}, [
        xmlTextElement('creator', 'scholarly-graph'),
        xmlTextElement('keywords', `truncated=${map.limited}`),
        xmlTextElement(
          'description',
          `Science map ${map.kind}, ${map.normalization} strengths, Louvain clusters at resolution ${map.resolution} (seed ${map.seed}, modularity ${map.modularity}); ${map.articleCount} articles${map.limited ? '; limited: nodes or links were cut' : ''}.`,
        ),
      ]),
      xmlElement('graph', { mode: 'dynamic', defaultedgetype: 'undirected', timeformat: 'integer' }, [
        declare('node', nodeColumns),
        declare('edge', edgeColumns),
        xmlElement('nodes', { count: map.nodes.length }, nodes),
        xmlElement('edges', { count: map.links.length }, edges),
      ]),
    ]),
  );
}

/**
 * graphology serialisation (Graph.from): an undirected simple graph; node attributes as in the
 * other formats plus Sigma's x, y (the layout), size (by weight) and color (the cluster's); edge
 * attributes `type`, `strength`, `count` and `weight` (= strength, what graphology's algorithms read).
 */
export function toMapGraphology(map: ScienceMapResult) {
  const maxWeight = map.nodes.reduce((max, node) => Math.max(max, node.weight), 0);
  return {
    attributes: {
      truncated: map.limited,
      kind: map.kind,
      normalization: map.normalization,
      resolution: map.resolution,
      seed: map.seed,
      modularity: map.modularity,
    },
    options: { type: 'undirected', multi: false, allowSelfLoops: false },
    nodes: map.nodes.map((node) => ({
      key: node.id,
      attributes: {
        label: node.label,
        type: node.type.toUpperCase(),
        ...nodeMeasures(node),
        x: node.x,
        y: node.y,
        size: nodeSize(node, maxWeight),
        color: clusterColour(node.cluster),
      },
    })),
    edges: map.links.map((link) => ({
      key: `${link.source}--${link.target}`,
      source: link.source,
      target: link.target,
      attributes: { type: LINK_TYPE[map.kind], strength: link.strength, count: link.count, weight: link.strength },
    })),
  };
}
