import type { QueryResolvers } from '../generated/resolvers-types.ts';
import { asNode } from './asNode.ts';
import { LABEL_OF_TYPE, parseGlobalId } from '../globalId.ts';
import { badUserInput } from '../../errors.ts';
import { MAX_PAGE_SIZE } from '../../db/index.ts';
import { filterGraphByYear } from '../../db/cypher/graphYearFilter.ts';
import {
  articleIdentifier,
  autocompleteArguments,
  entityPageArguments,
  listFirst,
  neighborhoodArguments,
  nodeArgument,
  searchArguments,
  shortestPathArguments,
  topicGraphArguments,
  topicName,
} from '../args/index.ts';

/** Root fields: argument checks (../args) and a call into the repository (with the selection, through `info`), nothing more. */
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
  article: (_parent, args, { repo }, info) => {
    const identifier = articleIdentifier(args);
    return 'doi' in identifier ? repo.articleByDoi(identifier.doi, info) : repo.articleByAlias(identifier.alias, info);
  },
  articles: (_parent, args, { repo }, info) => repo.articles(args, info),
  topic: (_parent, { name }, { repo }, info) => repo.topicByName(topicName(name), info),
  topics: (_parent, { first, after }, { repo }, info) => {
    const { request } = entityPageArguments('Topic', { first, after }, null);
    return repo.entityPage('Topic', request, null, info);
  },
  authors: (_parent, { name, first, after }, { repo }, info) => {
    const { request, contains } = entityPageArguments('Author', { first, after }, name ?? null);
    return repo.entityPage('Author', request, contains, info);
  },
  institutions: (_parent, { first, after }, { repo }, info) => {
    const { request } = entityPageArguments('Institution', { first, after }, null);
    return repo.entityPage('Institution', request, null, info);
  },
  journals: (_parent, { first, after }, { repo }, info) => {
    const { request } = entityPageArguments('Journal', { first, after }, null);
    return repo.entityPage('Journal', request, null, info);
  },
  search: async (_parent, { query, types, first }, { repo }) => {
    const request = searchArguments(query, types ? types.map((t) => LABEL_OF_TYPE[t]) : null, first);
    return request ? repo.search(request.text, request.query, request.labels, request.first) : [];
  },
  autocomplete: async (_parent, { prefix, types, first }, { repo }) => {
    const request = autocompleteArguments(prefix, types ? types.map((t) => LABEL_OF_TYPE[t]) : null, first);
    return request ? repo.autocomplete(request.query, request.labels, request.first) : [];
  },
  facets: (_parent, { filter, by, first }, { repo }) => repo.facets(filter, by, listFirst(first)),
  neighborhood: async (_parent, { id, depth, limit, relationshipTypes, types, yearFrom, yearTo }, { repo }) => {
    if (yearFrom != null && yearTo != null && yearFrom > yearTo)
      throw badUserInput('yearFrom', `(${yearFrom}) is after yearTo (${yearTo})`);
    const centre = await nodeArgument(repo, id, 'id');
    const checked = neighborhoodArguments(
      depth,
      limit,
      relationshipTypes ?? null,
      types ? types.map((t) => LABEL_OF_TYPE[t]) : null,
    );
    const graph = await repo.neighborhood(
      centre,
      checked.depth,
      checked.limit,
      checked.relationshipTypes,
      checked.labels,
    );
    // The contract makes neighborhood non-null: an id that names no node is an empty graph.
    return graph
      ? filterGraphByYear(graph, centre, { yearFrom: yearFrom ?? null, yearTo: yearTo ?? null })
      : { nodes: [], edges: [], truncated: false };
  },
  shortestPath: async (_parent, { from, to, maxLength, relationshipTypes, through }, { repo }) => {
    const [fromId, toId] = await Promise.all([nodeArgument(repo, from, 'from'), nodeArgument(repo, to, 'to')]);
    const checked = shortestPathArguments(
      maxLength,
      relationshipTypes ?? null,
      through ? through.map((t) => LABEL_OF_TYPE[t]) : null,
    );
    return repo.shortestPath(fromId, toId, checked.maxLength, checked.relationshipTypes, checked.through);
  },
  topicGraph: (_parent, args, { repo }) => {
    const { name, first } = topicGraphArguments(args.name, args.first);
    return repo.topicGraph(name, first);
  },
  stats: (_parent, _args, { repo }) => repo.stats(),
};
