/**
 * The filter panel every view of the explorer shares (the neighbourhood drawing, the map, the
 * downloads): topics combined with AND or OR, a year range, a journal, a document type and whether
 * reference-only works count. Pure functions from the panel's state to the API's `ArticleFilter`,
 * to the `/export/map` query string and to the URL, and the test of one drawn article against the
 * filters; unit-tested without a browser.
 */

/** Whether works known only from reference lists are kept, dropped, or the only ones kept. */
export type ReferenceOnlyChoice = 'include' | 'exclude' | 'only';

/** The shared filters as the panel holds them. */
export type ExplorerFilters = {
  /** Topic names, MeSH UIs or global ids. */
  topics: string[];
  /** How `topics` combine: every one (AND) or any one (OR). */
  topicsMatch: 'ALL' | 'ANY';
  yearFrom: number | null;
  yearTo: number | null;
  /** Journal title, ISSN or global id. */
  journal: string | null;
  /** A document type as the API names it (only when the API offers the filter). */
  documentType: string | null;
  referenceOnly: ReferenceOnlyChoice;
};

/** No filter at all. */
export const NO_FILTERS: ExplorerFilters = {
  topics: [],
  topicsMatch: 'ALL',
  yearFrom: null,
  yearTo: null,
  journal: null,
  documentType: null,
  referenceOnly: 'include',
};

/** True when the filters select every article. */
export function isUnfiltered(filters: ExplorerFilters): boolean {
  return (
    filters.topics.length === 0 &&
    filters.yearFrom === null &&
    filters.yearTo === null &&
    !filters.journal &&
    !filters.documentType &&
    filters.referenceOnly === 'include'
  );
}

/** True when the filters need the API to tell which articles match (a drawn article does not show its topics or journal). */
export function needsServerMatch(filters: ExplorerFilters): boolean {
  return filters.topics.length > 0 || Boolean(filters.journal) || Boolean(filters.documentType);
}

/** The year range in order (a range typed backwards is read as meant). */
function yearRange(filters: ExplorerFilters): { from: number | null; to: number | null } {
  const { yearFrom: from, yearTo: to } = filters;
  return from !== null && to !== null && from > to ? { from: to, to: from } : { from, to };
}

/**
 * The API's `ArticleFilter` for these filters, on top of `base` (e.g. the topic or author in the
 * details panel). Empty parts are left out, so no filter gives `{}`.
 */
export function toArticleFilter(filters: ExplorerFilters, base: Record<string, unknown> = {}): Record<string, unknown> {
  const filter: Record<string, unknown> = { ...base };
  // `topics` (not `topic`) because it also takes global ids, which the panel's topic picker gives.
  if (filters.topics.length > 0) {
    filter.topics = [...filters.topics];
    filter.topicsMatch = filters.topicsMatch;
  }
  const { from, to } = yearRange(filters);
  if (from !== null) filter.yearFrom = from;
  if (to !== null) filter.yearTo = to;
  if (filters.journal) filter.journal = filters.journal;
  if (filters.documentType) filter.documentType = filters.documentType;
  if (filters.referenceOnly !== 'include') filter.referenceOnly = filters.referenceOnly === 'only';
  return filter;
}

/** What a drawn article node carries that the filters can be checked against in the browser. */
export type DrawnArticle = { year: number | null | undefined; referenceOnly: boolean };

/**
 * Whether a drawn article passes the year range and the reference-only choice. An article without
 * a year fails a year range (it cannot be shown to lie in it), as the API's filter does.
 */
export function articlePasses(filters: ExplorerFilters, article: DrawnArticle): boolean {
  const { from, to } = yearRange(filters);
  if (from !== null || to !== null) {
    if (typeof article.year !== 'number') return false;
    if (from !== null && article.year < from) return false;
    if (to !== null && article.year > to) return false;
  }
  if (filters.referenceOnly === 'exclude' && article.referenceOnly) return false;
  if (filters.referenceOnly === 'only' && !article.referenceOnly) return false;
  return true;
}

/** A short human summary of the filters, for notices and file names; empty when unfiltered. */
export function describeFilters(filters: ExplorerFilters): string {
  const parts: string[] = [];
  if (filters.topics.length) parts.push(filters.topics.join(filters.topicsMatch === 'ALL' ? ' AND ' : ' OR '));
  const { from, to } = yearRange(filters);
  if (from !== null && to !== null) parts.push(from === to ? String(from) : `${from}–${to}`);
  else if (from !== null) parts.push(`from ${from}`);
  else if (to !== null) parts.push(`until ${to}`);
  if (filters.journal) parts.push(`in ${filters.journal}`);
  if (filters.documentType) parts.push(filters.documentType);
  if (filters.referenceOnly === 'exclude') parts.push('no reference-only works');
  if (filters.referenceOnly === 'only') parts.push('reference-only works only');
  return parts.join(' · ');
}

const FILTER_KEYS = ['topic', 'match', 'from', 'to', 'journal', 'doctype', 'refonly'] as const;

/** Writes the filters into URL parameters (short names: they share the URL with the view). */
export function writeFilters(filters: ExplorerFilters, params = new URLSearchParams()): URLSearchParams {
  for (const key of FILTER_KEYS) params.delete(key);
  for (const topic of filters.topics) params.append('topic', topic);
  if (filters.topics.length > 1 && filters.topicsMatch === 'ANY') params.set('match', 'any');
  const { from, to } = yearRange(filters);
  if (from !== null) params.set('from', String(from));
  if (to !== null) params.set('to', String(to));
  if (filters.journal) params.set('journal', filters.journal);
  if (filters.documentType) params.set('doctype', filters.documentType);
  if (filters.referenceOnly !== 'include') params.set('refonly', filters.referenceOnly);
  return params;
}

function yearParam(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const year = Number(value);
  return Number.isInteger(year) ? year : null;
}

/**
 * Reads the filters from URL parameters; anything malformed is left out. `year` (one year, the
 * parameter of earlier links) reads as a range of that year.
 */
export function readFilters(params: URLSearchParams): ExplorerFilters {
  const single = yearParam(params.get('year'));
  const refonly = params.get('refonly');
  return {
    topics: params
      .getAll('topic')
      .map((topic) => topic.trim())
      .filter(Boolean),
    topicsMatch: params.get('match')?.toLowerCase() === 'any' ? 'ANY' : 'ALL',
    yearFrom: yearParam(params.get('from')) ?? single,
    yearTo: yearParam(params.get('to')) ?? single,
    journal: params.get('journal')?.trim() || null,
    documentType: params.get('doctype')?.trim() || null,
    referenceOnly: refonly === 'exclude' || refonly === 'only' ? refonly : 'include',
  };
}

/** The settings of a science map besides the filters. */
export type MapSettings = {
  kind: string;
  normalization: string;
  minStrength: number;
  limit: number;
};

/** The map the Map view opens with: VOSviewer's defaults on topics. */
export const DEFAULT_MAP_SETTINGS: MapSettings = {
  kind: 'TOPIC_COOCCURRENCE',
  normalization: 'ASSOCIATION_STRENGTH',
  minStrength: 1,
  limit: 100,
};

/** The `scienceMap` variables for a map of the filtered articles. */
export function mapVariables(settings: MapSettings, filters: ExplorerFilters): Record<string, unknown> {
  const filter = toArticleFilter(filters);
  return {
    kind: settings.kind,
    normalization: settings.normalization,
    minStrength: settings.minStrength,
    limit: settings.limit,
    ...(Object.keys(filter).length ? { filter } : {}),
  };
}

/**
 * The `/export/map` address of the same map in a format: the filter arguments as query
 * parameters, named as in `ArticleFilter` (a list as repeated parameters).
 */
export function mapExportUrl(
  exportPath: string,
  settings: MapSettings,
  filters: ExplorerFilters,
  format: string,
): string {
  const params = new URLSearchParams({
    kind: settings.kind,
    format,
    normalization: settings.normalization,
    minStrength: String(settings.minStrength),
    limit: String(settings.limit),
  });
  for (const [name, value] of Object.entries(toArticleFilter(filters))) {
    if (Array.isArray(value)) for (const item of value) params.append(name, String(item));
    else params.set(name, String(value));
  }
  return `${exportPath}?${params.toString()}`;
}
