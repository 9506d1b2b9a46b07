/** Cypher pieces that several loader statements share, each written once. */

/**
 * Deletes what a record of article `a` links it to (journal, topics, byline), before the links are
 * written anew from its sources, or when its last record goes and it stays only as a cited work.
 */
export const DELETE_RECORD_LINKS = `CALL (a) {
    OPTIONAL MATCH (a)-[old:PUBLISHED_IN|HAS_TOPIC]->()
    DELETE old
  }
  CALL (a) {
    OPTIONAL MATCH (a)<-[old:AUTHORED]-()
    DELETE old
  }`;

/** Deletes node `n` and then those of its aliases that point at nothing else. */
export const DELETE_WITH_ALIASES = `  OPTIONAL MATCH (al:Alias)-[:ALIAS_OF]->(n)
  WITH n, collect(al) AS aliases
  DETACH DELETE n
  WITH aliases
  UNWIND aliases AS al
  WITH DISTINCT al
  WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
  DELETE al`;
