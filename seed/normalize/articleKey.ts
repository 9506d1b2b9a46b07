import { normalizeKeyText } from "./normalizeKeyText.ts";
import { shortHash } from "./shortHash.ts";

/**
 * Key for an article the record gives no DOI for: `rec:` + short SHA-1 of normalized title, journal and year.
 * Stable across runs and files (same article printed twice gets the same key), unlike a file name.
 */
export function recordKey(title: string, journal: string | undefined, year: number | undefined): string {
  return `rec:${shortHash([normalizeKeyText(title), normalizeKeyText(journal ?? ""), year ?? ""].join("|"))}`;
}
