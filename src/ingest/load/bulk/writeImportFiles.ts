import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { BulkGraph, BulkNode, BulkRelationship, NodeGroup, PropertyValue } from './BulkGraph.ts';

/**
 * Neo4j's import tool reads arrays as one field split at a delimiter: the unit separator (U+001F),
 * which no bibliographic text contains (a value that does is refused, see BulkLoadError).
 */
export const ARRAY_DELIMITER = '\u001f';

/**
 * An array the import files cannot express: the import tool reads an empty array field, and an array
 * whose only element is the empty string, as no property. Such values are written as one-element
 * placeholder arrays and set to their real value after the import (fixupStatements).
 */
export const EMPTY_LIST_PLACEHOLDER = '\u0002bulk-load:empty-list\u0002';
export const BLANK_LIST_PLACEHOLDER = '\u0002bulk-load:list-of-one-empty-string\u0002';

/** One import file: its header is its first line. */
export interface ImportFile {
  file: string;
  /** `--nodes=<labels>=file` or `--relationships=<type>=file`. */
  kind: 'nodes' | 'relationships';
  /** Labels joined by ':' (nodes) or the relationship type. */
  tag: string;
  rows: number;
  /** Holds a value with a line break (read with multi-line fields on). */
  multiline: boolean;
}

/** A property written as a placeholder, to be fixed after the import: on nodes of a label or relationships of a type. */
export interface Placeholder {
  on: 'node' | 'relationship';
  /** A label of the nodes, or the relationship type. */
  tag: string;
  property: string;
}

/** A value the bulk path cannot write faithfully (named: the caller reports it and nothing is imported). */
export class BulkLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BulkLoadError';
  }
}

type ColumnType = 'string' | 'long' | 'double' | 'boolean' | 'string[]';

function columnType(value: Exclude<PropertyValue, null | undefined>, where: () => string): ColumnType {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  // As the loader's parameters are converted (src/db/driver/toNeo4jParams.ts): whole numbers are integers.
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  if (value.every((v) => typeof v === 'string')) return 'string[]';
  throw new BulkLoadError(`${where()}: only arrays of strings are written by the bulk path`);
}

/** Whether a quoted value of the row being rendered held a line break (its file is then read with multi-line fields on). */
let sawLineBreak = false;

function quote(text: string): string {
  if (!sawLineBreak && (text.includes('\n') || text.includes('\r'))) sawLineBreak = true;
  return `"${text.includes('"') ? text.replaceAll('"', '""') : text}"`;
}

function cell(value: PropertyValue, type: ColumnType, where: () => string): string {
  if (value === null || value === undefined) return '';
  if (type === 'string') return quote(value as string);
  if (type === 'string[]') {
    const list = value as readonly string[];
    if (list.length === 0) return quote(EMPTY_LIST_PLACEHOLDER);
    if (list.length === 1 && list[0] === '') return quote(BLANK_LIST_PLACEHOLDER);
    for (const element of list)
      if (element.includes(ARRAY_DELIMITER))
        throw new BulkLoadError(`${where()}: a list element contains U+001F, the import files' list separator`);
    return quote(list.join(ARRAY_DELIMITER));
  }
  return String(value);
}

/** A one-letter code of a value's column type, for the shape key of a row. */
function typeCode(value: Exclude<PropertyValue, null | undefined>): string {
  if (typeof value === 'string') return 's';
  if (typeof value === 'boolean') return 'b';
  if (typeof value === 'number') return Number.isInteger(value) ? 'l' : 'd';
  return 'a';
}

const ID_COLUMN: Record<NodeGroup, string> = { Entity: 'id', Alias: 'value', Source: 'id', Import: 'id' };

/** Buffered writing of one file. */
class Output {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;
  rows = 0;
  multiline = false;
  constructor(
    readonly file: string,
    header: string,
  ) {
    this.fd = openSync(file, 'w');
    this.push(header);
  }
  push(line: string): void {
    this.parts.push(line, '\n');
    this.size += line.length;
    if (this.size > 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length > 0) writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }
  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

/**
 * Writes the planned graph as CSV files for `neo4j-admin database import full`: one file per kind of
 * node (labels) or relationship type and property signature (names and types), since a header gives
 * each column one type, and whole and fractional numbers of one property are stored as integers and
 * floats by the loader. Node ids are in four id spaces (entities, aliases, sources, imports).
 */
export function writeImportFiles(graph: BulkGraph, dir: string): { files: ImportFile[]; placeholders: Placeholder[] } {
  const writer = new ImportFileWriter(dir);
  for (const node of graph.nodes()) writer.node(node);
  for (const rel of graph.relationships()) writer.relationship(rel);
  return writer.finish();
}

type Entry = { output: Output; file: ImportFile };

/**
 * A node or relationship as its row of an import file, rendered apart from the writer that adds it to
 * its file (the bulk plan renders articles on a second thread: planArticles.ts). Rows of one shape
 * (labels or type, property names and types, in the order the planner set them) share their sorted
 * columns and file.
 */
export interface RenderedRow {
  on: Placeholder['on'];
  /** The shape's name given by its renderer (KnownShapes). */
  shape: string;
  line: string;
  /** The first label or the type: what a placeholder is fixed on. */
  tag: string;
  /** Properties written as list placeholders. */
  placeholders: string[];
  /** A value holds a line break. */
  multiline: boolean;
  /** The file of the shape: given when the renderer had not given it before (a shape is opened once). */
  file?: { kind: ImportFile['kind']; tag: string; signature: string; header: string };
}

/**
 * The shapes a renderer met: their columns, and the short name its rows give each by (its first row
 * gives the shape's file too). Each renderer names its shapes with its own prefix, so that the rows
 * of two renderers can go to one writer.
 */
export class KnownShapes {
  private readonly shapes = new Map<string, { columns: Array<[string, ColumnType]>; name: string }>();
  constructor(private readonly prefix: string) {}
  get(key: string): { columns: Array<[string, ColumnType]>; name: string } | undefined {
    return this.shapes.get(key);
  }
  add(key: string, columns: Array<[string, ColumnType]>): string {
    const name = `${this.prefix}${this.shapes.size}`;
    this.shapes.set(key, { columns, name });
    return name;
  }
}

/** The properties that are set (not null or undefined), in their order: what a row holds. */
export function presentProps(props: Record<string, PropertyValue>): Record<string, PropertyValue> {
  const present: Record<string, PropertyValue> = {};
  // The same keys in the same order as Object.entries (plain objects), without an array per property.
  for (const k in props) {
    const v = props[k];
    if (v !== null && v !== undefined) present[k] = v;
  }
  return present;
}

/**
 * The shape of a row with this key: its columns and name from `known`, or, met for the first time,
 * its columns typed from `props` (less `skip`) and named in `known`, with the file `fileOf` them.
 */
function shapeOf(
  known: KnownShapes,
  key: string,
  props: Record<string, PropertyValue>,
  skip: string | undefined,
  where: () => string,
  fileOf: (columns: Array<[string, ColumnType]>) => NonNullable<RenderedRow['file']>,
): { shape: string; columns: Array<[string, ColumnType]>; file?: RenderedRow['file'] } {
  const met = known.get(key);
  if (met) return { shape: met.name, columns: met.columns };
  const columns = typed(props, skip, where);
  return { shape: known.add(key, columns), columns, file: fileOf(columns) };
}

/** `name:type` of each column, as the import tool's headers write them. */
function columnHeaders(columns: Array<[string, ColumnType]>): string[] {
  return columns.map(([k, t]) => `${k}:${t}`);
}

/** A node as its import-file row (`known`: the shapes this renderer met before; updated). */
export function renderNode(node: BulkNode, known: KnownShapes): RenderedRow {
  const where = () => `${node.labels.join(':')} ${node.key}`;
  const idColumn = ID_COLUMN[node.group];
  const key = shapeKey(`${node.group}|${node.labels.join(':')}`, node.props, idColumn);
  const { shape, columns, file } = shapeOf(known, key, node.props, idColumn, where, (typedColumns) => ({
    kind: 'nodes',
    tag: [...node.labels].sort().join(':'),
    signature: `${node.group}|${columnHeaders(typedColumns).join(',')}`,
    header: [`${idColumn}:ID(${node.group})`, ...columnHeaders(typedColumns)].join(','),
  }));
  sawLineBreak = false;
  return render('node', shape, node.labels[0]!, [quote(node.key)], columns, node.props, where, file);
}

/** A relationship as its import-file row (`known` as renderNode's). */
export function renderRelationship(rel: BulkRelationship, known: KnownShapes): RenderedRow {
  const where = () => `${rel.type} ${rel.start} -> ${rel.end}`;
  const key = shapeKey(`${rel.type}|${rel.startGroup}|${rel.endGroup}`, rel.props, undefined);
  const { shape, columns, file } = shapeOf(known, key, rel.props, undefined, where, (typedColumns) => ({
    kind: 'relationships',
    tag: rel.type,
    signature: `${rel.startGroup}|${rel.endGroup}|${columnHeaders(typedColumns).join(',')}`,
    header: [`:START_ID(${rel.startGroup})`, `:END_ID(${rel.endGroup})`, ...columnHeaders(typedColumns)].join(','),
  }));
  sawLineBreak = false;
  return render('relationship', shape, rel.type, [quote(rel.start), quote(rel.end)], columns, rel.props, where, file);
}

function render(
  on: Placeholder['on'],
  shape: string,
  tag: string,
  cells: string[],
  columns: Array<[string, ColumnType]>,
  props: Record<string, PropertyValue>,
  where: () => string,
  file: RenderedRow['file'],
): RenderedRow {
  const placeholders: string[] = [];
  for (const [k, t] of columns) {
    const value = props[k];
    if (t === 'string[]' && isPlaceholder(value)) placeholders.push(k);
    cells.push(cell(value, t, where));
  }
  const row: RenderedRow = { on, shape, line: cells.join(','), tag, placeholders, multiline: sawLineBreak };
  if (file) row.file = file;
  return row;
}

/**
 * The import files written node by node and relationship by relationship, as they are planned (the
 * streaming planner writes each as soon as it is decided; nothing of the graph is kept). Each node
 * must be given once.
 */
export class ImportFileWriter {
  private readonly outputs = new Map<string, Entry>();
  private readonly placeholders = new Map<string, Placeholder>();
  // Rows of one shape share their sorted columns and file: computed once per shape, not per row
  // (millions at 100k articles).
  private readonly shapes = new Map<string, Entry>();
  /** The shapes this writer's own renderings met (a renderer on this thread may share it). */
  readonly known = new KnownShapes('');
  private nodeCount = 0;
  private relationshipCount = 0;

  constructor(private readonly dir: string) {}

  get counts(): { nodes: number; relationships: number } {
    return { nodes: this.nodeCount, relationships: this.relationshipCount };
  }

  private note(on: Placeholder['on'], tag: string, property: string): void {
    const key = `${on}\u0000${tag}\u0000${property}`;
    if (!this.placeholders.has(key)) this.placeholders.set(key, { on, tag, property });
  }

  private open(file: NonNullable<RenderedRow['file']>): Entry {
    const key = `${file.kind}\u0000${file.tag}\u0000${file.signature}`;
    let entry = this.outputs.get(key);
    if (!entry) {
      const name = path.join(this.dir, `${file.kind}-${this.outputs.size}.csv`);
      entry = {
        output: new Output(name, file.header),
        file: { file: name, kind: file.kind, tag: file.tag, rows: 0, multiline: false },
      };
      this.outputs.set(key, entry);
    }
    return entry;
  }

  /** Adds a row rendered here or elsewhere; the first row of a shape this writer has not met must give its file. */
  add(row: RenderedRow): void {
    let entry = this.shapes.get(row.shape);
    if (!entry) {
      if (!row.file) throw new Error(`bulk plan: a row of shape ${row.shape} came before its file`);
      entry = this.open(row.file);
      this.shapes.set(row.shape, entry);
    }
    for (const property of row.placeholders) this.note(row.on, row.tag, property);
    if (row.multiline) entry.file.multiline = true;
    entry.output.push(row.line);
    entry.file.rows += 1;
    if (row.on === 'node') this.nodeCount += 1;
    else this.relationshipCount += 1;
  }

  node(node: BulkNode): void {
    this.add(renderNode(node, this.known));
  }

  relationship(rel: BulkRelationship): void {
    this.add(renderRelationship(rel, this.known));
  }

  /** Closes the files: what to give the import tool, and the placeholders to fix after it. */
  finish(): { files: ImportFile[]; placeholders: Placeholder[] } {
    for (const { output } of this.outputs.values()) output.close();
    return { files: [...this.outputs.values()].map((e) => e.file), placeholders: [...this.placeholders.values()] };
  }
}

function typed(
  props: Record<string, PropertyValue>,
  skip: string | undefined,
  where: () => string,
): Array<[string, ColumnType]> {
  const columns: Array<[string, ColumnType]> = [];
  for (const key of Object.keys(props).sort()) {
    if (key === skip) continue;
    const value = props[key];
    if (value === null || value === undefined) continue;
    if (key.includes(':') || key.includes(',') || key.includes('"'))
      throw new BulkLoadError(`${where()}: property name "${key}" cannot be a column name`);
    columns.push([key, columnType(value, where)]);
  }
  return columns;
}

function shapeKey(prefix: string, props: Record<string, PropertyValue>, skip: string | undefined): string {
  let key = prefix;
  for (const name in props) {
    const value = props[name];
    if (value === null || value === undefined || name === skip) continue;
    key += `|${name}:${typeCode(value)}`;
  }
  return key;
}

function isPlaceholder(value: PropertyValue): boolean {
  return Array.isArray(value) && (value.length === 0 || (value.length === 1 && value[0] === ''));
}

/**
 * The statements that give placeholder properties their real value after the import, one per label or
 * relationship type (each a scan of those nodes or relationships, in transactions of 20,000 rows).
 */
export function fixupStatements(placeholders: readonly Placeholder[]): string[] {
  const byTag = new Map<string, { on: Placeholder['on']; tag: string; properties: string[] }>();
  for (const p of placeholders) {
    const key = `${p.on}\u0000${p.tag}`;
    let entry = byTag.get(key);
    if (!entry) byTag.set(key, (entry = { on: p.on, tag: p.tag, properties: [] }));
    entry.properties.push(p.property);
  }
  return [...byTag.values()].map(({ on, tag, properties }) => {
    const pattern = on === 'node' ? `(x:\`${tag}\`)` : `()-[x:\`${tag}\`]->()`;
    const condition = properties.map((p) => `x.\`${p}\` IN [$empty, $blank]`).join(' OR ');
    const sets = properties
      .map((p) => `x.\`${p}\` = CASE x.\`${p}\` WHEN $empty THEN [] WHEN $blank THEN [''] ELSE x.\`${p}\` END`)
      .join(', ');
    return `MATCH ${pattern} WHERE ${condition}
CALL (x) { SET ${sets} } IN TRANSACTIONS OF 20000 ROWS`;
  });
}

/** The parameters of fixupStatements. */
export const FIXUP_PARAMS = { empty: [EMPTY_LIST_PLACEHOLDER], blank: [BLANK_LIST_PLACEHOLDER] } as const;
