import { badUserInput, checkRange } from '../../errors.ts';
import { MAX_PATH_MAX_LENGTH } from '../../inputLimits.ts';
import { MAX_PAGE_SIZE } from '../../db/cypher/index.ts';
import type { EntityLabel } from '../../db/index.ts';
import type { RelationshipType } from '../generated/resolvers-types.ts';
import { enumList } from './lists.ts';

/** The checked arguments of `neighborhood` (its centre is resolved apart, first: nodeArgument). */
export function neighborhoodArguments(
  depth: number,
  limit: number,
  relationshipTypes: readonly RelationshipType[] | null,
  labels: readonly EntityLabel[] | null,
) {
  checkRange('depth', depth, 1, 3);
  checkRange('limit', limit, 1, 1000);
  return {
    depth,
    limit,
    relationshipTypes: enumList('relationshipTypes', relationshipTypes),
    labels: enumList('types', labels),
  };
}

/** The checked arguments of `shortestPath` (its ends are resolved apart, first: nodeArgument). */
export function shortestPathArguments(
  maxLength: number,
  relationshipTypes: readonly RelationshipType[] | null,
  through: readonly EntityLabel[] | null,
) {
  checkRange('maxLength', maxLength, 1, MAX_PATH_MAX_LENGTH);
  return {
    maxLength,
    relationshipTypes: enumList('relationshipTypes', relationshipTypes),
    through: enumList('through', through),
  };
}

/** The checked `maxLength` of `citationPath` (its ends are resolved apart, first: nodeArgument). */
export function citationPathMaxLength(maxLength: number): number {
  return checkRange('maxLength', maxLength, 1, MAX_PATH_MAX_LENGTH);
}

/** The checked arguments of `topicGraph`. */
export function topicGraphArguments(name: string, first: number): { name: string; first: number } {
  checkRange('first', first, 1, MAX_PAGE_SIZE);
  if (name.trim() === '') throw badUserInput('name', 'must not be empty');
  return { name, first };
}
