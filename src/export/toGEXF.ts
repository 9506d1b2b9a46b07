import { create } from 'xmlbuilder2';
import type { ExportGraph } from './exportTypes.ts';
import { entityStyle, hexToRgb } from './entityStyles.ts';
import { attributeText, propertyColumns } from './propertySchema.ts';

const GEXF_NS = 'http://www.gexf.net/1.2draft';
const VIZ_NS = 'http://www.gexf.net/1.2draft/viz';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const SCHEMA_LOCATION = `${GEXF_NS} http://www.gexf.net/1.2draft/gexf.xsd`;

/** GEXF's name for each attribute kind. */
const GEXF_TYPE = { boolean: 'boolean', int: 'integer', long: 'long', double: 'double', string: 'string' } as const;

/**
 * Serialises a subgraph as GEXF 1.2 (the version Gephi, graphology-gexf and
 * Sigma read; built with xmlbuilder2). Each node has its `label` attribute
 * plus a declared `type` node attribute and its type colour as `viz:color`;
 * each edge has `label` = relationship type plus a declared `type` edge
 * attribute. Properties become typed attributes (`position` -> integer).
 * The output is deterministic (no `lastmodifieddate`), so it can be tested
 * and cached.
 */
export function toGEXF(graph: ExportGraph): string {
  const nodeColumns = [{ name: 'type', kind: 'string' as const }, ...propertyColumns(graph.nodes, ['type', 'label'])];
  const edgeColumns = [{ name: 'type', kind: 'string' as const }, ...propertyColumns(graph.edges, ['type', 'label'])];

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const root = doc
    .ele(GEXF_NS, 'gexf', { version: '1.2' })
    .att('http://www.w3.org/2000/xmlns/', 'xmlns:viz', VIZ_NS)
    .att(XSI_NS, 'xsi:schemaLocation', SCHEMA_LOCATION);
  const meta = root.ele('meta');
  meta.ele('creator').txt('scholarly-graph');
  meta.ele('description').txt('Scholarly knowledge graph export');

  const graphEl = root.ele('graph', { mode: 'static', defaultedgetype: 'directed' });
  const declare = (scope: 'node' | 'edge', columns: readonly { name: string; kind: keyof typeof GEXF_TYPE }[]): void => {
    const attributes = graphEl.ele('attributes', { class: scope, mode: 'static' });
    columns.forEach((column, index) => {
      attributes.ele('attribute', { id: `${scope}-${index}`, title: column.name, type: GEXF_TYPE[column.kind] });
    });
  };
  declare('node', nodeColumns);
  declare('edge', edgeColumns);

  const nodesEl = graphEl.ele('nodes', { count: graph.nodes.length });
  for (const node of graph.nodes) {
    const el = nodesEl.ele('node', { id: node.id, label: node.label });
    const values = el.ele('attvalues');
    nodeColumns.forEach((column, index) => {
      const value = column.name === 'type' ? node.type : node.properties?.[column.name];
      if (value === undefined || value === null) return;
      values.ele('attvalue', { for: `node-${index}`, value: attributeText(value) });
    });
    const { r, g, b } = hexToRgb(entityStyle(node.type).color);
    el.ele(VIZ_NS, 'viz:color', { r, g, b });
  }
  const edgesEl = graphEl.ele('edges', { count: graph.edges.length });
  for (const edge of graph.edges) {
    const el = edgesEl.ele('edge', { id: edge.id, source: edge.source, target: edge.target, label: edge.type });
    const values = el.ele('attvalues');
    edgeColumns.forEach((column, index) => {
      const value = column.name === 'type' ? edge.type : edge.properties?.[column.name];
      if (value === undefined || value === null) return;
      values.ele('attvalue', { for: `edge-${index}`, value: attributeText(value) });
    });
  }
  return doc.end({ prettyPrint: true });
}
