import type { Vocabulary } from '../model.ts';
import type { HyphenationRepair } from './ReferenceData.ts';

/** Lower-case letter runs of a text (a hyphenated compound contributes its parts, never the joined form). */
function words(text: string): string[] {
  return (text.match(/\p{L}+/gu) ?? []).map((w) => w.toLowerCase());
}

/** The words a lexicon can answer for: the record's own words, then the reference words. */
export interface KnownWords {
  has(word: string): boolean;
}

/** The reference part of the lexicon (vocabulary names and synonyms, curated repairs), built once per vocabulary and repair list. */
const referenceWords = new WeakMap<Vocabulary, WeakMap<readonly HyphenationRepair[], Set<string>>>();
function referenceLexicon(vocabulary: Vocabulary, repairs: readonly HyphenationRepair[]): Set<string> {
  let byRepairs = referenceWords.get(vocabulary);
  if (!byRepairs) {
    byRepairs = new WeakMap();
    referenceWords.set(vocabulary, byRepairs);
  }
  let lexicon = byRepairs.get(repairs);
  if (!lexicon) {
    lexicon = new Set<string>();
    for (const topic of vocabulary.topics) {
      for (const text of [topic.name, ...topic.synonyms]) for (const w of words(text)) lexicon.add(w);
    }
    for (const repair of repairs) lexicon.add(repair.word.toLowerCase());
    byRepairs.set(repairs, lexicon);
  }
  return lexicon;
}

/**
 * The evidence repairHyphenation needs: every word that appears unbroken in the record's own texts, in the
 * vocabulary's names and synonyms, and in the curated hyphenation repairs. A word broken in one place and
 * printed whole in another is thereby repaired; a compound never printed without its hyphen is left alone.
 * The reference part is built once per vocabulary (it is large with full MeSH), the record part per record.
 */
export function buildHyphenationLexicon(
  recordTexts: readonly string[],
  vocabulary: Vocabulary,
  repairs: readonly HyphenationRepair[],
): KnownWords {
  const own = new Set<string>();
  for (const text of recordTexts) for (const w of words(text)) own.add(w);
  const reference = referenceLexicon(vocabulary, repairs);
  return { has: (word) => own.has(word) || reference.has(word) };
}
