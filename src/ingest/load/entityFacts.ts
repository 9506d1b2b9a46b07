import { entityId, journalKey } from '../../identity/index.ts';
import {
  authorAliases,
  decidingDescription,
  institutionAliases,
  journalAliases,
  statedIssns,
  unionOfAliases,
  type AuthorFacts,
  type Description,
  type EntityAliases,
  type InstitutionFacts,
  type JournalFacts,
} from '../merge/entityDescriptions.ts';
import {
  LINK_JOURNAL_IDENTIFIERS,
  REPLACE_PART_OF,
  replaceAliases,
  SET_AUTHOR_FACTS,
  SET_INSTITUTION_FACTS,
  SET_JOURNAL_FACTS,
  FOLD_ALIASES,
} from './fragments.ts';
import type { Run } from './run.ts';

/**
 * Entity facts kept per article, and the recomputation that uses them. Each article's link to an
 * entity keeps the article's own description of it (JSON `facts`, with `decidedBy`/`decidedAt`: the
 * source that decided it): PUBLISHED_IN for its journal, AUTHORED for the author, and on AUTHORED the
 * lists `institutionFacts`/`institutionDecidedBy`/`institutionDecidedAt` parallel to `institutionIds`
 * for the institutions the authorship marks. When a write may have taken a description away (a source
 * retracted or replaced, articles folded), the entities the articles linked before are recomputed from
 * the descriptions that remain, as if the sources gone had never been imported.
 */

/** One row of WRITE_ENTITIES (applyPlan.ts) or of a rewrite below: a description's facts, who decided them, its aliases. */
function row<F extends { rank: number }>(id: string, description: Description<F>, aliases: EntityAliases) {
  return { id, ...description.facts, decidedBy: description.decidedBy, decidedAt: description.decidedAt, ...aliases };
}

export const journalRow = (id: string, d: Description<JournalFacts>) => row(id, d, journalAliases(d.facts));
export const authorRow = (id: string, d: Description<AuthorFacts>) => row(id, d, authorAliases(d.facts));
export const institutionRow = (id: string, d: Description<InstitutionFacts>) => row(id, d, institutionAliases(d.facts));

/**
 * Groups the descriptions of entity `n` given as rows `facts`, `decidedAt`, `decidedBy` (one per
 * distinct description and import time, the smallest source id of each: the precedence order needs no
 * more). `legacy` counts links written before descriptions were kept: such an entity is left as it is.
 */
const COLLECT_DESCRIPTIONS = `WITH facts, decidedAt, min(decidedBy) AS decidedBy
  RETURN collect(CASE WHEN facts IS NULL OR facts = '' THEN null ELSE {facts: facts, decidedAt: decidedAt, decidedBy: decidedBy} END) AS descriptions,
         sum(CASE WHEN facts IS NULL OR facts = '' THEN 1 ELSE 0 END) AS legacy`;

/** The descriptions a journal's articles keep. */
export const JOURNAL_DESCRIPTIONS = `
UNWIND $ids AS id
MATCH (n:Journal {id: id})
WHERE EXISTS { (n)<-[:PUBLISHED_IN]-() }
CALL (n) {
  MATCH (n)<-[r:PUBLISHED_IN]-()
  WITH r.facts AS facts, r.decidedAt AS decidedAt, r.decidedBy AS decidedBy
  ${COLLECT_DESCRIPTIONS}
}
RETURN n.id AS id, descriptions, legacy`;

/** The descriptions an author's bylines keep. */
export const AUTHOR_DESCRIPTIONS = `
UNWIND $ids AS id
MATCH (n:Author {id: id})
WHERE EXISTS { (n)-[:AUTHORED]->() }
CALL (n) {
  MATCH (n)-[w:AUTHORED]->()
  WITH w.facts AS facts, w.decidedAt AS decidedAt, w.decidedBy AS decidedBy
  ${COLLECT_DESCRIPTIONS}
}
RETURN n.id AS id, descriptions, legacy`;

/**
 * The descriptions the authorships that mark an institution keep (found through the affiliated
 * authors, whose AFFILIATED_WITH links are already recomputed by the write).
 */
export const INSTITUTION_DESCRIPTIONS = `
UNWIND $ids AS id
MATCH (n:Institution {id: id})
CALL (n) {
  MATCH (n)<-[:AFFILIATED_WITH]-(:Author)-[w:AUTHORED]->()
  WHERE n.id IN w.institutionIds
  UNWIND range(0, size(w.institutionIds) - 1) AS k
  WITH w, k WHERE w.institutionIds[k] = n.id
  WITH w.institutionFacts[k] AS facts, w.institutionDecidedAt[k] AS decidedAt, w.institutionDecidedBy[k] AS decidedBy
  ${COLLECT_DESCRIPTIONS}
}
RETURN n.id AS id, descriptions, legacy`;

/** Journals set from their deciding description, found by exactly what their descriptions give. */
export const REWRITE_JOURNALS = `
UNWIND $rows AS j
MATCH (n:Journal {id: j.id})
${SET_JOURNAL_FACTS}
SET n.statedIssns = CASE WHEN size(j.statedIssns) = 0 THEN null ELSE j.statedIssns END
WITH n, j
${replaceAliases('j')}
CALL (n, j) {
  ${LINK_JOURNAL_IDENTIFIERS}
}`;

/** Authors set from their deciding description. */
export const REWRITE_AUTHORS = `
UNWIND $rows AS au
MATCH (n:Author {id: au.id})
${SET_AUTHOR_FACTS}
WITH n, au
${replaceAliases('au')}`;

/** Institutions set from their deciding description, with its PART_OF link. */
export const REWRITE_INSTITUTIONS = `
UNWIND $rows AS i
MATCH (n:Institution {id: i.id})
${SET_INSTITUTION_FACTS}
WITH n, i
${REPLACE_PART_OF}
${replaceAliases('i')}`;

/**
 * Folds journals found to be one. A relationship cannot change its end node, so each PUBLISHED_IN
 * link is made again to the survivor with the same properties (the article's description of its
 * journal, which the survivor is then recomputed from).
 */
export const FOLD_JOURNALS = `
UNWIND $folds AS f
MATCH (gone:Journal {id: f.victim})
// The survivor may be new in this write (its facts are written after the fold).
MERGE (keep:Journal:Entity {id: f.survivor})
WITH keep, gone
CALL (keep, gone) {
  MATCH (a:Article)-[r:PUBLISHED_IN]->(gone)
  CREATE (a)-[moved:PUBLISHED_IN]->(keep)
  SET moved = properties(r)
  DELETE r
}
${FOLD_ALIASES}`;

/**
 * A journal keyed by an ISSN that none of its remaining descriptions states (it had been folded with
 * a title-only journal by a record now retracted) takes the key its descriptions give, or folds into
 * the journal already holding that key: as if the retracted record had never been imported.
 */
export const REKEY_JOURNALS = `
UNWIND $rekeys AS r
MATCH (n:Journal {id: r.id})
WHERE NOT EXISTS { MATCH (:Journal {id: r.newId}) }
SET n.id = r.newId`;

interface Kind<F extends { rank: number }> {
  read: string;
  write: string;
  row: (id: string, d: Description<F>) => ReturnType<typeof row<F>>;
  aliases: (facts: F) => EntityAliases;
  /** What the entity keeps of all its descriptions besides their aliases (journals: every ISSN stated). */
  union?: (descriptions: readonly Description<F>[]) => Record<string, unknown>;
  /** The id the entity should have from its remaining descriptions, when its own no longer fits. */
  rekey?: (id: string, descriptions: readonly Description<F>[], deciding: Description<F>) => string | undefined;
}

const JOURNALS: Kind<JournalFacts> = {
  read: JOURNAL_DESCRIPTIONS,
  write: REWRITE_JOURNALS,
  row: journalRow,
  aliases: journalAliases,
  union: (descriptions) => ({ statedIssns: statedIssns(descriptions) }),
  rekey: (id, descriptions, deciding) =>
    id.startsWith('Journal:issn:') && statedIssns(descriptions).length === 0
      ? entityId('Journal', journalKey({ title: deciding.facts.title }))
      : undefined,
};
const AUTHORS: Kind<AuthorFacts> = {
  read: AUTHOR_DESCRIPTIONS,
  write: REWRITE_AUTHORS,
  row: authorRow,
  aliases: authorAliases,
};
const INSTITUTIONS: Kind<InstitutionFacts> = {
  read: INSTITUTION_DESCRIPTIONS,
  write: REWRITE_INSTITUTIONS,
  row: institutionRow,
  aliases: institutionAliases,
};

async function recompute<F extends { rank: number }>(
  run: Run,
  kind: Kind<F>,
  ids: readonly string[],
): Promise<Array<{ id: string; newId: string }>> {
  if (ids.length === 0) return [];
  const found = await run<{
    id: string;
    descriptions: Array<{ facts: string; decidedAt: string; decidedBy: string }>;
    legacy: number;
  }>(kind.read, { ids });
  const rows = found.flatMap((entity) => {
    if (entity.legacy > 0) return [];
    const descriptions: Array<Description<F>> = entity.descriptions.map((d) => ({
      facts: JSON.parse(d.facts) as F,
      decidedAt: d.decidedAt,
      decidedBy: d.decidedBy,
    }));
    const deciding = decidingDescription(descriptions);
    // None left: the entity is an orphan, removed by the orphan step.
    if (!deciding) return [];
    return [
      {
        ...kind.row(entity.id, deciding),
        ...unionOfAliases(descriptions, kind.aliases),
        ...kind.union?.(descriptions),
      },
    ];
  });
  if (rows.length > 0) await run(kind.write, { rows });
  const rekeys = kind.rekey
    ? found.flatMap((entity) => {
        const descriptions = entity.descriptions.map((d) => ({
          facts: JSON.parse(d.facts) as F,
          decidedAt: d.decidedAt,
          decidedBy: d.decidedBy,
        }));
        const deciding = decidingDescription(descriptions);
        const newId = entity.legacy === 0 && deciding ? kind.rekey!(entity.id, descriptions, deciding) : undefined;
        return newId && newId !== entity.id ? [{ id: entity.id, newId }] : [];
      })
    : [];
  return rekeys;
}

/** The entities to recompute: those the articles of a write linked before it. */
export interface RecomputeTargets {
  journalIds: readonly string[];
  authorIds: readonly string[];
  institutionIds: readonly string[];
}

/**
 * Recomputes entities from the descriptions their articles keep (run inside the write's transaction,
 * after its links are in place): the deciding description sets the properties (and an institution's
 * PART_OF), the aliases are exactly those the remaining descriptions give. Entities nothing links any
 * more are skipped (the orphan step removes them), and so are those with links written before
 * descriptions were kept. Two round trips per kind of entity, whatever their number.
 */
export async function recomputeEntities(run: Run, targets: RecomputeTargets): Promise<void> {
  const rekeys = await recompute(run, JOURNALS, targets.journalIds);
  if (rekeys.length > 0) {
    await run(REKEY_JOURNALS, { rekeys });
    // Those whose new key another journal holds fold into it (the renamed ones no longer match r.id).
    const folds = rekeys.map((r) => ({ survivor: r.newId, victim: r.id }));
    await run(FOLD_JOURNALS, { folds });
    await recompute(run, JOURNALS, unique(folds.map((f) => f.survivor)));
  }
  await recompute(run, AUTHORS, targets.authorIds);
  await recompute(run, INSTITUTIONS, targets.institutionIds);
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}
