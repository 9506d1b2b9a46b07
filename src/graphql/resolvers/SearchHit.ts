import type { NodeResolvers, SearchHitResolvers } from '../generated/resolvers-types.ts';
import { ENTITY_TYPE_OF } from '../globalId.ts';
import { asNode } from './asNode.ts';

/** SearchHit: the entity as a Node, its type and display label. */
export const SearchHit: SearchHitResolvers = {
  node: (hit) => asNode(hit.entity),
  type: (hit) => ENTITY_TYPE_OF[hit.entity.label],
  label: (hit) => ('title' in hit.entity.record ? hit.entity.record.title : hit.entity.record.name),
  referenceOnly: (hit) =>
    hit.entity.label === 'Article' && 'referenceOnly' in hit.entity.record && hit.entity.record.referenceOnly === true,
};

/** Node: every value is tagged with its __typename by asNode. */
export const Node: NodeResolvers = {
  __resolveType: (node) => node.__typename,
};
