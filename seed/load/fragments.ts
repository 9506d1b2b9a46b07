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

/**
 * Sets journal `n`'s properties from the description row `j` (journalParams in applyPlan.ts): the
 * deciding description's facts and who decided them (`decidedBy`, `decidedAt`: the precedence of a
 * later description is compared with these).
 */
export const SET_JOURNAL_FACTS = `SET n.title = j.title, n.titleLower = toLower(j.title), n.localTitle = j.localTitle, n.abbreviation = j.abbreviation,
      n.issn = j.issn, n.issns = j.issns, n.issnTypes = j.issnTypes, n.publisher = j.publisher, n.source = j.source, n.rank = j.rank,
      n.decidedBy = j.decidedBy, n.decidedAt = j.decidedAt`;

/**
 * Whether the description row `j` decides over what journal `n` shows now: the precedence order of
 * sources (rank, then the most recent import, then the source id; seed/merge/precedence.ts). A journal
 * written before the deciding source was kept (no decidedAt) gives way to an equal rank, as it did then.
 */
export const JOURNAL_FACTS_DECIDE = `(n.rank IS NULL OR j.rank < n.rank OR (j.rank = n.rank AND (n.decidedAt IS NULL OR j.decidedAt > n.decidedAt OR (j.decidedAt = n.decidedAt AND j.decidedBy <= n.decidedBy))))`;

/**
 * Links journal `n` to the ISSN identifier aliases `j.identifiers`, unless another journal already
 * holds that ISSN (then the two stay apart, each found by its own).
 */
export const LINK_JOURNAL_IDENTIFIERS = `UNWIND j.identifiers AS v
  MERGE (al:Alias {value: v})
  WITH n, al WHERE NOT EXISTS { MATCH (al)-[:ALIAS_OF]->(other:Journal) WHERE other <> n }
  MERGE (al)-[:ALIAS_OF]->(n)`;
