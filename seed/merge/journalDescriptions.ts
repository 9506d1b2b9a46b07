import type { JournalEntity } from "../model.ts";
import { aliasValue, journalIdentifierKeys } from "../../src/identity/index.ts";
import { comparePrecedence } from "./precedence.ts";

/**
 * What one article's sources state about its journal, as the journal node stores it. Kept per article
 * (on its PUBLISHED_IN link, as JSON) so that the journal can be recomputed from the articles that
 * remain when a source is retracted or replaced: the journal then shows exactly what it would had the
 * retracted source never been imported.
 */
export interface JournalFacts {
  title: string;
  localTitle: string | null;
  abbreviation: string | null;
  issn: string | null;
  issns: string[];
  /** Parallel to `issns`: "print", "electronic", "linking" or "" when the source does not say. */
  issnTypes: string[];
  publisher: string | null;
  /** The curated reference the facts come from, when curated. */
  source: string | null;
  /** Precedence rank of the description (precedence.ts; 0 = curated reference data). */
  rank: number;
}

/** One description of a journal with the source that decided it: what decides between descriptions. */
export interface JournalDescription {
  facts: JournalFacts;
  /** Id of the source that decided the article's journal. */
  decidedBy: string;
  /** ISO 8601 time of the import that asserted that source. */
  decidedAt: string;
}

/** The facts of a journal entity as one article's merged view states them (fixed key order: the JSON is compared as text). */
export function journalFacts(journal: JournalEntity, rank: number): JournalFacts {
  return {
    title: journal.title,
    localTitle: journal.localTitle ?? null,
    abbreviation: journal.abbreviation ?? null,
    issn: journal.issn ?? null,
    issns: journal.issns.map((i) => i.value),
    issnTypes: journal.issns.map((i) => i.type ?? ""),
    publisher: journal.publisher ?? null,
    source: journal.source ?? null,
    rank,
  };
}

/**
 * The description that decides a journal's properties: the most trusted by the precedence order of
 * sources (rank, then the most recent import, then the source id), so the outcome does not depend on
 * the order in which articles were loaded.
 */
export function decidingDescription<D extends JournalDescription>(descriptions: readonly D[]): D | undefined {
  let best: D | undefined;
  for (const d of descriptions) if (!best || precedes(d, best)) best = d;
  return best;
}

/** Whether description `a` decides over `b`. */
export function precedes(a: JournalDescription, b: JournalDescription): boolean {
  return comparePrecedence(ranked(a), ranked(b)) < 0;
}

function ranked(d: JournalDescription) {
  return { rank: d.facts.rank, importedAt: d.decidedAt, id: d.decidedBy };
}

/** How a journal is found from what one description states. */
export interface JournalAliases {
  /** ISSN identifier aliases (`issn:<ISSN>`): the identity lookups, held by one journal only. */
  identifiers: string[];
  /** Title, local title, abbreviation and the ISSNs as printed, lower-cased: exact-lookup keys. */
  aliases: string[];
}

/** The alias values one description gives its journal. */
export function journalAliases(facts: JournalFacts): JournalAliases {
  return {
    identifiers: journalIdentifierKeys({ issns: facts.issns }).map(aliasValue),
    aliases: unique([facts.title, facts.localTitle, facts.abbreviation, ...facts.issns].filter(isText).map(aliasValue)),
  };
}

/** The aliases of a journal: every alias any of its remaining descriptions gives (sorted, without repeats). */
export function unionOfAliases(descriptions: readonly JournalDescription[]): JournalAliases {
  const each = descriptions.map((d) => journalAliases(d.facts));
  return {
    identifiers: unique(each.flatMap((a) => a.identifiers)).sort(),
    aliases: unique(each.flatMap((a) => a.aliases)).sort(),
  };
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function isText(value: string | null | undefined): value is string {
  return typeof value === "string" && value.length > 0;
}
