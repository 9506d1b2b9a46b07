import type { PropertyValue } from './BulkGraph.ts';
import type { articleParams, entityRows } from '../applyPlan.ts';

/** One relationship an article's description makes, from the article's side. */
export interface ArticleRelation {
  type: 'AUTHORED' | 'HAS_TOPIC' | 'PUBLISHED_IN';
  start: string;
  end: string;
  props: Record<string, PropertyValue>;
}

/**
 * The AUTHORED, HAS_TOPIC and PUBLISHED_IN relationships of one planned article, with the properties
 * the transactional loader gives them: one list for both bulk plans (in memory and streamed), so
 * the two cannot drift apart.
 */
export function articleRelations(art: ReturnType<typeof articleParams>): ArticleRelation[] {
  const relations: ArticleRelation[] = [];
  for (const w of art.authorships) {
    relations.push({
      type: 'AUTHORED',
      start: w.authorId,
      end: art.id,
      props: {
        position: w.position,
        rawAffiliation: w.rawAffiliation,
        markers: w.markers,
        institutionIds: w.institutionIds,
        sources: w.sources,
        facts: w.facts,
        decidedBy: w.decidedBy,
        decidedAt: w.decidedAt,
        institutionFacts: w.institutionFacts,
        institutionDecidedBy: w.institutionDecidedBy,
        institutionDecidedAt: w.institutionDecidedAt,
      },
    });
  }
  for (const t of art.topics) {
    relations.push({
      type: 'HAS_TOPIC',
      start: art.id,
      end: t.id,
      props: {
        position: t.position,
        sources: t.sources,
        major: t.major,
        qualifiers: t.qualifiers,
        qualifierUis: t.qualifierUis,
        majorQualifiers: t.majorQualifiers,
      },
    });
  }
  if (art.journalId !== null) {
    relations.push({
      type: 'PUBLISHED_IN',
      start: art.id,
      end: art.journalId,
      props: {
        sources: art.journalSources,
        facts: art.journalFacts,
        decidedBy: art.journalDecidedBy,
        decidedAt: art.journalDecidedAt,
      },
    });
  }
  return relations;
}

/**
 * A journal's facts as SET_JOURNAL_FACTS writes them (its deciding description), for both bulk plans.
 * Cypher's toLower is Java's locale-independent toLowerCase, which JavaScript's toLowerCase matches.
 */
export function journalFacts(j: Rows['journalRows'][number]): Record<string, PropertyValue> {
  return {
    title: j.title,
    titleLower: j.title.toLowerCase(),
    localTitle: j.localTitle,
    abbreviation: j.abbreviation,
    issn: j.issn,
    issns: j.issns,
    issnTypes: j.issnTypes,
    publisher: j.publisher,
    source: j.source,
    rank: j.rank,
    decidedBy: j.decidedBy,
    decidedAt: j.decidedAt,
  };
}

type Rows = ReturnType<typeof entityRows>;

/** A topic's facts as the topic statement writes them (the most trusted description's). */
export function topicFacts(t: Rows['topicRows'][number]): Record<string, PropertyValue> {
  return {
    name: t.name,
    nameLower: t.name.toLowerCase(),
    meshId: t.meshId,
    synonyms: t.synonyms,
    synonymsText: t.synonymsText,
    source: t.source,
    kind: t.kind,
    rank: t.rank,
  };
}

/** An institution's facts as SET_INSTITUTION_FACTS writes them (its deciding description). */
export function institutionFacts(i: Rows['institutionRows'][number]): Record<string, PropertyValue> {
  return {
    name: i.name,
    nameLower: i.name.toLowerCase(),
    localName: i.localName,
    city: i.city,
    postalCode: i.postalCode,
    country: i.country,
    ror: i.ror,
    source: i.source,
    rank: i.rank,
    decidedBy: i.decidedBy,
    decidedAt: i.decidedAt,
  };
}

/** An author's facts as SET_AUTHOR_FACTS writes them (the deciding description). */
export function authorFacts(au: Rows['authorRows'][number]): Record<string, PropertyValue> {
  return {
    name: au.name,
    nameLower: au.name.toLowerCase(),
    familyName: au.familyName,
    givenName: au.givenName,
    orcid: au.orcid,
    collective: au.collective,
    rank: au.rank,
    decidedBy: au.decidedBy,
    decidedAt: au.decidedAt,
  };
}
