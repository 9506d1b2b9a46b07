import { badUserInput, checkLength, checkRange } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import { MAX_PAGE_SIZE, prefixQuery, searchQuery, searchWords } from '../../db/cypher/index.ts';
import type { EntityLabel } from '../../db/index.ts';
import { enumList } from './lists.ts';

/** A checked full-text request: the text as typed, the Lucene query built from it, the labels asked for (null: all), the number of hits. */
export interface FullTextRequest {
  text: string;
  query: string;
  labels: EntityLabel[] | null;
  first: number;
}

/** Checks a search text: length, number of words, length of each word (Lucene's limits stay out of reach). */
function checkFullTextInput(argument: string, text: string, maxLength: number, maxWords: number): void {
  checkLength(argument, text, maxLength);
  const words = searchWords(text);
  if (words.length > maxWords) throw badUserInput(argument, `must have at most ${maxWords} words, got ${words.length}`);
  const long = words.find((word) => word.length > INPUT_LIMITS.termLength);
  if (long)
    throw badUserInput(
      argument,
      `has a word of ${long.length} characters; words may have at most ${INPUT_LIMITS.termLength}`,
    );
}

/** The arguments of `search`; null when the answer is empty without asking (first: 0). */
export function searchArguments(
  text: string,
  labels: readonly EntityLabel[] | null,
  first: number,
): FullTextRequest | null {
  checkRange('first', first, 0, MAX_PAGE_SIZE);
  checkFullTextInput('query', text, INPUT_LIMITS.searchLength, INPUT_LIMITS.searchTerms);
  const query = searchQuery(text);
  if (query === null) throw badUserInput('query', 'must contain at least one letter or digit');
  if (first === 0) return null;
  return { text, query, labels: enumList('types', labels), first };
}

/** The arguments of `autocomplete`; null when the answer is empty without asking (no word yet, or first: 0). */
export function autocompleteArguments(
  prefix: string,
  labels: readonly EntityLabel[] | null,
  first: number,
): FullTextRequest | null {
  checkRange('first', first, 0, 50);
  checkFullTextInput('prefix', prefix, INPUT_LIMITS.prefixLength, INPUT_LIMITS.prefixTerms);
  const query = prefixQuery(prefix);
  if (query === null || first === 0) return null;
  return { text: prefix, query, labels: enumList('types', labels), first };
}
