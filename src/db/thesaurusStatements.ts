/**
 * Stored thesauri: one (:Thesaurus) node each, holding its entries as two parallel lists (labels
 * and replacements, '' for an ignored label: Neo4j lists hold no nulls), who added it and when.
 * Records are never rewritten: maps apply the thesauri when they are computed (mapStatements.ts),
 * so removing the node undoes it.
 */

/** Every stored thesaurus, oldest first (ties by id): the order later ones override earlier ones in. */
export const THESAURI = `
MATCH (t:Thesaurus)
RETURN t.id AS id, t.name AS name, t.addedBy AS addedBy, t.addedAt AS addedAt, t.labels AS labels, t.replacements AS replacements
ORDER BY t.addedAt ASC, t.id ASC`;

/** Stores one thesaurus ($id, $name, $addedBy, $addedAt, $labels, $replacements). */
export const ADD_THESAURUS = `
CREATE (t:Thesaurus {id: $id, name: $name, addedBy: $addedBy, addedAt: $addedAt, labels: $labels, replacements: $replacements})
RETURN t.id AS id, t.name AS name, t.addedBy AS addedBy, t.addedAt AS addedAt, t.labels AS labels, t.replacements AS replacements`;

/** Removes one thesaurus ($id); answers how many were removed. */
export const REMOVE_THESAURUS = `
OPTIONAL MATCH (t:Thesaurus {id: $id})
WITH t, t IS NOT NULL AS found
DETACH DELETE t
RETURN found`;

/** A stored thesaurus as read. */
export interface ThesaurusRow {
  id: string;
  name: string;
  addedBy: string;
  addedAt: string;
  labels: string[];
  replacements: string[];
}
