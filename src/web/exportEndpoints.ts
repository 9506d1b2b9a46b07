import type { Request, Response } from 'express';
import { GRAPH_FORMATS, isGraphFormatName, type GraphFormatName } from '../export/graphFormats.ts';
import type { GraphQLExecutor } from './exampleOperations.ts';

/** The format used when a download request names none. */
export const DEFAULT_EXPORT_FORMAT: GraphFormatName = 'GRAPHML';

/** Other spellings `format=` accepts (case-insensitive), besides the enum names. */
const FORMAT_ALIASES: Readonly<Record<string, GraphFormatName>> = {
  cyjs: 'CYTOSCAPE',
  'cytoscape.js': 'CYTOSCAPE',
  'node-link': 'D3',
  sigma: 'GRAPHOLOGY',
  xml: 'GRAPHML',
  'vosviewer-map': 'VOSVIEWER_MAP',
  'vosviewer-network': 'VOSVIEWER_NETWORK',
  vosviewer: 'VOSVIEWER_MAP',
};

type ParameterSpec = { name: string; kind: 'id' | 'string' | 'int' | 'float' | 'boolean' | 'list'; required: boolean };

/** One download endpoint: its query parameters, GraphQL operation and file name. */
type ExportEndpoint = {
  parameters: ParameterSpec[];
  /** The operation; it answers `graph { export nodeCount }`, null or zero nodes meaning not found. */
  query: string;
  /**
   * When the answer is "not found", an operation that tells which id parameter names no node
   * (each alias is a parameter name answering `node(id:) { id }`), so the 404 can name it.
   */
  whichMissing?: string;
  /** The parameters a not-found answer (null graph) is about. */
  notFound: { parameter: string; message: (values: Record<string, ParameterValue>) => string };
  fileStem: (values: Record<string, ParameterValue>) => string;
};

/** A parsed query parameter. */
type ParameterValue = string | number | boolean | string[];

/** The GraphQL type of each ArticleFilter field a map download takes as a query parameter. */
const MAP_FILTER_TYPES: Readonly<Record<string, string>> = {
  topic: 'String',
  topics: '[String!]',
  topicsMatch: 'TopicMatch',
  author: 'String',
  institution: 'String',
  journal: 'String',
  yearFrom: 'Int',
  yearTo: 'Int',
  language: 'String',
  referenceOnly: 'Boolean',
  cites: 'String',
  citedBy: 'String',
  documentType: 'String',
};

/** The filter parameters of `/export/map`: `topics` may be repeated (topic names can hold commas). */
const MAP_FILTER_PARAMETERS: ParameterSpec[] = Object.entries(MAP_FILTER_TYPES).map(([name, type]) => ({
  name,
  kind: type === 'Int' ? 'int' : type === 'Boolean' ? 'boolean' : type.startsWith('[') ? 'list' : 'string',
  required: false,
}));

/**
 * The download endpoints. Each runs one GraphQL operation through the
 * service's own executor, so the API's validation, limits and errors apply,
 * and asks the server for `Graph.export(format:)`. GraphQL variables carry
 * the same names as the HTTP parameters, which lets an error about
 * `$depth` be reported as parameter `depth`.
 */
export const EXPORT_ENDPOINTS = {
  neighborhood: {
    parameters: [
      { name: 'id', kind: 'id', required: true },
      { name: 'depth', kind: 'int', required: false },
      { name: 'limit', kind: 'int', required: false },
      { name: 'yearFrom', kind: 'int', required: false },
      { name: 'yearTo', kind: 'int', required: false },
    ],
    // An id that names no node gives an empty graph in GraphQL (the field is non-null): no node, no file.
    // yearFrom/yearTo: the view's year filter, so a download holds what the view shows.
    query: /* GraphQL */ `query ExportNeighborhood($id: ID!, $depth: Int, $limit: Int, $yearFrom: Int, $yearTo: Int, $format: GraphFormat!) {
  graph: neighborhood(id: $id, depth: $depth, limit: $limit, yearFrom: $yearFrom, yearTo: $yearTo) { export(format: $format) nodeCount }
}`,
    notFound: { parameter: 'id', message: (v) => `No node with id "${v.id}"` },
    fileStem: (v) => `neighborhood-${v.id}${v.depth === undefined ? '' : `-depth${v.depth}`}`,
  },
  path: {
    parameters: [
      { name: 'from', kind: 'id', required: true },
      { name: 'to', kind: 'id', required: true },
      { name: 'maxLength', kind: 'int', required: false },
    ],
    query: /* GraphQL */ `query ExportPath($from: ID!, $to: ID!, $maxLength: Int, $format: GraphFormat!) {
  graph: shortestPath(from: $from, to: $to, maxLength: $maxLength) { export(format: $format) nodeCount }
}`,
    whichMissing: /* GraphQL */ `query ExportPathEnds($from: ID!, $to: ID!) {
  from: node(id: $from) { id }
  to: node(id: $to) { id }
}`,
    notFound: {
      parameter: 'maxLength',
      message: (v) => `No path from "${v.from}" to "${v.to}" within ${v.maxLength ?? 'the default number of'} hops`,
    },
    fileStem: (v) => `path-${v.from}-to-${v.to}`,
  },
  citations: {
    parameters: [
      { name: 'id', kind: 'id', required: true },
      { name: 'depth', kind: 'int', required: false },
      { name: 'limit', kind: 'int', required: false },
      { name: 'yearFrom', kind: 'int', required: false },
      { name: 'yearTo', kind: 'int', required: false },
    ],
    // The citation neighbourhood: articles only, along CITES edges in either direction.
    query: /* GraphQL */ `query ExportCitations($id: ID!, $depth: Int, $limit: Int, $yearFrom: Int, $yearTo: Int, $format: GraphFormat!) {
  graph: neighborhood(id: $id, depth: $depth, limit: $limit, yearFrom: $yearFrom, yearTo: $yearTo, relationshipTypes: [CITES], types: [ARTICLE]) { export(format: $format) nodeCount }
}`,
    notFound: { parameter: 'id', message: (v) => `No node with id "${v.id}"` },
    fileStem: (v) => `citations-${v.id}${v.depth === undefined ? '' : `-depth${v.depth}`}`,
  },
  topic: {
    parameters: [
      { name: 'name', kind: 'string', required: true },
      { name: 'first', kind: 'int', required: false },
    ],
    query: /* GraphQL */ `query ExportTopic($name: String!, $first: Int, $format: GraphFormat!) {
  graph: topicGraph(name: $name, first: $first) { export(format: $format) nodeCount }
}`,
    notFound: { parameter: 'name', message: (v) => `No topic named "${v.name}"` },
    fileStem: (v) => `topic-${v.name}`,
  },
  map: {
    // The ArticleFilter fields, then the map's own arguments (see MAP_FILTER_FIELDS).
    parameters: [
      { name: 'kind', kind: 'string', required: true },
      ...MAP_FILTER_PARAMETERS,
      { name: 'minStrength', kind: 'int', required: false },
      { name: 'limit', kind: 'int', required: false },
      { name: 'normalization', kind: 'string', required: false },
      { name: 'resolution', kind: 'float', required: false },
      { name: 'seed', kind: 'int', required: false },
    ],
    // No article matching the filter: nothing to map (404). A map of matching articles with no nodes is an empty file.
    query: /* GraphQL */ `query ExportMap($kind: MapKind!, ${MAP_FILTER_PARAMETERS.map((p) => `$${p.name}: ${MAP_FILTER_TYPES[p.name]}`).join(', ')},
  $minStrength: Int, $limit: Int, $normalization: MapNormalization, $resolution: Float, $seed: Int, $format: GraphFormat!) {
  graph: scienceMap(kind: $kind, filter: { ${MAP_FILTER_PARAMETERS.map((p) => `${p.name}: $${p.name}`).join(', ')} },
    minStrength: $minStrength, limit: $limit, normalization: $normalization, resolution: $resolution, seed: $seed) { export(format: $format) nodeCount: articleCount }
}`,
    notFound: { parameter: 'kind', message: () => 'No article matches the filter: there is nothing to map' },
    fileStem: (v) => `map-${String(v.kind).toLowerCase()}${v.topic === undefined ? '' : `-${String(v.topic)}`}`,
  },
} satisfies Record<string, ExportEndpoint>;

/** The download endpoint names (`/export/<name>`). */
export type ExportEndpointName = keyof typeof EXPORT_ENDPOINTS;

/** A client error: HTTP status and the JSON body `{ error: { message, parameter?, code? } }`. */
class ExportRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly parameter?: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** A file name made only of safe ASCII characters. */
export function safeFileStem(stem: string): string {
  const cleaned = stem
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '');
  return (cleaned || 'graph').slice(0, 100);
}

/**
 * `attachment; filename="<ascii>"`, plus RFC 6266 `filename*` with the
 * UTF-8 name when the stem has characters the ASCII name had to drop
 * (a Chinese topic name, say).
 */
export function contentDisposition(stem: string, extension: string): string {
  const ascii = `${safeFileStem(stem)}.${extension}`;
  const unicode = `${stem.replace(/[\u0000-\u001f\u007f"\\/:*?<>|]+/g, '-').slice(0, 100)}.${extension}`;
  if (/^[\x20-\x7e]*$/.test(unicode)) return `attachment; filename="${ascii}"`;
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(unicode)}`;
}

/** Parses `format=` (enum name, any case, or an alias); defaults to {@link DEFAULT_EXPORT_FORMAT}. */
export function parseFormat(raw: unknown): GraphFormatName {
  if (raw === undefined || raw === '') return DEFAULT_EXPORT_FORMAT;
  if (typeof raw !== 'string') throw new ExportRequestError(400, 'Parameter "format" must be given once', 'format');
  const upper = raw.trim().toUpperCase();
  if (isGraphFormatName(upper)) return upper;
  const alias = FORMAT_ALIASES[raw.trim().toLowerCase()];
  if (alias) return alias;
  throw new ExportRequestError(
    400,
    `Parameter "format" must be one of ${Object.keys(GRAPH_FORMATS).join(', ')} (got "${raw}")`,
    'format',
  );
}

function parseParameters(endpoint: ExportEndpoint, query: Request['query']): Record<string, ParameterValue> {
  const values: Record<string, ParameterValue> = {};
  for (const spec of endpoint.parameters) {
    const raw = query[spec.name];
    if (raw === undefined || raw === '') {
      if (spec.required) throw new ExportRequestError(400, `Parameter "${spec.name}" is required`, spec.name);
      continue;
    }
    if (spec.kind === 'list') {
      const list = Array.isArray(raw) ? raw : [raw];
      if (!list.every((item): item is string => typeof item === 'string'))
        throw new ExportRequestError(
          400,
          `Parameter "${spec.name}" must be text, repeated for several values`,
          spec.name,
        );
      values[spec.name] = list;
      continue;
    }
    if (typeof raw !== 'string')
      throw new ExportRequestError(400, `Parameter "${spec.name}" must be given once`, spec.name);
    if (spec.kind === 'float') {
      if (!/^-?\d{1,9}(\.\d{1,9})?$/.test(raw.trim()))
        throw new ExportRequestError(400, `Parameter "${spec.name}" must be a number (got "${raw}")`, spec.name);
      values[spec.name] = Number.parseFloat(raw);
      continue;
    }
    if (spec.kind === 'boolean') {
      if (!/^(true|false)$/i.test(raw.trim()))
        throw new ExportRequestError(400, `Parameter "${spec.name}" must be true or false (got "${raw}")`, spec.name);
      values[spec.name] = raw.trim().toLowerCase() === 'true';
      continue;
    }
    if (spec.kind === 'int') {
      if (!/^-?\d{1,9}$/.test(raw.trim())) {
        throw new ExportRequestError(400, `Parameter "${spec.name}" must be an integer (got "${raw}")`, spec.name);
      }
      values[spec.name] = Number.parseInt(raw, 10);
    } else {
      values[spec.name] = spec.kind === 'id' ? raw.trim() : raw;
    }
  }
  return values;
}

/** Which HTTP parameter a GraphQL error is about, when it can tell. */
function parameterOf(
  error: { message: string; extensions?: Record<string, unknown> },
  endpoint: ExportEndpoint,
): string | undefined {
  const names = [...endpoint.parameters.map((p) => p.name), 'format'];
  for (const key of ['parameter', 'argument', 'argumentName', 'variable', 'field']) {
    const value = error.extensions?.[key];
    if (typeof value === 'string' && names.includes(value.replace(/^\$/, ''))) return value.replace(/^\$/, '');
  }
  const variable = /\$(\w+)/.exec(error.message)?.[1];
  if (variable && names.includes(variable)) return variable;
  // Quoted names anywhere; bare words only for names that are not everyday English.
  const quoted = names.find((name) =>
    new RegExp(`["'\`]${name}["'\`]|\\b(?:argument|parameter|variable)\\s+${name}\\b`).test(error.message),
  );
  return (
    quoted ??
    names.find(
      (name) =>
        ['depth', 'limit', 'maxLength', 'minStrength', 'resolution', 'seed', 'yearFrom', 'yearTo'].includes(name) &&
        new RegExp(`\\b${name}\\b`).test(error.message),
    )
  );
}

const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  NOT_FOUND: 404,
  INTERNAL_SERVER_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
  DATABASE_UNAVAILABLE: 503,
  QUERY_TIMEOUT: 504,
};

/** Seconds a client should wait before retrying a 503 (the database is reconnected by itself). */
const RETRY_AFTER_SECONDS = 5;

/** HTTP status of a GraphQL error: its code's, 404 for a name that names nothing, else 400. */
function statusOf(code: string | undefined, extensions: Record<string, unknown> | undefined): number {
  if (code === 'BAD_USER_INPUT' && extensions?.reason === 'NOT_FOUND') return 404;
  return code ? (STATUS_BY_CODE[code] ?? 400) : 400;
}

/**
 * Handles `GET /export/<name>`: validates the parameters, runs the export
 * operation and sends the file with its content type and an attachment
 * file name, or a JSON error: 400 for bad parameters and GraphQL errors
 * (naming the parameter when it can tell), 404 when there is nothing to
 * export (an id or name that names no node, an unknown topic, no path), 503
 * when the database is unavailable (with Retry-After), 504 when the query
 * timed out, 500 when the executor fails.
 */
export async function handleExport(
  name: ExportEndpointName,
  execute: GraphQLExecutor,
  req: Request,
  res: Response,
): Promise<void> {
  const endpoint: ExportEndpoint = EXPORT_ENDPOINTS[name];
  res.setHeader('Cache-Control', 'no-store');
  try {
    const format = parseFormat(req.query.format);
    const values = parseParameters(endpoint, req.query);
    const result = await execute(endpoint.query, { ...values, format });
    const firstError = result.errors?.[0];
    if (firstError) {
      const code = typeof firstError.extensions?.code === 'string' ? firstError.extensions.code : undefined;
      const parameter =
        parameterOf(firstError, endpoint) ?? (code === 'NOT_FOUND' ? endpoint.notFound.parameter : undefined);
      throw new ExportRequestError(statusOf(code, firstError.extensions), firstError.message, parameter, code);
    }
    const graph = (result.data?.graph ?? null) as { export?: unknown; nodeCount?: unknown } | null;
    if (graph === null || graph.nodeCount === 0) {
      const missing = endpoint.whichMissing
        ? await missingParameter(execute, endpoint.whichMissing, values)
        : undefined;
      if (missing) throw new ExportRequestError(404, `No node with id "${values[missing]}"`, missing, 'NOT_FOUND');
      throw new ExportRequestError(404, endpoint.notFound.message(values), endpoint.notFound.parameter, 'NOT_FOUND');
    }
    if (typeof graph.export !== 'string') throw new Error('The API returned no export body');
    const { contentType, fileExtension } = GRAPH_FORMATS[format];
    res.status(200);
    res.setHeader('Content-Type', contentType);
    res.setHeader('Content-Disposition', contentDisposition(endpoint.fileStem(values), fileExtension));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.send(graph.export);
  } catch (error) {
    if (error instanceof ExportRequestError) {
      if (error.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      res.status(error.status).json({
        error: {
          message: error.message,
          ...(error.parameter ? { parameter: error.parameter } : {}),
          ...(error.code ? { code: error.code } : {}),
        },
      });
      return;
    }
    // No internals (messages of unexpected errors can name hosts, paths or queries).
    res.status(500).json({ error: { message: 'The export failed unexpectedly', code: 'INTERNAL_SERVER_ERROR' } });
  }
}

/** The first id parameter that names no node (null answer), for a 404 that names it; undefined when all exist or it cannot tell. */
async function missingParameter(
  execute: GraphQLExecutor,
  query: string,
  values: Record<string, ParameterValue>,
): Promise<string | undefined> {
  try {
    const result = await execute(query, values);
    if (result.errors?.length || !result.data) return undefined;
    return Object.keys(result.data).find((name) => Object.hasOwn(values, name) && result.data?.[name] === null);
  } catch {
    return undefined;
  }
}
