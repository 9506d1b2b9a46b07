import { decidingDescription, journalAliases, unionOfAliases, type JournalDescription, type JournalFacts } from "../merge/journalDescriptions.ts";
import { LINK_JOURNAL_IDENTIFIERS, SET_JOURNAL_FACTS } from "./fragments.ts";
import type { Run } from "./run.ts";

/** One journal row of WRITE_ENTITIES (applyPlan.ts) and of REWRITE_JOURNALS: a description's facts, who decided them, its aliases. */
export function journalParams(id: string, description: JournalDescription) {
  return { id, ...description.facts, decidedBy: description.decidedBy, decidedAt: description.decidedAt, ...journalAliases(description.facts) };
}

/**
 * The descriptions a journal's articles keep, one row per distinct description and import time (the
 * smallest source id of each: the precedence order needs no more). `legacy` counts links written
 * before the descriptions were kept: such a journal cannot be recomputed and is left as it is.
 */
export const JOURNAL_DESCRIPTIONS = `
UNWIND $ids AS id
MATCH (j:Journal {id: id})
WHERE EXISTS { (j)<-[:PUBLISHED_IN]-() }
CALL (j) {
  MATCH (j)<-[r:PUBLISHED_IN]-()
  WITH r.facts AS facts, r.decidedAt AS decidedAt, min(r.decidedBy) AS decidedBy
  RETURN collect(CASE WHEN facts IS NULL THEN null ELSE {facts: facts, decidedAt: decidedAt, decidedBy: decidedBy} END) AS descriptions,
         sum(CASE WHEN facts IS NULL THEN 1 ELSE 0 END) AS legacy
}
RETURN j.id AS id, descriptions, legacy`;

/**
 * Rewrites journals from their deciding description and drops the aliases no remaining description
 * gives (an alias node left pointing at nothing goes too), then links what the descriptions give: the
 * journal then looks as if only the sources that remain had ever been imported.
 */
export const REWRITE_JOURNALS = `
UNWIND $journals AS j
MATCH (n:Journal {id: j.id})
${SET_JOURNAL_FACTS}
WITH n, j
CALL (n, j) {
  MATCH (al:Alias)-[r:ALIAS_OF]->(n)
  WHERE NOT al.value IN j.aliases AND NOT al.value IN j.identifiers
  DELETE r
  WITH DISTINCT al
  WHERE NOT EXISTS { (al)-[:ALIAS_OF]->() }
  DELETE al
}
CALL (n, j) {
  ${LINK_JOURNAL_IDENTIFIERS}
}
CALL (n, j) {
  UNWIND j.aliases AS v
  MERGE (al:Alias {value: v})
  MERGE (al)-[:ALIAS_OF]->(n)
}`;

/**
 * Recomputes the given journals from the descriptions their articles' links keep (run after the
 * links of a write are in place, inside its transaction): the deciding description sets the
 * properties, and the aliases are exactly those the remaining descriptions give. Journals left without
 * articles are skipped (the orphan step removes them). Two round trips, whatever the number of journals.
 */
export async function recomputeJournals(run: Run, journalIds: readonly string[]): Promise<void> {
  if (journalIds.length === 0) return;
  const rows = await run<{ id: string; descriptions: Array<{ facts: string; decidedAt: string; decidedBy: string }>; legacy: number }>(JOURNAL_DESCRIPTIONS, { ids: journalIds });
  const journals = rows.flatMap((row) => {
    if (row.legacy > 0) return [];
    const descriptions: JournalDescription[] = row.descriptions.map((d) => ({ facts: JSON.parse(d.facts) as JournalFacts, decidedAt: d.decidedAt, decidedBy: d.decidedBy }));
    const deciding = decidingDescription(descriptions);
    if (!deciding) return [];
    return [{ ...journalParams(row.id, deciding), ...unionOfAliases(descriptions) }];
  });
  if (journals.length > 0) await run(REWRITE_JOURNALS, { journals });
}
