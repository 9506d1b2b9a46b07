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

/** The last step of folding node `gone` into node `keep`: its aliases point at `keep`, and it goes. */
export const FOLD_ALIASES = `CALL (keep, gone) {
  MATCH (al:Alias)-[r:ALIAS_OF]->(gone)
  MERGE (al)-[:ALIAS_OF]->(keep)
  DELETE r
}
DETACH DELETE gone`;

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
 * Whether the description row `row` decides over what entity `n` shows now: the precedence order of
 * sources (rank, then the most recent import, then the source id; src/ingest/merge/precedence.ts). An entity
 * written before the deciding source was kept (no decidedAt) gives way to an equal rank, as it did then.
 */
export const factsDecide = (row: string): string =>
  `(n.rank IS NULL OR ${row}.rank < n.rank OR (${row}.rank = n.rank AND (n.decidedAt IS NULL OR ${row}.decidedAt > n.decidedAt OR (${row}.decidedAt = n.decidedAt AND ${row}.decidedBy <= n.decidedBy))))`;

/**
 * Sets journal `n`'s properties from the description row `j` (entityFacts.ts, journalRow): the
 * deciding description's facts and who decided them (`decidedBy`, `decidedAt`).
 */
export const SET_JOURNAL_FACTS = `SET n.title = j.title, n.titleLower = toLower(j.title), n.localTitle = j.localTitle, n.abbreviation = j.abbreviation,
      n.issn = j.issn, n.issns = j.issns, n.issnTypes = j.issnTypes, n.publisher = j.publisher, n.source = j.source, n.rank = j.rank,
      n.decidedBy = j.decidedBy, n.decidedAt = j.decidedAt`;

/** Sets institution `n`'s properties from the description row `i` (entityFacts.ts, institutionRow). */
export const SET_INSTITUTION_FACTS = `SET n.name = i.name, n.nameLower = toLower(i.name), n.localName = i.localName, n.city = i.city,
      n.postalCode = i.postalCode, n.country = i.country, n.ror = i.ror, n.source = i.source, n.rank = i.rank,
      n.decidedBy = i.decidedBy, n.decidedAt = i.decidedAt`;

/** Sets author `n`'s properties from the description row `au` (entityFacts.ts, authorRow). */
export const SET_AUTHOR_FACTS = `SET n.name = au.name, n.nameLower = toLower(au.name), n.familyName = au.familyName, n.givenName = au.givenName,
      n.orcid = au.orcid, n.collective = au.collective, n.rank = au.rank, n.decidedBy = au.decidedBy, n.decidedAt = au.decidedAt`;

/**
 * Links journal `n` to the ISSN identifier aliases `j.identifiers`, unless another journal already
 * holds that ISSN (then the two stay apart, each found by its own).
 */
export const LINK_JOURNAL_IDENTIFIERS = `UNWIND j.identifiers AS v
  MERGE (al:Alias {value: v})
  WITH n, al WHERE NOT EXISTS { MATCH (al)-[:ALIAS_OF]->(other:Journal) WHERE other <> n }
  MERGE (al)-[:ALIAS_OF]->(n)`;

/**
 * Replaces what entity `n` is found by with the aliases (and identifiers) of row `row`: the others
 * are unlinked, and an alias left pointing at nothing goes; then the row's aliases are linked.
 */
export const replaceAliases = (row: string): string => `CALL (n, ${row}) {
  MATCH (al:Alias)-[r:ALIAS_OF]->(n)
  WHERE NOT al.value IN ${row}.aliases AND NOT al.value IN ${row}.identifiers
  DELETE r
  WITH DISTINCT al
  WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
  DELETE al
}
CALL (n, ${row}) {
  UNWIND ${row}.aliases AS v
  MERGE (al:Alias {value: v})
  MERGE (al)-[:ALIAS_OF]->(n)
}`;

/** Replaces institution `n`'s PART_OF link with the one row `i` states (`parentId`), if any. */
export const REPLACE_PART_OF = `CALL (n, i) {
  OPTIONAL MATCH (n)-[old:PART_OF]->()
  DELETE old
}
CALL (n, i) {
  MATCH (p:Institution {id: i.parentId})
  MERGE (n)-[:PART_OF]->(p)
}`;
