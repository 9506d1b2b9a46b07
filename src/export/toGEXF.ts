import { EDGE_RESERVED, NODE_RESERVED, type ExportGraph } from './exportTypes.ts';
import { entityStyle, hexToRgb } from './entityStyles.ts';
import { attributeText, propertyColumns, type AttributeKind } from './propertySchema.ts';
import { serializeXml, xmlElement, xmlTextElement, type XmlElement } from './xmlWriter.ts';

/** GEXF 1.3 (the current version; "draft" was dropped from the version names with 1.3). */
export const GEXF_VERSION = '1.3';
const GEXF_NS = 'http://gexf.net/1.3';
const VIZ_NS = 'http://gexf.net/1.3/viz';

/** GEXF's name for each attribute kind. */
const GEXF_TYPE: Readonly<Record<AttributeKind, string>> = {
  boolean: 'boolean',
  int: 'integer',
  long: 'long',
  double: 'double',
  string: 'string',
};

/**
 * Serialises a subgraph as GEXF 1.3 (Gephi 0.9.3 and later, graphology-gexf). Attribute columns
 * are declared with id = title = the attribute's name (`type`, `year`, ...), so every reader finds
 * the same names as in the other formats: node `type` and edge `type` (the relationship), then the
 * properties, typed (`position` -> integer). GEXF's own fields carry what Gephi shows: node
 * `label`, the type colour as `viz:color`, edge `label` = relationship, and edge `kind` =
 * relationship, which is what GEXF 1.3 uses to keep parallel edges of different relations apart.
 * GEXF has no graph attributes, so the truncation flag is in `<meta>`: `<keywords>` holds
 * `truncated=true` or `truncated=false` and the description says it in words. The output is
 * deterministic (no `lastmodifieddate`). It validates against the GEXF 1.3 RELAX NG schema (the
 * normative one; it allows no `xsi:schemaLocation`, so none is written).
 */
export function toGEXF(graph: ExportGraph): string {
  const nodeColumns = [{ name: 'type', kind: 'string' as const }, ...propertyColumns(graph.nodes, NODE_RESERVED)];
  const edgeColumns = [{ name: 'type', kind: 'string' as const }, ...propertyColumns(graph.edges, EDGE_RESERVED)];
  const truncated = graph.truncated ?? false;

  const declare = (scope: 'node' | 'edge', columns: readonly { name: string; kind: AttributeKind }[]): XmlElement =>
    xmlElement(
      'attributes',
      { class: scope, mode: 'static' },
      columns.map((column) =>
        xmlElement('attribute', { id: column.name, title: column.name, type: GEXF_TYPE[column.kind] }),
      ),
    );
  const attvalues = (
    columns: readonly { name: string }[],
    value: (name: string) => string | number | boolean | null | undefined,
  ): XmlElement =>
    xmlElement(
      'attvalues',
      {},
      columns.flatMap((column) => {
        const v = value(column.name);
        return v === undefined || v === null
          ? []
          : [xmlElement('attvalue', { for: column.name, value: attributeText(v) })];
      }),
    );

  const nodes = graph.nodes.map((node) => {
    const { r, g, b } = hexToRgb(entityStyle(node.type).color);
    return xmlElement('node', { id: node.id, label: node.label }, [
      attvalues(nodeColumns, (name) => (name === 'type' ? node.type : node.properties?.[name])),
      xmlElement('viz:color', { r, g, b }),
    ]);
  });
  const edges = graph.edges.map((edge) =>
    xmlElement('edge', { id: edge.id, source: edge.source, target: edge.target, label: edge.type, kind: edge.type }, [
      attvalues(edgeColumns, (name) => (name === 'type' ? edge.type : edge.properties?.[name])),
    ]),
  );

  return serializeXml(
    xmlElement('gexf', { xmlns: GEXF_NS, 'xmlns:viz': VIZ_NS, version: GEXF_VERSION }, [
      xmlElement('meta', {}, [
        xmlTextElement('creator', 'scholarly-graph'),
        xmlTextElement('keywords', `truncated=${truncated}`),
        xmlTextElement(
          'description',
          truncated
            ? 'Scholarly knowledge graph export; truncated: a node limit cut this subgraph short, more nodes were within reach.'
            : 'Scholarly knowledge graph export; complete: no node limit cut this subgraph.',
        ),
      ]),
      xmlElement('graph', { mode: 'static', defaultedgetype: 'directed' }, [
        declare('node', nodeColumns),
        declare('edge', edgeColumns),
        xmlElement('nodes', { count: graph.nodes.length }, nodes),
        xmlElement('edges', { count: graph.edges.length }, edges),
      ]),
    ]),
  );
}
