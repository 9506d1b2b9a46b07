import neo4j from 'neo4j-driver';

/**
 * Converts driver values (Integer, temporal types, nodes) to plain JS at the edge, so the rest of
 * the code never sees a Neo4j Integer. Integers become numbers: every count and year we store fits.
 */
export function toNative(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (Array.isArray(value)) return value.map(toNative);
  if (typeof value === 'object') {
    if (value instanceof Date) return value;
    const maybeEntity = value as { properties?: unknown; labels?: unknown; type?: unknown; identity?: unknown };
    if (maybeEntity.identity !== undefined && maybeEntity.properties !== undefined) {
      return toNative(maybeEntity.properties);
    }
    if (typeof (value as { toString?: unknown }).toString === 'function' && isTemporal(value)) {
      return String(value);
    }
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) out[key] = toNative(inner);
    return out;
  }
  return value;
}

function isTemporal(value: object): boolean {
  return (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  );
}
