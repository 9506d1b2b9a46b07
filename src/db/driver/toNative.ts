import neo4j from 'neo4j-driver';

/**
 * Converts driver values (Integer, temporal types, nodes) to plain JS at the edge, so the rest of
 * the code never sees a Neo4j Integer. Integers become numbers: every count and year we store fits.
 * Plain maps and lists, by far the most common values (our queries project maps), take the fast path.
 */
export function toNative(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toNative);
  if (Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key in value) out[key] = toNative((value as Record<string, unknown>)[key]);
    return out;
  }
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  const entity = value as { properties?: unknown; identity?: unknown };
  if (entity.identity !== undefined && entity.properties !== undefined) return toNative(entity.properties);
  if (isTemporal(value)) return String(value);
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
