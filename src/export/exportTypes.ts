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
};
