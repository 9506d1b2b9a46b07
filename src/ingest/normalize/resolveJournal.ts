import type { IssnEntity, JournalEntity, SourceJournal } from '../model.ts';
import type { CuratedJournal } from './ReferenceData.ts';
import { journalKey, normalizeIssn, normalizeKeyText } from '../../identity/index.ts';

const TYPE_ORDER: Record<string, number> = { linking: 0, print: 1, electronic: 2 };

/**
 * Resolves the journal a source states against the curated journals: by any valid ISSN it gives, else
 * by title, local title or abbreviation (case-insensitive, also against the curated synonyms). The key
 * follows the identity rules (ISSN-L, then print, then electronic ISSN, then the normalized title); the
 * curated list adds its title, local title and ISSN. Invalid ISSNs are left out. Without a curated
 * match the journal carries only what the source states.
 */
export function resolveJournal(stated: SourceJournal, journals: readonly CuratedJournal[]): JournalEntity | undefined {
  const issns: IssnEntity[] = [];
  // One entry per ISSN and type: the linking ISSN is usually also the print or electronic one, and both are kept.
  for (const printed of stated.issns) {
    const value = normalizeIssn(printed.value);
    if (!value) continue;
    const same = issns.filter((i) => i.value === value);
    const untyped = same.find((i) => !i.type);
    if (untyped && printed.type) untyped.type = printed.type;
    else if (!same.some((i) => i.type === printed.type) && !(printed.type === undefined && same.length > 0)) {
      issns.push(printed.type ? { value, type: printed.type } : { value });
    }
  }
  const names = [stated.title, stated.localTitle, stated.abbreviation]
    .filter((t): t is string => !!t && t.trim() !== '')
    .map(normalizeKeyText);
  const curated =
    journals.find((j) => j.issn !== undefined && issns.some((i) => i.value === j.issn)) ??
    journals.find((j) =>
      [j.title, j.localTitle, ...j.synonyms].some((t) => t !== undefined && names.includes(normalizeKeyText(t))),
    );
  if (curated?.issn && !issns.some((i) => i.value === curated.issn)) issns.push({ value: curated.issn, curated: true });
  const title = curated?.title ?? stated.title?.trim() ?? stated.abbreviation?.trim() ?? stated.localTitle?.trim();
  if (!title) return undefined;
  issns.sort((a, b) => (TYPE_ORDER[a.type ?? ''] ?? 3) - (TYPE_ORDER[b.type ?? ''] ?? 3));
  const linking = issns.find((i) => i.type === 'linking')?.value;
  const journal: JournalEntity = {
    key: journalKey({ issnL: linking, issns: issns.map((i) => i.value), title }),
    title,
    issns,
  };
  const shown = linking ?? issns[0]?.value;
  if (shown) journal.issn = shown;
  const localTitle = curated?.localTitle ?? stated.localTitle?.trim();
  if (localTitle) journal.localTitle = localTitle;
  if (stated.abbreviation?.trim()) journal.abbreviation = stated.abbreviation.trim();
  if (stated.publisher?.trim()) journal.publisher = stated.publisher.trim();
  if (curated) journal.source = curated.source;
  return journal;
}
