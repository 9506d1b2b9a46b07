import type { SourceAuthor } from "../../model.ts";
import { collapseSpace } from "./values.ts";

/**
 * The display name of a person from separately stated parts: "Given Family" (the order the
 * SourceAuthor contract uses), or whichever part exists.
 */
export function displayName(parts: { given?: string | undefined; family?: string | undefined; suffix?: string | undefined }): string {
  return collapseSpace([parts.given, parts.family, parts.suffix].filter((p) => p !== undefined && p !== "").join(" "));
}

/**
 * An author from a name printed inverted, "Family, Given" (MEDLINE FAU, RIS AU, "Family, Given,
 * Suffix"). A name without a comma is a single printed form (an organisation, or a name whose parts
 * the source does not separate): it is kept whole as the display name, no parts are guessed.
 */
export function authorFromInverted(printed: string): Pick<SourceAuthor, "name" | "family" | "given"> {
  const text = collapseSpace(printed);
  const comma = text.indexOf(",");
  if (comma < 0) return { name: text };
  const family = text.slice(0, comma).trim();
  const rest = text.slice(comma + 1).split(",").map((p) => p.trim()).filter((p) => p !== "");
  const given = rest[0];
  const suffix = rest.slice(1).join(" ") || undefined;
  if (!family) return { name: text };
  const out: Pick<SourceAuthor, "name" | "family" | "given"> = { name: displayName({ given, family, suffix }), family };
  if (given) out.given = given;
  return out;
}
