import { create } from 'xmlbuilder2';
import type { ExportGraph } from './exportTypes.ts';
import { attributeText, propertyColumns } from './propertySchema.ts';

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const SCHEMA_LOCATION = `${GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd`;

/** Node columns every GraphML file has (Gephi reads `label` as the node label). */
const NODE_FIXED = ['label', 'type'] as const;
/** Edge columns every GraphML file has. */
const EDGE_FIXED = ['type', 'label'] as const;

/**
 * Serialises a subgraph as GraphML 1.0 (built with xmlbuilder2, so escaping
 * and well-formedness are the library's job). Node `label` and `type` and
 * edge `type` (repeated as edge `label`, which Gephi shows) are declared
 * `<key>` attributes, followed by one typed key per property found in the
 * elements (`position` on AUTHORED edges becomes an `int` key). Key ids are
 * generated (`n0`, `e0`, ...) with the real name in `attr.name`, so any
 * property name is safe. Characters XML 1.0 cannot carry are dropped. The
 * result opens in Gephi, Cytoscape desktop, yEd and NetworkX.
 */
export function toGraphML(graph: ExportGraph): string {
  const nodeColumns = propertyColumns(graph.nodes, NODE_FIXED);
  const edgeColumns = propertyColumns(graph.edges, EDGE_FIXED);

  const doc = create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '' });
  const root = doc.ele(GRAPHML_NS, 'graphml').att(XSI_NS, 'xsi:schemaLocation', SCHEMA_LOCATION);

  const nodeKeys = new Map<string, string>();
  const edgeKeys = new Map<string, string>();
  const declare = (scope: 'node' | 'edge', keys: Map<string, string>, name: string, kind: string): void => {
    const id = `${scope === 'node' ? 'n' : 'e'}${keys.size}`;
    keys.set(name, id);
    root.ele('key', { id, for: scope, 'attr.name': name, 'attr.type': kind });
  };
  for (const name of NODE_FIXED) declare('node', nodeKeys, name, 'string');
  for (const column of nodeColumns) declare('node', nodeKeys, column.name, column.kind);
  for (const name of EDGE_FIXED) declare('edge', edgeKeys, name, 'string');
  for (const column of edgeColumns) declare('edge', edgeKeys, column.name, column.kind);

  const graphEl = root.ele('graph', { id: 'G', edgedefault: 'directed' });
  for (const node of graph.nodes) {
    const el = graphEl.ele('node', { id: node.id });
    el.ele('data', { key: nodeKeys.get('label') }).txt(node.label);
    el.ele('data', { key: nodeKeys.get('type') }).txt(node.type);
    for (const column of nodeColumns) {
      const value = node.properties?.[column.name];
      if (value === undefined || value === null) continue;
      el.ele('data', { key: nodeKeys.get(column.name) }).txt(attributeText(value));
    }
  }
  for (const edge of graph.edges) {
    const el = graphEl.ele('edge', { id: edge.id, source: edge.source, target: edge.target });
    el.ele('data', { key: edgeKeys.get('type') }).txt(edge.type);
    el.ele('data', { key: edgeKeys.get('label') }).txt(edge.type);
    for (const column of edgeColumns) {
      const value = edge.properties?.[column.name];
      if (value === undefined || value === null) continue;
      el.ele('data', { key: edgeKeys.get(column.name) }).txt(attributeText(value));
    }
  }
  return doc.end({ prettyPrint: true });
}
