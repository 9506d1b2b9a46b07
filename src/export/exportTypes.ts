/**
 * A scalar attribute value as the GraphQL `JSON` properties carry them.
 * Only scalars: every export format can represent them as a typed attribute.
 */
export type ExportPropertyValue = string | number | boolean | null;

/** Scalar attributes of a node or an edge, e.g. `{ position: 1 }` on AUTHORED. */
export type ExportProperties = Record<string, ExportPropertyValue>;

/** A node as the GraphQL `GraphNode` returns it. */
export type ExportNode = {
  /** The global id (the one `Query.node` accepts). */
  id: string;
  /** The entity type: ARTICLE, AUTHOR, INSTITUTION, JOURNAL or TOPIC. */
  type: string;
  label: string;
  properties?: ExportProperties;
};

/** A directed edge as the GraphQL `GraphEdge` returns it. */
export type ExportEdge = {
  id: string;
  source: string;
  target: string;
  /** The relationship type, e.g. AUTHORED, HAS_TOPIC. */
  type: string;
  properties?: ExportProperties;
};

/**
 * The format-neutral subgraph every exporter takes: a neighbourhood, a path
 * or a topic's article graph exactly as `Graph { nodes edges }` returns it.
 * It is the single input shape, so the GraphQL `Graph.export` field, the HTTP
 * download endpoints and the explorer page all produce identical files.
 */
export type ExportGraph = {
  nodes: ExportNode[];
  edges: ExportEdge[];
  /**
   * True when a node limit cut the subgraph short (more nodes were within reach). Every format
   * carries it as graph-level metadata, so a file says by itself whether it is complete.
   */
  truncated?: boolean;
};

/**
 * The one attribute vocabulary every format uses. A node has `id`, `type` (the entity type:
 * ARTICLE, AUTHOR, ...) and `label`; an edge has `id`, `source`, `target` and `type` (the
 * relationship: AUTHORED, HAS_TOPIC, ...); the graph has `truncated`. Properties are added under
 * their own names, except that they never replace one of these reserved names.
 */
export const NODE_RESERVED = ['id', 'type', 'label'] as const;
/** See {@link NODE_RESERVED}. */
export const EDGE_RESERVED = ['id', 'source', 'target', 'type'] as const;
/** The graph-level attribute every file carries. */
export const GRAPH_TRUNCATED = 'truncated';

/** Copies properties, leaving out the names the element itself defines. */
export function propertiesWithout(
  properties: ExportProperties | undefined,
  reserved: readonly string[],
): ExportProperties {
  const out: ExportProperties = {};
  for (const [key, value] of Object.entries(properties ?? {})) {
    if (!reserved.includes(key)) out[key] = value;
  }
  return out;
}
