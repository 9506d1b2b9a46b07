import type { EntityRecord } from '../../db/index.ts';
import type { ResolversInterfaceTypes, ResolversTypes } from '../generated/resolvers-types.ts';

/** An entity tagged with its GraphQL type name, as the Node interface resolvers need it. */
export type NodeValue = ResolversInterfaceTypes<ResolversTypes>['Node'];

/** Tags an entity record with its __typename so Node's type resolution needs no guessing. */
export function asNode(entity: EntityRecord): NodeValue {
  switch (entity.label) {
    case 'Article':
      return { ...entity.record, __typename: 'Article' };
    case 'Author':
      return { ...entity.record, __typename: 'Author' };
    case 'Institution':
      return { ...entity.record, __typename: 'Institution' };
    case 'Journal':
      return { ...entity.record, __typename: 'Journal' };
    case 'Topic':
      return { ...entity.record, __typename: 'Topic' };
  }
}
