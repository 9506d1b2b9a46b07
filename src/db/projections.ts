/**
 * The RETURN projections of each entity, defined once. Each takes the Cypher variable name (a fixed
 * identifier chosen by the query author, never user input) and yields a map with exactly the
 * fields of the matching record type in records.ts.
 */

/** ArticleRecord projection. */
export const articleProjection = (v: string): string =>
  `${v} {.id, .doi, .title, .vernacularTitle, .abstract, .language, .country, .year, .volume, .issue, .firstPage, .lastPage, keywords: coalesce(${v}.keywords, []), .sourceFile, .pmid, .pmcid, .openalexId, publicationTypes: coalesce(${v}.publicationTypes, [])}`;

/** AuthorRecord projection. */
export const authorProjection = (v: string): string => `${v} {.id, .name, .familyName, .givenName, .orcid}`;

/** InstitutionRecord projection (the parent id comes from the PART_OF link). */
export const institutionProjection = (v: string): string =>
  `${v} {.id, .name, .localName, .city, .postalCode, .country, .ror, parentId: head(COLLECT { MATCH (${v})-[:PART_OF]->(p:Institution) RETURN p.id })}`;

/** JournalRecord projection (ISSN types as the API names them; a journal loaded before types were kept lists its one ISSN). */
export const journalProjection = (v: string): string => `${v} {.id, .title, .localTitle, .issn, .abbreviation,
  issns: [i IN range(0, size(coalesce(${v}.issns, CASE WHEN ${v}.issn IS NULL THEN [] ELSE [${v}.issn] END)) - 1) | {
    value: coalesce(${v}.issns, [${v}.issn])[i],
    type: CASE coalesce(${v}.issnTypes, [])[i] WHEN 'print' THEN 'PRINT' WHEN 'electronic' THEN 'ELECTRONIC' WHEN 'linking' THEN 'LINKING' ELSE null END}]}`;

/** TopicRecord projection. */
export const topicProjection = (v: string): string => `${v} {.id, .name, .meshId, synonyms: coalesce(${v}.synonyms, [])}`;

/** Any entity: its type label plus the projection for that type. */
export const entityProjection = (v: string): string => `CASE
  WHEN ${v}:Article THEN {label: 'Article', record: ${articleProjection(v)}}
  WHEN ${v}:Author THEN {label: 'Author', record: ${authorProjection(v)}}
  WHEN ${v}:Institution THEN {label: 'Institution', record: ${institutionProjection(v)}}
  WHEN ${v}:Journal THEN {label: 'Journal', record: ${journalProjection(v)}}
  WHEN ${v}:Topic THEN {label: 'Topic', record: ${topicProjection(v)}}
END`;

/** The relationship types of the graph model (Alias links are internal and never shown). */
export const MODEL_RELATIONSHIP_TYPES = [
  'AUTHORED',
  'AFFILIATED_WITH',
  'PUBLISHED_IN',
  'HAS_TOPIC',
  'PART_OF',
  'BROADER',
  'DERIVED_FROM',
  'COMPLICATION_OF',
] as const;
