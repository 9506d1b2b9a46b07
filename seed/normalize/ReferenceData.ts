import type { Vocabulary } from "../model.ts";

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

/** Everything curated that normalization consults; loaded once per seed run by loadReferenceData. */
export interface ReferenceData {
  vocabulary: Vocabulary;
  journals: CuratedJournal[];
  institutions: CuratedInstitution[];
  hyphenationRepairs: HyphenationRepair[];
  /** The "version" of each reference file, by file name, for provenance. */
  versions: Record<string, string>;
}
