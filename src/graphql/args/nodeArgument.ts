import { badUserInput, checkLength } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import { aliasValue, canonicalGlobalId, entityId, normalizeDoi, splitGlobalId } from '../../identity/index.ts';
import type { Repository } from '../../db/index.ts';

/** How many candidate ids an ambiguous name lists in its error. */
const MAX_CANDIDATES = 5;

/**
 * What a user gave where a node id is expected, as the id to use: a global id (normalized by
 * the identity rules, so `Author:Xiuyong CHENG` finds `Author:xiuyong cheng`), a DOI (its
 * article's id), or a name, synonym, MeSH UI or ISSN, looked up like the article filters look
 * names up. A well-formed id is returned without checking that it exists (an unknown id is
 * answered like before: null, or an empty graph). A name that names no node, or several, is
 * BAD_USER_INPUT naming the argument, with the candidate ids in `extensions.candidates`.
 */
export async function nodeArgument(repo: Repository, text: string, argument: string): Promise<string> {
  checkLength(argument, text, INPUT_LIMITS.idLength);
  const trimmed = text.trim();
  if (trimmed === '') throw badUserInput(argument, 'must not be empty');
  if (splitGlobalId(trimmed)) return canonicalGlobalId(trimmed);
  const doi = normalizeDoi(trimmed);
  if (doi) return entityId('Article', doi.key);
  const candidates = (await repo.nodeIdsNamed(aliasValue(trimmed))).sort();
  const quoted = `"${trimmed.slice(0, 80)}"`;
  if (candidates.length === 1) return candidates[0]!;
  if (candidates.length === 0) {
    const error = badUserInput(
      argument,
      `${quoted} is neither an id nor the name of a node; pass an id such as "Topic:mesh:D020345" (search and autocomplete give ids)`,
    );
    Object.assign(error.extensions, { candidates: [], reason: 'NOT_FOUND' });
    throw error;
  }
  const shown = candidates.slice(0, MAX_CANDIDATES);
  const more = candidates.length > shown.length ? ` and ${candidates.length - shown.length} more` : '';
  const error = badUserInput(
    argument,
    `${quoted} names ${candidates.length} nodes; pass one of their ids: ${shown.join(', ')}${more}`,
  );
  Object.assign(error.extensions, { candidates: shown, reason: 'AMBIGUOUS' });
  throw error;
}
