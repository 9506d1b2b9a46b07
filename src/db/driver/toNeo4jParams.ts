import neo4j from 'neo4j-driver';

/**
 * Converts parameters for Neo4j: JavaScript numbers are doubles, so a whole number would be sent
 * (and stored) as a float — 2021.0 for a year, and LIMIT rejects it. Whole numbers become Neo4j
 * integers; everything else passes through, recursively.
 */
export function toNeo4jParams(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? neo4j.int(value) : value;
  if (Array.isArray(value)) return value.map(toNeo4jParams);
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, toNeo4jParams(inner)]));
  }
  return value;
}
