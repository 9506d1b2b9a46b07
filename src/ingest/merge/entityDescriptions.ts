import type { AuthorEntity, InstitutionEntity, JournalEntity } from '../model.ts';
import { aliasValue, entityId, journalIdentifierKeys } from '../../identity/index.ts';
import { comparePrecedence } from './precedence.ts';

/**
 * What one article's sources state about an entity it links (its journal, an author of its byline,
 * an institution an authorship marks), as the entity node stores it, with the source that decided it.
 *
 * Kept per article, on the link to the entity (PUBLISHED_IN, AUTHORED), so that the entity can be
 * recomputed from the articles that remain when a source is retracted or replaced: it then shows
 * exactly what it would had that source never been imported. The entity's properties come from the
 * deciding description (the precedence order of sources), its aliases from all of them.
 */
export interface Description<F extends { rank: number }> {
  /** The entity's properties as this description states them (fixed key order: compared as JSON text). */
  facts: F;
  /** Id of the source that decided the description. */
  decidedBy: string;
  /** ISO 8601 time of the import that asserted that source. */
  decidedAt: string;
}

/**
 * The description that decides an entity's properties: the most trusted by the precedence order of
 * sources (rank, then the most recent import, then the source id), so the outcome depends neither on
 * the order in which articles were loaded nor on which of them were loaded in one batch.
 */
export function decidingDescription<D extends Description<{ rank: number }>>(
  descriptions: readonly D[],
): D | undefined {
  let best: D | undefined;
  for (const d of descriptions) if (!best || precedes(d, best)) best = d;
  return best;
}

/** Whether description `a` decides over `b`. */
export function precedes(a: Description<{ rank: number }>, b: Description<{ rank: number }>): boolean {
  return (
    comparePrecedence(
      { rank: a.facts.rank, importedAt: a.decidedAt, id: a.decidedBy },
      { rank: b.facts.rank, importedAt: b.decidedAt, id: b.decidedBy },
    ) < 0
  );
}

/** How an entity is found from what its descriptions state. */
export interface EntityAliases {
  /** Identity lookups held by one entity only (journals: `issn:<ISSN>`); empty for the others. */
  identifiers: string[];
  /** Exact-lookup keys (names, abbreviations, ISSNs, ORCIDs, ROR ids), lower-cased. */
  aliases: string[];
}

/** The aliases of an entity: every alias any of its descriptions gives (sorted, without repeats). */
export function unionOfAliases<F extends { rank: number }>(
  descriptions: readonly Description<F>[],
  aliasesOf: (facts: F) => EntityAliases,
): EntityAliases {
  const each = descriptions.map((d) => aliasesOf(d.facts));
  return {
    identifiers: unique(each.flatMap((a) => a.identifiers)).sort(),
    aliases: unique(each.flatMap((a) => a.aliases)).sort(),
  };
}

// ---------------------------------------------------------------------------------------------
// Journals

/** A journal's properties as one description states them. */
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

export function journalFacts(journal: JournalEntity, rank: number): JournalFacts {
  return {
    title: journal.title,
    localTitle: journal.localTitle ?? null,
    abbreviation: journal.abbreviation ?? null,
    issn: journal.issn ?? null,
    issns: journal.issns.map((i) => i.value),
    issnTypes: journal.issns.map((i) => i.type ?? ''),
    publisher: journal.publisher ?? null,
    source: journal.source ?? null,
    rank,
  };
}

/** ISSN identifier aliases (held by one journal only), and title, local title, abbreviation and ISSNs as lookup keys. */
export function journalAliases(facts: JournalFacts): EntityAliases {
  return {
    identifiers: journalIdentifierKeys({ issns: facts.issns }).map(aliasValue),
    aliases: unique([facts.title, facts.localTitle, facts.abbreviation, ...facts.issns].filter(isText).map(aliasValue)),
  };
}

/**
 * Every ISSN any description of a journal states, sorted: what `Journal.issns` lists beside the
 * deciding description's typed ones, so an ISSN only a less trusted source gives is shown too.
 */
export function statedIssns(descriptions: readonly Description<JournalFacts>[]): string[] {
  return unique(descriptions.flatMap((d) => d.facts.issns)).sort();
}

// ---------------------------------------------------------------------------------------------
// Authors

/** An author's properties as one byline states them. */
export interface AuthorFacts {
  name: string;
  familyName: string | null;
  givenName: string | null;
  orcid: string | null;
  collective: boolean | null;
  rank: number;
}

export function authorFacts(author: AuthorEntity, rank: number): AuthorFacts {
  return {
    name: author.name,
    familyName: author.familyName ?? null,
    givenName: author.givenName ?? null,
    orcid: author.orcid ?? null,
    collective: author.collective ?? null,
    rank,
  };
}

/** An author is found by their ORCID. */
export function authorAliases(facts: AuthorFacts): EntityAliases {
  return { identifiers: [], aliases: facts.orcid ? [aliasValue(facts.orcid)] : [] };
}

// ---------------------------------------------------------------------------------------------
// Institutions

/** An institution's properties as one record's affiliation (or the curated list) states them. */
export interface InstitutionFacts {
  name: string;
  localName: string | null;
  city: string | null;
  postalCode: string | null;
  country: string | null;
  ror: string | null;
  /** Id of the institution this one is part of (curated). */
  parentId: string | null;
  source: string | null;
  rank: number;
}

export function institutionFacts(institution: InstitutionEntity, rank: number): InstitutionFacts {
  return {
    name: institution.name,
    localName: institution.localName ?? null,
    city: institution.city ?? null,
    postalCode: institution.postalCode ?? null,
    country: institution.country ?? null,
    ror: institution.ror ?? null,
    parentId: institution.parentKey ? entityId('Institution', institution.parentKey) : null,
    source: institution.source ?? null,
    rank,
  };
}

/** An institution is found by its name, local name and ROR id. */
export function institutionAliases(facts: InstitutionFacts): EntityAliases {
  return { identifiers: [], aliases: unique([facts.name, facts.localName, facts.ror].filter(isText).map(aliasValue)) };
}

function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

function isText(value: string | null | undefined): value is string {
  return typeof value === 'string' && value.length > 0;
}
