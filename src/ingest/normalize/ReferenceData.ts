import type { Vocabulary } from '../model.ts';

/** A journal from seed/reference/journals.json. */
export interface CuratedJournal {
  title: string;
  localTitle?: string;
  issn?: string;
  /** Chinese domestic serial number (CN), when known. */
  cn?: string;
  /** Other printed forms of the title the journal is matched by. */
  synonyms: string[];
  source: string;
}

/** An institution from seed/reference/institutions.json. */
export interface CuratedInstitution {
  /** Our stable key for the institution (used as InstitutionEntity.key). */
  id: string;
  name: string;
  localName?: string;
  city?: string;
  postalCode?: string;
  country?: string;
  /** id of the institution this one is part of. */
  parent?: string;
  /** Affiliation name parts, exactly as printed, that denote this institution. */
  matchNames: string[];
  source: string;
}

/** A word from seed/reference/hyphenation-repairs.json that line-break hyphenation was seen to split. */
export interface HyphenationRepair {
  word: string;
  observed: string[];
  source: string;
}

/**
 * The MeSH descriptor list from seed/reference/mesh-descriptors.tsv (UI and preferred name of every
 * topical descriptor, no synonyms, no tree numbers), with the provenance its sidecar file states.
 */
export interface MeshDescriptors {
  /** Preferred name by descriptor UI (`D018805` -> `Sepsis`), in UI order. */
  names: ReadonlyMap<string, string>;
  /** Version of the package the list was derived from, e.g. `2026.1.27.2`. */
  version: string;
  /** Provenance note for topics taken from the list (producer, package and version). */
  source: string;
}

/** Everything curated that normalization consults; loaded once per seed run by loadReferenceData. */
export interface ReferenceData {
  /** The curated vocabulary (synonyms, typed links); the loader writes all of it into the graph. */
  vocabulary: Vocabulary;
  /** The full MeSH descriptor list; only the descriptors records use become graph topics. */
  mesh: MeshDescriptors;
  journals: CuratedJournal[];
  institutions: CuratedInstitution[];
  hyphenationRepairs: HyphenationRepair[];
  /** The "version" of each reference file, by file name, for provenance. */
  versions: Record<string, string>;
}
