import { normalizeDoi } from './normalizeDoi.ts';
import {
  normalizeIssn,
  normalizeMeshUi,
  normalizeOpenAlexId,
  normalizeOrcid,
  normalizePmcid,
  normalizePmid,
  normalizeRor,
} from './identifiers.ts';
import { splitGlobalId } from './globalId.ts';

/**
 * Link rules: the canonical web page of each identifier scheme the graph knows. Every rule first
 * normalizes the identifier with the same normalizer the loader uses, so a link is made only for a
 * valid identifier (an unverifiable one gets no link, never a guessed one). Pure functions, shared
 * by the API's `url` and `links` fields and anything else that needs a link.
 */

/** The identifier schemes that have a canonical page, in the order links are listed. */
export const LINK_KINDS = ['DOI', 'PUBMED', 'PMC', 'MESH', 'ORCID', 'ROR', 'ISSN', 'OPENALEX'] as const;

/** One identifier scheme with a canonical page. */
export type LinkKind = (typeof LINK_KINDS)[number];

/** A page about an entity elsewhere: which scheme, the identifier in canonical form, its URL and a short label. */
export interface ExternalLink {
  kind: LinkKind;
  identifier: string;
  url: string;
  label: string;
}

/** Short human names of the link targets, for buttons and legends. */
export const LINK_LABELS: Readonly<Record<LinkKind, string>> = {
  DOI: 'DOI',
  PUBMED: 'PubMed',
  PMC: 'PubMed Central',
  MESH: 'MeSH Browser',
  ORCID: 'ORCID',
  ROR: 'ROR',
  ISSN: 'ISSN Portal',
  OPENALEX: 'OpenAlex',
};

/**
 * The DOI resolver's URL for a DOI (`https://doi.org/10.1000/xyz`), with the characters the DOI
 * Handbook says to encode in a URL (`%`, `"`, `#`, `?`, space, `<`, `>`, ...) percent-encoded.
 */
export function doiUrl(doi: string | null | undefined): string | undefined {
  const normalized = doi ? normalizeDoi(doi) : undefined;
  if (!normalized) return undefined;
  try {
    return `https://doi.org/${encodeURI(normalized.doi).replace(/#/g, '%23').replace(/\?/g, '%3F')}`;
  } catch {
    return undefined; // a lone surrogate cannot be encoded: no link rather than a broken one
  }
}

/** PubMed's page for a PubMed id. */
export function pubmedUrl(pmid: string | null | undefined): string | undefined {
  const normalized = pmid ? normalizePmid(pmid) : undefined;
  return normalized ? `https://pubmed.ncbi.nlm.nih.gov/${normalized}/` : undefined;
}

/** PubMed Central's page for a PMCID. */
export function pmcUrl(pmcid: string | null | undefined): string | undefined {
  const normalized = pmcid ? normalizePmcid(pmcid) : undefined;
  return normalized ? `https://pmc.ncbi.nlm.nih.gov/articles/${normalized}/` : undefined;
}

/** The MeSH Browser's page for a MeSH descriptor UI. */
export function meshUrl(ui: string | null | undefined): string | undefined {
  const normalized = ui ? normalizeMeshUi(ui) : undefined;
  return normalized ? `https://meshb.nlm.nih.gov/record/ui?ui=${normalized}` : undefined;
}

/** The ORCID record of an ORCID iD. */
export function orcidUrl(orcid: string | null | undefined): string | undefined {
  const normalized = orcid ? normalizeOrcid(orcid) : undefined;
  return normalized ? `https://orcid.org/${normalized}` : undefined;
}

/** The ROR record of a ROR id. */
export function rorUrl(ror: string | null | undefined): string | undefined {
  const normalized = ror ? normalizeRor(ror) : undefined;
  return normalized ? `https://ror.org/${normalized}` : undefined;
}

/** The ISSN Portal's record of an ISSN. */
export function issnUrl(issn: string | null | undefined): string | undefined {
  const normalized = issn ? normalizeIssn(issn) : undefined;
  return normalized ? `https://portal.issn.org/resource/ISSN/${normalized}` : undefined;
}

/** OpenAlex's page of an OpenAlex id of any kind (W works, A authors, I institutions, S sources, T topics). */
export function openAlexUrl(id: string | null | undefined): string | undefined {
  if (!id) return undefined;
  for (const kind of ['W', 'A', 'I', 'S', 'T'] as const) {
    const normalized = normalizeOpenAlexId(id, kind);
    if (normalized) return `https://openalex.org/${normalized}`;
  }
  return undefined;
}

/** Identifiers an entity may carry; any may be absent or null. */
export interface LinkableIdentifiers {
  /** The entity's global id: identifiers it was keyed by (`Author:orcid:…`, `Institution:ror:…`) count too. */
  id?: string | null;
  doi?: string | null;
  pmid?: string | null;
  pmcid?: string | null;
  meshId?: string | null;
  orcid?: string | null;
  ror?: string | null;
  issn?: string | null;
  /** Every ISSN, bare or as `{value}` (the API's typed ISSN). */
  issns?: readonly (string | { value: string } | null | undefined)[] | null;
  openalexId?: string | null;
}

const KEY_SCHEMES: Readonly<Record<string, keyof LinkableIdentifiers>> = {
  doi: 'doi',
  pmid: 'pmid',
  pmcid: 'pmcid',
  mesh: 'meshId',
  orcid: 'orcid',
  ror: 'ror',
  issn: 'issn',
};

/** Identifiers a global id was keyed by (`Article:pmid:123` -> `{ pmid: "123" }`). */
function identifiersInId(id: string | null | undefined): LinkableIdentifiers {
  const parts = id ? splitGlobalId(id) : undefined;
  if (!parts) return {};
  const colon = parts.key.indexOf(':');
  const field = colon > 0 ? KEY_SCHEMES[parts.key.slice(0, colon)] : undefined;
  return field ? { [field]: parts.key.slice(colon + 1) } : {};
}

const RULES: ReadonlyArray<
  [
    LinkKind,
    (ids: LinkableIdentifiers) => (string | null | undefined)[],
    (value: string) => string | undefined,
    (value: string) => string,
  ]
> = [
  ['DOI', (ids) => [ids.doi], doiUrl, (v) => normalizeDoi(v)?.doi ?? v],
  ['PUBMED', (ids) => [ids.pmid], pubmedUrl, (v) => normalizePmid(v) ?? v],
  ['PMC', (ids) => [ids.pmcid], pmcUrl, (v) => normalizePmcid(v) ?? v],
  ['MESH', (ids) => [ids.meshId], meshUrl, (v) => normalizeMeshUi(v) ?? v],
  ['ORCID', (ids) => [ids.orcid], orcidUrl, (v) => normalizeOrcid(v) ?? v],
  ['ROR', (ids) => [ids.ror], rorUrl, (v) => normalizeRor(v) ?? v],
  [
    'ISSN',
    (ids) => [
      ids.issn,
      ...(ids.issns ?? []).map((issn) => (typeof issn === 'object' && issn !== null ? issn.value : issn)),
    ],
    issnUrl,
    (v) => normalizeIssn(v) ?? v,
  ],
  [
    'OPENALEX',
    (ids) => [ids.openalexId],
    openAlexUrl,
    (v) =>
      v
        .trim()
        .replace(/^https?:\/\/(?:api\.)?openalex\.org\/(?:\w+\/)?/i, '')
        .toUpperCase(),
  ],
];

/**
 * Every page about an entity elsewhere, in {@link LINK_KINDS} order, one per distinct identifier:
 * from the identifiers it states and from the identifier its global id was keyed by. Invalid
 * identifiers are skipped.
 */
export function externalLinks(entity: LinkableIdentifiers): ExternalLink[] {
  const fromId = identifiersInId(entity.id);
  const links: ExternalLink[] = [];
  const seen = new Set<string>();
  for (const [kind, values, toUrl, canonical] of RULES) {
    for (const value of [...values(entity), ...values(fromId)]) {
      if (!value) continue;
      const url = toUrl(value);
      const identifier = canonical(value);
      // DOIs are case-insensitive: the key's lower-case DOI is the printed one.
      const key = `${kind}:${identifier.toLowerCase()}`;
      if (!url || seen.has(key)) continue;
      seen.add(key);
      links.push({ kind, identifier, url, label: LINK_LABELS[kind] });
    }
  }
  return links;
}
