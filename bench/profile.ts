/**
 * PROFILE of each operation's heaviest query for one median-popularity input: total db hits and
 * rows, so growth with corpus size can be told apart from noise (db hits do not depend on load).
 */
import neo4j, { type Driver } from 'neo4j-driver';
import type { ProfiledPlan } from 'neo4j-driver';
import { ARTICLE_PAGE } from '../src/db/articleQueries.ts';
import { RESOLVE_REFERENCES } from '../src/db/entityQueries.ts';
import { COAUTHORS, TOPIC_CO_OCCURRENCE } from '../src/db/relationQueries.ts';
import { NEIGHBOURS_OF } from '../src/db/graphQueries.ts';
import { AUTOCOMPLETE, SEARCH } from '../src/db/searchQueries.ts';
import { prefixQuery, searchQuery } from '../src/db/luceneQuery.ts';
import { aliasValue } from '../src/identity/index.ts';
import { MODEL_RELATIONSHIP_TYPES } from '../src/db/projections.ts';
import { rawRead, type Operation } from './operations.ts';

export interface ProfileRow {
  query: string;
  dbHits: number;
  rows: number;
}

function totalHits(plan: ProfiledPlan): number {
  return plan.dbHits + plan.children.reduce((sum, child) => sum + totalHits(child), 0);
}

async function profile(driver: Driver, name: string, cypher: string, params: Record<string, unknown>): Promise<ProfileRow> {
  const result = await rawRead(driver, `PROFILE ${cypher}`, params);
  const plan = result.summary.profile;
  return { query: name, dbHits: plan ? totalHits(plan) : NaN, rows: plan ? plan.rows : NaN };
}

export async function profileOperations(
  driver: Driver,
  operations: readonly Operation[],
  inputs: { topic: string[]; author: string[]; search: string[]; prefix: string[] },
): Promise<ProfileRow[]> {
  const ids = new Set(operations.map((op) => op.id));
  const middle = <T>(list: T[]) => list[Math.floor(list.length / 2)]!;
  const topicName = middle(inputs.topic);
  const author = middle(inputs.author);
  const rows: ProfileRow[] = [];
  const resolved = await rawRead(driver, RESOLVE_REFERENCES, {
    refs: [{ label: 'Topic', text: topicName, alias: aliasValue(topicName), withDescendants: true }],
  });
  const topicIds = (resolved.records[0]?.get('ids') as string[]) ?? [];
  if (ids.has('topicPage') || ids.has('coOccurrence')) {
    rows.push(await profile(driver, 'RESOLVE_REFERENCES (topic, with descendants)', RESOLVE_REFERENCES, {
      refs: [{ label: 'Topic', text: topicIds[0] ?? topicName, alias: '', withDescendants: true }],
    }));
  }
  if (ids.has('topicPage')) {
    const filter = { anchor: 'topic', anchorIds: topicIds, topicGroups: [topicIds], authorGroups: [], institutionGroups: [], journalGroups: [], yearFrom: null, yearTo: null, language: null };
    rows.push(await profile(driver, 'ARTICLE_PAGE.topic', ARTICLE_PAGE.topic, { filter, order: 'YEAR_DESC', descending: false, cursor: null, take: neo4j.int(21) }));
  }
  if (ids.has('coauthors')) rows.push(await profile(driver, 'COAUTHORS', COAUTHORS, { ids: [author], first: neo4j.int(20) }));
  if (ids.has('coOccurrence')) rows.push(await profile(driver, 'TOPIC_CO_OCCURRENCE', TOPIC_CO_OCCURRENCE, { ids: topicIds.slice(0, 1), first: neo4j.int(20) }));
  if (ids.has('neighbourhood')) {
    rows.push(await profile(driver, 'NEIGHBOURS_OF (level 1 from an author)', NEIGHBOURS_OF, {
      frontier: [author], seen: [author], take: neo4j.int(200), relationshipTypes: MODEL_RELATIONSHIP_TYPES, labels: null,
    }));
  }
  if (ids.has('search')) rows.push(await profile(driver, 'SEARCH', SEARCH, { query: searchQuery(middle(inputs.search)), labels: null, first: neo4j.int(10) }));
  if (ids.has('autocomplete')) {
    rows.push(await profile(driver, 'AUTOCOMPLETE', AUTOCOMPLETE, { query: prefixQuery(middle(inputs.prefix)), labels: null, first: neo4j.int(10), candidates: neo4j.int(50) }));
  }
  return rows;
}
