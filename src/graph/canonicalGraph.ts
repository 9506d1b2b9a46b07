import { createHash } from 'node:crypto';
import type { StatementRunner } from './StatementRunner.ts';
import { BOOKKEEPING_LABELS } from './schema.ts';

/**
 * A node's key in a dump: its `id` (entities, sources, imports) or, for an alias, its value. Internal
 * element ids are per store and never compared.
 */
const NODE_KEY = (v: string) => `coalesce(${v}.id, 'Alias:' + ${v}.value)`;

/** Every property with Neo4j's own type name, so an integer never passes for a float, nor a list for a string. */
const TYPED_PROPERTIES = (v: string) => `[k IN keys(${v}) | [k, ${v}[k], valueType(${v}[k])]]`;

/**
 * Properties that say when, by whom and in which import: they differ between any two runs of the same
 * import (`decidedAt`: the import time of the source that decided an entity's description), so dumps
 * compared across runs leave them out.
 */
export const RUN_PROPERTIES: ReadonlySet<string> = new Set([
  'importedAt',
  'importedBy',
  'importId',
  'tool',
  'startedAt',
  'seenIn',
  'decidedAt',
  'institutionDecidedAt',
]);

/** What a dump leaves out. */
export interface CanonicalGraphOptions {
  /** Properties left out wherever they occur (what differs between two runs of the same import). */
  ignore?: readonly string[];
  /** Nodes with any of these labels left out, and the relationships that touch them (besides the write path's bookkeeping, always left out). */
  withoutLabels?: readonly string[];
}

/**
 * The whole graph in a canonical text form, for comparing two graphs: every node with its sorted
 * labels and typed properties, every relationship with its endpoints' keys, type and typed
 * properties, one line each, sorted. The write path's bookkeeping (BOOKKEEPING_LABELS: import status,
 * write lease) is not graph data and is left out.
 */
export async function canonicalGraph(db: StatementRunner, options: CanonicalGraphOptions = {}): Promise<string[]> {
  const ignore = new Set(options.ignore ?? []);
  const without = [...BOOKKEEPING_LABELS, ...(options.withoutLabels ?? [])];
  const kept = (v: string) => ` WHERE none(l IN labels(${v}) WHERE l IN $without)`;
  const clean = (props: Array<[string, unknown, string]>) =>
    props
      .filter(([k]) => !ignore.has(k))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v, t]) => [k, v, t]);
  const lines: string[] = [];
  const nodes = await db.read<{ key: string; labels: string[]; props: Array<[string, unknown, string]> }>(
    `MATCH (n)${kept('n')} RETURN ${NODE_KEY('n')} AS key, labels(n) AS labels, ${TYPED_PROPERTIES('n')} AS props`,
    { without },
  );
  for (const n of nodes) lines.push(JSON.stringify(['node', n.key, [...n.labels].sort(), clean(n.props)]));
  const relationships = await db.read<{
    from: string;
    to: string;
    type: string;
    props: Array<[string, unknown, string]>;
  }>(
    `MATCH (a)-[r]->(b)${without.length > 0 ? ' WHERE none(l IN labels(a) + labels(b) WHERE l IN $without)' : ''} RETURN ${NODE_KEY('a')} AS from, ${NODE_KEY('b')} AS to, type(r) AS type, ${TYPED_PROPERTIES('r')} AS props`,
    { without },
  );
  for (const r of relationships) lines.push(JSON.stringify(['rel', r.from, r.type, r.to, clean(r.props)]));
  return lines.sort();
}

/** A digest of canonicalGraph, for comparing large graphs without holding both dumps. */
export async function canonicalGraphDigest(
  db: StatementRunner,
  options: CanonicalGraphOptions = {},
): Promise<{ sha256: string; lines: number }> {
  const lines = await canonicalGraph(db, options);
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return { sha256: hash.digest('hex'), lines: lines.length };
}
