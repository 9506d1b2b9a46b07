/**
 * Reads family and given name off a WPRIM byline name. WPRIM prints pinyin names with the family
 * name in capitals (`Haoming CHEN`); when exactly one token is all upper-case it is the family name
 * and the rest the given name. Anything else (two capitalized tokens, no capitals, initials) is
 * ambiguous, so both stay undefined: the name as printed is all the record states.
 */
export function splitPrintedName(printed: string): { family?: string; given?: string } {
  const tokens = printed.split(' ');
  const isUpper = (t: string) => /\p{Lu}/u.test(t) && t === t.toUpperCase() && /^[\p{L}'-]{2,}$/u.test(t);
  const upper = tokens.filter(isUpper);
  if (tokens.length < 2 || upper.length !== 1) return {};
  return { family: upper[0] as string, given: tokens.filter((t) => !isUpper(t)).join(' ') };
}
