import { badUserInput, checkLength, checkRange } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import {
  citationListName,
  entityListName,
  MAX_PAGE_SIZE,
  readPaging,
  type CitationDirection,
  type ListedLabel,
  type PageRequest,
  type PagingArgs,
} from '../../db/cypher/index.ts';

/** A `first` of a list answered whole (facets, co-citation, coupling): 0 to 100. */
export function listFirst(first: number): number {
  return checkRange('first', first, 0, MAX_PAGE_SIZE);
}

/** The checked arguments of an alphabetical list (`authors`, `topics`, ...): its page and the name filter. */
export function entityPageArguments(
  label: ListedLabel,
  paging: PagingArgs,
  contains: string | null,
): { request: PageRequest; contains: string | null } {
  const request = readPaging({ first: paging.first, after: paging.after }, entityListName(label));
  if (contains != null) checkLength('name', contains, INPUT_LIMITS.textLength);
  return { request, contains };
}

/** The checked `name` of `topic`. */
export function topicName(name: string): string {
  checkLength('name', name, INPUT_LIMITS.textLength);
  if (name.trim() === '') throw badUserInput('name', 'must not be empty');
  return name;
}

/** The checked page of `references` or `citedBy`. */
export function citationPageArguments(
  direction: CitationDirection,
  args: { first?: number | null; after?: string | null },
): PageRequest {
  return readPaging({ first: args.first, after: args.after }, citationListName(direction));
}
