import type { JournalEntity } from "../model.ts";
import type { CuratedJournal } from "./ReferenceData.ts";
import { journalKey, normalizeKeyText } from "../../src/identity/index.ts";

/**
 * Resolves the printed journal title against the curated journals (case-insensitive on title, local title
 * and synonyms). A curated journal with an ISSN gets the key `issn:<ISSN>`; otherwise — curated without ISSN
 * or not curated — the key is `title:<normalized title>` and, when not curated, only the printed title is kept.
 */
export function resolveJournal(printedTitle: string, journals: readonly CuratedJournal[]): JournalEntity {
  const wanted = normalizeKeyText(printedTitle);
  const curated = journals.find((j) =>
    [j.title, j.localTitle, ...j.synonyms].some((t) => t !== undefined && normalizeKeyText(t) === wanted),
  );
  if (!curated) return { key: journalKey({ title: printedTitle }), title: printedTitle.trim() };
  const journal: JournalEntity = {
    key: journalKey({ issns: curated.issn ? [curated.issn] : [], title: curated.title }),
    title: curated.title,
    source: curated.source,
  };
  if (curated.localTitle) journal.localTitle = curated.localTitle;
  if (curated.issn) journal.issn = curated.issn;
  return journal;
}
