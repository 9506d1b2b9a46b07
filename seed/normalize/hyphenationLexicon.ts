import type { Vocabulary } from "../model.ts";
import type { HyphenationRepair } from "./ReferenceData.ts";

/** Lower-case letter runs of a text (a hyphenated compound contributes its parts, never the joined form). */
function words(text: string): string[] {
  return (text.match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase());
}

/**
 * The evidence repairHyphenation needs: every word that appears unbroken in the record's own texts, in the
 * vocabulary's names and synonyms, and in the curated hyphenation repairs. A word broken in one place and
 * printed whole in another is thereby repaired; a compound never printed without its hyphen is left alone.
 */
export function buildHyphenationLexicon(
  recordTexts: readonly string[],
  vocabulary: Vocabulary,
  repairs: readonly HyphenationRepair[],
): Set<string> {
  const lexicon = new Set<string>();
  for (const text of recordTexts) for (const w of words(text)) lexicon.add(w);
  for (const topic of vocabulary.topics) {
    for (const text of [topic.name, ...topic.synonyms]) for (const w of words(text)) lexicon.add(w);
  }
  for (const repair of repairs) lexicon.add(repair.word.toLowerCase());
  return lexicon;
}
