import { projectFields } from './nodeFields.ts';

/**
 * Relationship answers, each written once as a CALL subquery over one parent node. The same
 * fragment serves both ways a relation is read: inside the parent's own statement (a root field
 * asked for it: one round trip for the whole shape), or batched over many parents (UNWIND $ids:
 * one round trip for every parent of a list, through a DataLoader).
 *
 * A fragment takes the parent variable, the name of its `first` parameter (or null for lists
 * without a size) and the projection of the related node, and returns its items as `items`.
 */

/** Builds the map of a related node bound to variable `v` (the fields a request selects). */
export type NodeMap = (v: string) => string;

/** One relation fragment. */
export interface RelationFragment {
  /** The label of the parent node. */
  parent: 'Article' | 'Author' | 'Institution' | 'Journal' | 'Topic';
  /** Whether the relation takes a `first` parameter. */
  sized: boolean;
  cypher(parent: string, first: string, node: NodeMap): string;
}

/** Co-authors, most shared articles first. */
export const COAUTHORS: RelationFragment = {
  parent: 'Author',
  sized: true,
  cypher: (au, first, node) => `CALL (${au}) {
  MATCH (${au})-[:AUTHORED]->(a:Article)<-[:AUTHORED]-(co:Author)
  WHERE co <> ${au}
  WITH co, count(DISTINCT a) AS sharedArticles
  ORDER BY sharedArticles DESC, co.nameLower, co.id
  LIMIT ${first}
  RETURN collect({author: ${node('co')}, sharedArticles: sharedArticles}) AS items
}`,
};

/** An author's topic profile: topics of their articles, most frequent first; strength = share of their articles. */
export const AUTHOR_TOPICS: RelationFragment = {
  parent: 'Author',
  sized: true,
  cypher: (au, first, node) => `CALL (${au}) {
  WITH ${au}, COUNT { (${au})-[:AUTHORED]->(:Article) } AS total
  MATCH (${au})-[:AUTHORED]->(a:Article)-[:HAS_TOPIC]->(t:Topic)
  WITH t, total, count(DISTINCT a) AS articleCount
  ORDER BY articleCount DESC, t.nameLower, t.id
  LIMIT ${first}
  RETURN collect({topic: ${node('t')}, articleCount: articleCount, strength: toFloat(articleCount) / total}) AS items
}`,
};

/** Institutions records link an author to. */
export const AUTHOR_INSTITUTIONS: RelationFragment = {
  parent: 'Author',
  sized: false,
  cypher: (au, _first, node) => `CALL (${au}) {
  MATCH (${au})-[:AFFILIATED_WITH]->(i:Institution)
  WITH i ORDER BY i.nameLower, i.id
  RETURN collect(${node('i')}) AS items
}`,
};

/** Authors linked to an institution. */
export const INSTITUTION_AUTHORS: RelationFragment = {
  parent: 'Institution',
  sized: false,
  cypher: (i, _first, node) => `CALL (${i}) {
  MATCH (${i})<-[:AFFILIATED_WITH]-(au:Author)
  WITH au ORDER BY au.nameLower, au.id
  RETURN collect(${node('au')}) AS items
}`,
};

/** Units that are part of an institution. */
export const INSTITUTION_CHILDREN: RelationFragment = {
  parent: 'Institution',
  sized: false,
  cypher: (i, _first, node) => `CALL (${i}) {
  MATCH (${i})<-[:PART_OF]-(c:Institution)
  WITH c ORDER BY c.nameLower, c.id
  RETURN collect(${node('c')}) AS items
}`,
};

/**
 * Institutions whose authors co-wrote with an institution's authors: an article counts when one
 * authorship marks this institution and another authorship marks the other.
 */
export const INSTITUTION_COLLABORATORS: RelationFragment = {
  parent: 'Institution',
  sized: true,
  cypher: (i, first, node) => `CALL (${i}) {
  MATCH (${i})<-[:AFFILIATED_WITH]-(:Author)-[w:AUTHORED]->(a:Article)
  WHERE ${i}.id IN w.institutionIds
  WITH DISTINCT ${i} AS self, a
  MATCH (a)<-[w2:AUTHORED]-(:Author)
  UNWIND w2.institutionIds AS otherId
  WITH self, a, otherId WHERE otherId <> self.id
  MATCH (other:Institution {id: otherId})
  WITH other, count(DISTINCT a) AS sharedArticles
  ORDER BY sharedArticles DESC, other.nameLower, other.id
  LIMIT ${first}
  RETURN collect({institution: ${node('other')}, sharedArticles: sharedArticles}) AS items
}`,
};

/** Every typed link of a topic (BROADER and the semantic links), both directions. */
export const TOPIC_LINKS: RelationFragment = {
  parent: 'Topic',
  sized: false,
  cypher: (t, _first, node) => `CALL (${t}) {
  MATCH (${t})-[r:BROADER|DERIVED_FROM|COMPLICATION_OF]-(o:Topic)
  WITH r, o, startNode(r) = ${t} AS outgoing
  ORDER BY type(r), o.nameLower, o.id
  RETURN collect({relation: type(r), outgoing: outgoing, topic: ${node('o')}}) AS items
}`,
};

/**
 * Topics sharing articles with a topic. strength is the Jaccard index of the two article sets
 * (shared / (|A| + |B| - shared)); article counts per topic come from the degree store.
 */
export const TOPIC_CO_OCCURRENCE: RelationFragment = {
  parent: 'Topic',
  sized: true,
  cypher: (t, first, node) => `CALL (${t}) {
  WITH ${t}, COUNT { (${t})<-[:HAS_TOPIC]-() } AS own
  MATCH (${t})<-[:HAS_TOPIC]-(a:Article)-[:HAS_TOPIC]->(o:Topic)
  WHERE o <> ${t}
  WITH o, own, count(DISTINCT a) AS shared
  WITH o, shared, toFloat(shared) / (own + COUNT { (o)<-[:HAS_TOPIC]-() } - shared) AS strength
  ORDER BY shared DESC, strength DESC, o.nameLower, o.id
  LIMIT ${first}
  RETURN collect({topic: ${node('o')}, articleCount: shared, strength: strength}) AS items
}`,
};

/**
 * Co-occurrence rolled up the hierarchy: each co-occurring topic is counted under its broadest
 * ancestor (itself when it has none); the Jaccard uses the article set of the ancestor's whole subtree.
 */
export const TOPIC_CO_OCCURRENCE_ROLLED_UP: RelationFragment = {
  parent: 'Topic',
  sized: true,
  cypher: (t, first, node) => `CALL (${t}) {
  MATCH (${t})<-[:HAS_TOPIC]-(mine:Article)
  WITH ${t} AS self, collect(DISTINCT mine) AS myArticles
  UNWIND myArticles AS a
  MATCH (a)-[:HAS_TOPIC]->(o:Topic)
  WHERE o <> self
  CALL (o) {
    OPTIONAL MATCH path = (o)-[:BROADER]->{1,10}(top:Topic) WHERE NOT (top)-[:BROADER]->()
    WITH top, path ORDER BY length(path) DESC
    WITH head(collect(top)) AS broadest
    RETURN coalesce(broadest, o) AS root
  }
  WITH self, myArticles, root, count(DISTINCT a) AS shared
  WHERE root <> self
  CALL (root) {
    MATCH (sub:Topic)-[:BROADER]->{0,10}(root)
    MATCH (sub)<-[:HAS_TOPIC]-(b:Article)
    RETURN count(DISTINCT b) AS rootArticles
  }
  WITH root, shared, toFloat(shared) / (size(myArticles) + rootArticles - shared) AS strength
  ORDER BY shared DESC, strength DESC, root.nameLower, root.id
  LIMIT ${first}
  RETURN collect({topic: ${node('root')}, articleCount: shared, strength: strength}) AS items
}`,
};

/** Articles sharing topics with an article, most shared first, then newest. */
export const RELATED_ARTICLES: RelationFragment = {
  parent: 'Article',
  sized: true,
  cypher: (a, first, node) => `CALL (${a}) {
  MATCH (${a})-[:HAS_TOPIC]->(t:Topic)<-[:HAS_TOPIC]-(b:Article)
  WHERE b <> ${a}
  WITH b, collect(t) AS shared
  ORDER BY size(shared) DESC, coalesce(b.year, 0) DESC, b.id
  LIMIT ${first}
  RETURN collect({article: ${node('b')}, sharedTopics: size(shared), topics: [t IN shared | ${projectFields('Topic', 't')}]}) AS items
}`,
};

/**
 * The batched form of a fragment: for each of `$ids`, the parent node and its items, as rows
 * `{id, items}` (parents that do not exist yield no row).
 */
export function batchedRelation(fragment: RelationFragment, node: NodeMap): string {
  return `UNWIND $ids AS id
MATCH (parent:${fragment.parent} {id: id})
${fragment.cypher('parent', '$first', node)}
RETURN id, items AS value`;
}
