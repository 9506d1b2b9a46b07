import type { AuthorEntity } from "../model.ts";
import { authorKey } from "../../src/identity/index.ts";

/**
 * Builds the author entity from the printed byline name. Records give no author identifiers, so the key is the
 * normalized name (`Haoming CHEN` -> `haoming chen`). WPRIM prints pinyin names with the family name in
 * capitals; when exactly one token is all upper-case it is taken as the family name and the rest as given
 * name. Anything else (two capitalized tokens, no capitals, initials) is ambiguous, so both stay undefined.
 */
export function parseAuthorName(printed: string): AuthorEntity {
  const name = printed.replace(/\s+/g, " ").trim();
  const author: AuthorEntity = { key: authorKey({ name }), name };
  const tokens = name.split(" ");
  const isUpper = (t: string) => /\p{Lu}/u.test(t) && t === t.toUpperCase() && /^[\p{L}'-]{2,}$/u.test(t);
  const upper = tokens.filter(isUpper);
  if (tokens.length >= 2 && upper.length === 1) {
    author.familyName = upper[0] as string;
    author.givenName = tokens.filter((t) => !isUpper(t)).join(" ");
  }
  return author;
}
