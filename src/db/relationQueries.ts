import type { Database } from './Database.ts';
import { authorProjection, institutionProjection, topicProjection } from './projections.ts';

/**
 * Relationship answers, each batched over many parents (UNWIND $ids) so a list of authors with
 * their co-authors costs one round trip, not one per author.
 */

/** Co-authors of many authors, most shared articles first. */
export const COAUTHORS = `
UNWIND $ids AS authorId
MATCH (au:Author {id: authorId})
CALL (au) {
  MATCH (au)-[:AUTHORED]->(a:Article)<-[:AUTHORED]-(co:Author)
  WHERE co <> au
  WITH co, count(DISTINCT a) AS sharedArticles
  ORDER BY sharedArticles DESC, co.nameLower, co.id
  LIMIT $first
  RETURN collect({author: ${authorProjection('co')}, sharedArticles: sharedArticles}) AS coauthors
}
RETURN authorId AS id, coauthors AS items`;

/** An author's topic profile: topics of their articles, most frequent first; strength = share of their articles. */
export const AUTHOR_TOPICS = `
UNWIND $ids AS authorId
MATCH (au:Author {id: authorId})
CALL (au) {
  WITH au, COUNT { (au)-[:AUTHORED]->(:Article) } AS total
  MATCH (au)-[:AUTHORED]->(a:Article)-[:HAS_TOPIC]->(t:Topic)
  WITH t, total, count(DISTINCT a) AS articleCount
  ORDER BY articleCount DESC, t.nameLower, t.id
  LIMIT $first
  RETURN collect({topic: ${topicProjection('t')}, articleCount: articleCount, strength: toFloat(articleCount) / total}) AS topics
}
RETURN authorId AS id, topics AS items`;

/** Institutions records link each author to. */
export const AUTHOR_INSTITUTIONS = `
UNWIND $ids AS authorId
MATCH (au:Author {id: authorId})
CALL (au) {
  MATCH (au)-[:AFFILIATED_WITH]->(i:Institution)
  WITH i ORDER BY i.nameLower, i.id
  RETURN collect(${institutionProjection('i')}) AS institutions
}
RETURN authorId AS id, institutions AS items`;

/** Authors linked to each institution. */
export const INSTITUTION_AUTHORS = `
UNWIND $ids AS institutionId
MATCH (i:Institution {id: institutionId})
CALL (i) {
  MATCH (i)<-[:AFFILIATED_WITH]-(au:Author)
  WITH au ORDER BY au.nameLower, au.id
  RETURN collect(${authorProjection('au')}) AS authors
}
RETURN institutionId AS id, authors AS items`;

/** Units that are part of each institution. */
export const INSTITUTION_CHILDREN = `
UNWIND $ids AS institutionId
MATCH (i:Institution {id: institutionId})
CALL (i) {
  MATCH (i)<-[:PART_OF]-(c:Institution)
  WITH c ORDER BY c.nameLower, c.id
  RETURN collect(${institutionProjection('c')}) AS children
}
RETURN institutionId AS id, children AS items`;

/**
 * Institutions whose authors co-wrote with each institution's authors: an article counts when one
 * authorship marks this institution and another authorship marks the other.
 */
export const INSTITUTION_COLLABORATORS = `
UNWIND $ids AS institutionId
MATCH (i:Institution {id: institutionId})
CALL (i) {
  MATCH (i)<-[:AFFILIATED_WITH]-(:Author)-[w:AUTHORED]->(a:Article)
  WHERE i.id IN w.institutionIds
  WITH DISTINCT i, a
  MATCH (a)<-[w2:AUTHORED]-(:Author)
  UNWIND w2.institutionIds AS otherId
  WITH i, a, otherId WHERE otherId <> i.id
  MATCH (other:Institution {id: otherId})
  WITH other, count(DISTINCT a) AS sharedArticles
  ORDER BY sharedArticles DESC, other.nameLower, other.id
  LIMIT $first
  RETURN collect({institution: ${institutionProjection('other')}, sharedArticles: sharedArticles}) AS collaborators
}
RETURN institutionId AS id, collaborators AS items`;

/** Every typed link of each topic (BROADER and the semantic links), both directions. */
export const TOPIC_LINKS = `
UNWIND $ids AS topicId
MATCH (t:Topic {id: topicId})
CALL (t) {
  MATCH (t)-[r:BROADER|DERIVED_FROM|COMPLICATION_OF]-(o:Topic)
  WITH r, o, startNode(r) = t AS outgoing
  ORDER BY type(r), o.nameLower, o.id
  RETURN collect({relation: type(r), outgoing: outgoing, topic: ${topicProjection('o')}}) AS links
}
RETURN topicId AS id, links AS items`;

/**
 * Topics sharing articles with each topic. strength is the Jaccard index of the two article sets
 * (shared / (|A| + |B| - shared)); article counts per topic come from the degree store.
 */
export const TOPIC_CO_OCCURRENCE = `
UNWIND $ids AS topicId
MATCH (t:Topic {id: topicId})
CALL (t) {
  WITH t, COUNT { (t)<-[:HAS_TOPIC]-() } AS own
  MATCH (t)<-[:HAS_TOPIC]-(a:Article)-[:HAS_TOPIC]->(o:Topic)
  WHERE o <> t
  WITH o, own, count(DISTINCT a) AS shared
  WITH o, shared, toFloat(shared) / (own + COUNT { (o)<-[:HAS_TOPIC]-() } - shared) AS strength
  ORDER BY shared DESC, strength DESC, o.nameLower, o.id
  LIMIT $first
  RETURN collect({topic: ${topicProjection('o')}, articleCount: shared, strength: strength}) AS items
}
RETURN topicId AS id, items`;

/**
 * Co-occurrence rolled up the hierarchy: each co-occurring topic is counted under its broadest
 * ancestor (itself when it has none); the Jaccard uses the article set of the ancestor's whole subtree.
 */
export const TOPIC_CO_OCCURRENCE_ROLLED_UP = `
UNWIND $ids AS topicId
MATCH (t:Topic {id: topicId})
CALL (t) {
  MATCH (t)<-[:HAS_TOPIC]-(mine:Article)
  WITH t, collect(DISTINCT mine) AS myArticles
  UNWIND myArticles AS a
  MATCH (a)-[:HAS_TOPIC]->(o:Topic)
  WHERE o <> t
  CALL (o) {
    OPTIONAL MATCH path = (o)-[:BROADER]->{1,10}(top:Topic) WHERE NOT (top)-[:BROADER]->()
    WITH top, path ORDER BY length(path) DESC
    WITH head(collect(top)) AS broadest
    RETURN coalesce(broadest, o) AS root
  }
  WITH t, myArticles, root, count(DISTINCT a) AS shared
  WHERE root <> t
  CALL (root) {
    MATCH (sub:Topic)-[:BROADER]->{0,10}(root)
    MATCH (sub)<-[:HAS_TOPIC]-(b:Article)
    RETURN count(DISTINCT b) AS rootArticles
  }
  WITH root, shared, toFloat(shared) / (size(myArticles) + rootArticles - shared) AS strength
  ORDER BY shared DESC, strength DESC, root.nameLower, root.id
  LIMIT $first
  RETURN collect({topic: ${topicProjection('root')}, articleCount: shared, strength: strength}) AS items
}
RETURN topicId AS id, items`;

/** Runs a batched relation query and returns the items per parent id (an empty list for parents without any). */
export async function fetchRelated<T>(db: Database, cypher: string, ids: readonly string[], first = 100): Promise<Map<string, T[]>> {
  const rows = await db.read<{ id: string; items: T[] }>(cypher, { ids, first });
  return new Map(rows.map((row) => [row.id, row.items]));
}
