import type { QueryArticleArgs } from '../generated/resolvers-types.ts';
import { badUserInput, checkLength } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import { aliasValue, articleIdentifierKeys, normalizeDoi } from '../../identity/index.ts';

/** The arguments of `article`, one of which names it. */
const ARTICLE_IDENTIFIER_ARGUMENTS = ['doi', 'pmid', 'pmcid', 'openalexId'] as const;

/** What each identifier argument other than the DOI must look like, for the error message. */
const ARTICLE_IDENTIFIER_FORMS: Readonly<
  Record<Exclude<(typeof ARTICLE_IDENTIFIER_ARGUMENTS)[number], 'doi'>, string>
> = {
  pmid: 'a PubMed id (digits)',
  pmcid: 'a PubMed Central id (PMC followed by digits)',
  openalexId: 'an OpenAlex work id (W followed by digits)',
};

/** How `article` finds its article: by the DOI index (lower-cased DOI) or by an identifier alias. */
export type ArticleIdentifier = { doi: string } | { alias: string };

/**
 * The identifier `article` was given: exactly one of them, a DOI (case-insensitive, with or without a
 * doi.org / "doi:" prefix, the loader's own DOI rules) or another identifier in its own form.
 */
export function articleIdentifier(args: QueryArticleArgs): ArticleIdentifier {
  const given = ARTICLE_IDENTIFIER_ARGUMENTS.filter((name) => args[name] !== undefined && args[name] !== null);
  if (given.length !== 1) {
    throw badUserInput(
      given[1] ?? 'doi',
      `give exactly one of ${ARTICLE_IDENTIFIER_ARGUMENTS.join(', ')}${given.length > 1 ? ` (got ${given.join(', ')})` : ''}`,
    );
  }
  const argument = given[0]!;
  const value = args[argument]!;
  checkLength(argument, value, INPUT_LIMITS.textLength);
  if (argument === 'doi') {
    const normalized = normalizeDoi(value);
    if (!normalized)
      throw badUserInput('doi', `"${value.slice(0, 80)}" is not a DOI (expected 10.<registrant>/<suffix>)`);
    return { doi: normalized.doi.toLowerCase() };
  }
  const [key] = articleIdentifierKeys({ [argument]: value });
  if (!key) throw badUserInput(argument, `"${value.slice(0, 80)}" is not ${ARTICLE_IDENTIFIER_FORMS[argument]}`);
  return { alias: aliasValue(key) };
}
