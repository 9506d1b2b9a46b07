import type { SourceAuthor } from '../../model.ts';
import { collapseSpace } from './values.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const CJK_ONLY = /^[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}\u00B7\u30FB]+$/u;

/**
 * The display name of a person from separately stated parts: "Given Family" (the order the
 * SourceAuthor contract uses), or whichever part exists; a name written in CJK script keeps its
 * own order.
 */
export function displayName(parts: {
  given?: string | undefined;
  family?: string | undefined;
  suffix?: string | undefined;
}): string {
  // Chinese, Japanese and Korean names are written family name first, without a space (张伟).
  if (parts.given && parts.family && CJK_ONLY.test(parts.given) && CJK_ONLY.test(parts.family))
    return `${parts.family}${parts.given}`;
  return collapseSpace([parts.given, parts.family, parts.suffix].filter((p) => p !== undefined && p !== '').join(' '));
}

/**
 * An author from a name printed inverted, "Family, Given" (MEDLINE FAU, RIS AU, "Family, Given,
 * Suffix"; Scopus RIS "Family, Given, e-mail address"). A name without a comma is a single printed
 * form (an organisation, or a name whose parts the source does not separate): it is kept whole as
 * the display name, no parts are guessed.
 */
export function authorFromInverted(printed: string): Pick<SourceAuthor, 'name' | 'family' | 'given'> {
  const text = collapseSpace(printed);
  const comma = text.indexOf(',');
  if (comma < 0) return { name: text };
  const family = text.slice(0, comma).trim();
  const rest = text
    .slice(comma + 1)
    .split(',')
    .map((p) => p.trim())
    // Scopus RIS appends the corresponding author's e-mail address ("Nguyen, C.D., chi@uni.edu.vn"):
    // an address names no one, so it is neither a given name nor a suffix.
    .filter((p) => p !== '' && !EMAIL.test(p));
  const given = rest[0];
  const suffix = rest.slice(1).join(' ') || undefined;
  if (!family) return { name: text };
  const out: Pick<SourceAuthor, 'name' | 'family' | 'given'> = { name: displayName({ given, family, suffix }), family };
  if (given) out.given = given;
  return out;
}
