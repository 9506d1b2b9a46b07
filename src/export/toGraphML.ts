import { EDGE_RESERVED, GRAPH_TRUNCATED, NODE_RESERVED, type ExportGraph } from './exportTypes.ts';
import { attributeText, propertyColumns } from './propertySchema.ts';
import { serializeXml, xmlElement, xmlTextElement, type XmlElement } from './xmlWriter.ts';

const GRAPHML_NS = 'http://graphml.graphdrawing.org/xmlns';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const SCHEMA_LOCATION = `${GRAPHML_NS} http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd`;

/**
 * Serialises a subgraph as GraphML 1.0. Declared `<key>`s: graph `truncated` (boolean), node
 * `label` and `type`, edge `type`, then one typed key per property found in the elements
 * (`position` on AUTHORED edges becomes an `int` key). Key ids are generated (`g0`, `n0`, `e0`,
 * ...) with the real name in `attr.name`, so any property name is safe. Text is escaped by
 * {@link serializeXml} (every `&`, characters XML 1.0 cannot carry dropped). The result opens in
 * Gephi, Cytoscape desktop, yEd, NetworkX and graphology-graphml.
 */
export function toGraphML(graph: ExportGraph): string {
  const nodeColumns = propertyColumns(graph.nodes, NODE_RESERVED);
  const edgeColumns = propertyColumns(graph.edges, EDGE_RESERVED);

  const keys: XmlElement[] = [];
  const nodeKeys = new Map<string, string>();
  const edgeKeys = new Map<string, string>();
  const declare = (scope: 'graph' | 'node' | 'edge', ids: Map<string, string>, name: string, kind: string): void => {
    const id = `${scope[0]}${ids.size}`;
    ids.set(name, id);
    keys.push(xmlElement('key', { id, for: scope, 'attr.name': name, 'attr.type': kind }));
  };
  const graphKeys = new Map<string, string>();
  declare('graph', graphKeys, GRAPH_TRUNCATED, 'boolean');
  declare('node', nodeKeys, 'label', 'string');
  declare('node', nodeKeys, 'type', 'string');
  for (const column of nodeColumns) declare('node', nodeKeys, column.name, column.kind);
  declare('edge', edgeKeys, 'type', 'string');
  for (const column of edgeColumns) declare('edge', edgeKeys, column.name, column.kind);

  const data = (keyId: string | undefined, value: string): XmlElement => xmlTextElement('data', value, { key: keyId });
  const content: XmlElement[] = [data(graphKeys.get(GRAPH_TRUNCATED), String(graph.truncated ?? false))];
  for (const node of graph.nodes) {
    const values = [data(nodeKeys.get('label'), node.label), data(nodeKeys.get('type'), node.type)];
    for (const column of nodeColumns) {
      const value = node.properties?.[column.name];
      if (value !== undefined && value !== null) values.push(data(nodeKeys.get(column.name), attributeText(value)));
    }
    content.push(xmlElement('node', { id: node.id }, values));
  }
  for (const edge of graph.edges) {
    const values = [data(edgeKeys.get('type'), edge.type)];
    for (const column of edgeColumns) {
      const value = edge.properties?.[column.name];
      if (value !== undefined && value !== null) values.push(data(edgeKeys.get(column.name), attributeText(value)));
    }
    content.push(xmlElement('edge', { id: edge.id, source: edge.source, target: edge.target }, values));
  }

  return serializeXml(
    xmlElement('graphml', { xmlns: GRAPHML_NS, 'xmlns:xsi': XSI_NS, 'xsi:schemaLocation': SCHEMA_LOCATION }, [
      ...keys,
      xmlElement('graph', { id: 'G', edgedefault: 'directed' }, content),
    ]),
  );
}
