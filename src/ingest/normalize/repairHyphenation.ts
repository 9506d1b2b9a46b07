/**
 * Repairs line-break hyphenation left in scraped WPRIM text: `Necro-tizing` -> `Necrotizing`,
 * `broncho-pulmonary` -> `bronchopulmonary`, `cha-llenging` -> `challenging`.
 *
 * Why evidence and not a rule: a hyphen between two lower-case letter runs is as often a real compound
 * (`long-term`, `anti-inflammatory`, `follow-up`) as a broken word, and no spelling rule tells them apart.
 * So a hyphen is removed only when the joined word is attested in `knownWords` — words that occur unbroken
 * elsewhere in the same record, in the curated vocabulary (names/synonyms), or in the curated list of words
 * observed broken in WPRIM records (seed/reference/hyphenation-repairs.json); see buildHyphenationLexicon.
 * Only letter-hyphen-lower-case-letter tokens are candidates, so `COVID-19`, `miR-21`, `IL-6` are never touched.
 */
export function repairHyphenation(text: string, knownWords: { has(word: string): boolean }): string {
  return text.replace(
    /(?<![\p{L}\p{N}\-])(\p{L}+)-(\p{Ll}+)(?![\p{L}\p{N}\-])/gu,
    (whole, left: string, right: string) => {
      const joined = left + right;
      return knownWords.has(joined.toLowerCase()) ? joined : whole;
    },
  );
}
