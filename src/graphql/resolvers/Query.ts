import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { asNode } from './asNode.ts';
import { LABEL_OF_TYPE, parseGlobalId } from '../globalId.ts';
import { badUserInput } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/paging.ts';
import { filterGraphByYear } from '../../db/graphYearFilter.ts';

/** Root fields: argument checks and a call into the repository (with the selection, through `info`), nothing more. */
export const Query: QueryResolvers = {
  node: async (_parent, { id }, { repo }, info) => {
    const { label, id: canonical } = parseGlobalId(id, 'id');
    const entity = await repo.nodeById(label, canonical, info);
    return entity ? asNode(entity) : null;
  },
  nodes: async (_parent, { ids }, { repo }, info) => {
    if (ids.length > MAX_PAGE_SIZE) throw badUserInput('ids', `at most ${MAX_PAGE_SIZE} ids, got ${ids.length}`);
    const canonical = ids.map((id, i) => parseGlobalId(id, `ids[${i}]`).id);
    const entities = await repo.nodesById(canonical, info);
    return entities.map((entity) => (entity ? asNode(entity) : null));
  },
  article: (_parent, args, { repo }, info) => repo.articleByIdentifier(args, info),
  articles: (_parent, args, { repo }, info) => repo.articles(args, info),
  topic: (_parent, { name }, { repo }, info) => repo.topicByName(name, info),
  topics: (_parent, { first, after }, { repo }, info) => repo.entityPage('Topic', { first, after }, null, info),
  authors: (_parent, { name, first, after }, { repo }, info) => repo.entityPage('Author', { first, after }, name ?? null, info),
  institutions: (_parent, { first, after }, { repo }, info) => repo.entityPage('Institution', { first, after }, null, info),
  journals: (_parent, { first, after }, { repo }, info) => repo.entityPage('Journal', { first, after }, null, info),
  search: (_parent, { query, types, first }, { repo }) => repo.search(query, types ? types.map((t) => LABEL_OF_TYPE[t]) : null, first),
  autocomplete: (_parent, { prefix, types, first }, { repo }) => repo.autocomplete(prefix, types ? types.map((t) => LABEL_OF_TYPE[t]) : null, first),
  facets: (_parent, { filter, by, first }, { repo }) => repo.facets(filter, by, first),
  neighborhood: async (_parent, { id, depth, limit, relationshipTypes, types, yearFrom, yearTo }, { repo }) => {
    if (yearFrom != null && yearTo != null && yearFrom > yearTo) throw badUserInput('yearFrom', `(${yearFrom}) is after yearTo (${yearTo})`);
    const centre = await repo.resolveNodeArgument(id, 'id');
    const graph = await repo.neighborhood(centre, depth, limit, relationshipTypes ?? null, types ? types.map((t) => LABEL_OF_TYPE[t]) : null);
    // The contract makes neighborhood non-null: an id that names no node is an empty graph.
    return graph ? filterGraphByYear(graph, centre, { yearFrom: yearFrom ?? null, yearTo: yearTo ?? null }) : { nodes: [], edges: [], truncated: false };
  },
  shortestPath: async (_parent, { from, to, maxLength, relationshipTypes, through }, { repo }) => {
    const [fromId, toId] = await Promise.all([repo.resolveNodeArgument(from, 'from'), repo.resolveNodeArgument(to, 'to')]);
    return repo.shortestPath(fromId, toId, maxLength, relationshipTypes ?? null, through ? through.map((t) => LABEL_OF_TYPE[t]) : null);
  },
  topicGraph: (_parent, { name, first }, { repo }) => repo.topicGraph(name, first),
  stats: (_parent, _args, { repo }) => repo.stats(),
};
