import type { ArticleFilter, ArticleSort } from '../../graphql/generated/resolvers-types.ts';
import { badUserInput, checkLength, checkListSize } from '../../errors.ts';
import { INPUT_LIMITS } from '../../inputLimits.ts';
import { aliasValue, canonicalGlobalId, normalizeDoi } from '../../identity/index.ts';

/**
 * Planning of article lists, as pure functions (no database): which names the statement must
 * resolve, how they group into conditions, which kind of condition the page starts from (the
 * anchor), and the sort orders as key specifications. The statement (articlePageStatement.ts) then resolves
 * the names, picks the smallest group of the anchor kind by degree and decides between reading the
 * anchor's articles and reading the sort index (see INDEX_SCAN_FACTOR).
 */

/** The kinds of entity an article condition names. */
export type GroupKind = 'topic' | 'author' | 'journal' | 'institution' | 'cites' | 'citedBy';

/** Where a page starts: the articles of the anchor group's nodes, or all articles. */
export type AnchorKind = GroupKind | 'all';

/** A name, synonym, id or identifier the statement resolves to nodes. */
export interface Reference {
  label: 'Topic' | 'Author' | 'Journal' | 'Institution' | 'Article';
  /** The text as given (tried as a global id). */
  text: string;
  /** Its lookup form (aliasValue): names, synonyms, MeSH UIs, ISSNs. */
  alias: string;
  /** Also everything below it: narrower topics, institution units. */
  withDescendants: boolean;
  /** Stands for the parent a nested `articles` is scoped to (a node the statement already has). */
  scope: boolean;
}

/** The kind of parent a nested `articles` field is scoped to (the statement has the parent node). */
export interface ArticleScope {
  kind: GroupKind;
}

/**
 * A planned article filter. Each group is one condition (the article is linked to a node of at
 * least one of the group's references, descendants included); groups are listed per kind as the
 * indexes of their references. Parameters only: nothing here is spliced into Cypher.
 */
export interface FilterPlan {
  refs: Reference[];
  groups: Record<GroupKind, number[][]>;
  /** The kind the page starts from: the first kind with a group in ANCHOR_PREFERENCE, else all articles. */
  anchor: AnchorKind;
  yearFrom: number | null;
  yearTo: number | null;
  /** Lower case. */
  language: string | null;
  /** Only reference-only articles (true) or only articles with a record (false); null for both. */
  referenceOnly: boolean | null;
  /** A publication type the article states, lower case; null for any. */
  documentType: string | null;
}

/**
 * Anchor preference when a filter names several kinds: the kinds whose nodes have the fewest
 * articles first (a reference list or a citing list has tens of articles, an author has tens, a journal or institution thousands, a topic up to a third of
 * the corpus). Within the kind the statement takes the group whose nodes have the fewest articles.
 */
export const ANCHOR_PREFERENCE: readonly GroupKind[] = [
  'citedBy',
  'cites',
  'author',
  'journal',
  'institution',
  'topic',
];

/**
 * The statement reads the sort index (stopping after one page of matches) instead of the anchor's
 * articles (all of them, then the top of the page) when
 *   anchorArticles² > INDEX_SCAN_FACTOR × rowsToFetch × allArticles,
 * i.e. when the index entries expected to be read before a page is full (rowsToFetch × allArticles /
 * anchorArticles, each with an existence check of a few relationships, hence the factor) are fewer
 * than the anchor's articles. A cost model, assuming the anchor's articles spread evenly over the
 * sort order; either way the answer is the same (a test forces each way and compares).
 */
export const INDEX_SCAN_FACTOR = 3;

/**
 * When the total is counted over the anchor's articles (a filter with conditions besides its anchor),
 * the statement reads the anchor's articles once: it counts those that match and keeps them as a
 * list, from which the page is then cut without testing any condition again (the conditions, a walk
 * of each article's relationships, were the cost, paid twice before). The list is kept only for an
 * anchor of at most this many articles, so one request never holds more than this many nodes; a
 * larger anchor is counted without a list and its page read along the sort index.
 */
export const MATCHED_LIST_MAX = 50_000;

type Handler<K extends keyof ArticleFilter> = (
  value: NonNullable<ArticleFilter[K]>,
  plan: PlanBuilder,
  filter: ArticleFilter,
) => void;

/**
 * One handler per ArticleFilter field: a field added to the schema's ArticleFilter does not compile
 * until it has one here, so it cannot be silently ignored.
 */
const FILTER_FIELDS: { [K in keyof Required<ArticleFilter>]: Handler<K> } = {
  topic: (value, plan) => plan.group('topic', [plan.ref('Topic', value, 'filter.topic')]),
  topics: (values, plan, filter) => {
    checkListSize('filter.topics', values, INPUT_LIMITS.filterTopics);
    const refs = values.map((value, i) => plan.ref('Topic', value, `filter.topics[${i}]`));
    if (refs.length === 0) return;
    // ANY: one condition met by any of the topics; ALL (the default): one condition per topic.
    if (filter.topicsMatch === 'ANY') plan.group('topic', refs);
    else for (const ref of refs) plan.group('topic', [ref]);
  },
  topicsMatch: () => undefined, // read by `topics`
  author: (value, plan) => plan.group('author', [plan.ref('Author', value, 'filter.author')]),
  institution: (value, plan) => plan.group('institution', [plan.ref('Institution', value, 'filter.institution')]),
  journal: (value, plan) => plan.group('journal', [plan.ref('Journal', value, 'filter.journal')]),
  yearFrom: (value, plan) => (plan.yearFrom = value),
  yearTo: (value, plan) => (plan.yearTo = value),
  cites: (value, plan) => plan.group('cites', [plan.articleRef(value, 'filter.cites')]),
  citedBy: (value, plan) => plan.group('citedBy', [plan.articleRef(value, 'filter.citedBy')]),
  language: (value, plan) =>
    (plan.language = checkLength('filter.language', value, INPUT_LIMITS.textLength).trim().toLowerCase()),
  referenceOnly: (value, plan) => (plan.referenceOnly = value),
  documentType: (value, plan) =>
    (plan.documentType = checkLength('filter.documentType', value, INPUT_LIMITS.textLength).trim().toLowerCase()),
};

const LABEL_OF_KIND: Readonly<Record<GroupKind, Reference['label']>> = {
  topic: 'Topic',
  author: 'Author',
  journal: 'Journal',
  institution: 'Institution',
  cites: 'Article',
  citedBy: 'Article',
};

class PlanBuilder {
  readonly refs: Reference[] = [];
  readonly groups: Record<GroupKind, number[][]> = {
    topic: [],
    author: [],
    journal: [],
    institution: [],
    cites: [],
    citedBy: [],
  };
  yearFrom: number | null = null;
  yearTo: number | null = null;
  language: string | null = null;
  referenceOnly: boolean | null = null;
  documentType: string | null = null;

  ref(label: Reference['label'], text: string, argument: string): number {
    checkLength(argument, text, INPUT_LIMITS.textLength);
    if (text.trim() === '') throw badUserInput(argument, 'must not be empty');
    // Tried as a global id in the form the identity rules store (`Author:Xiuyong CHENG` -> `Author:xiuyong cheng`).
    return this.push({
      label,
      text: canonicalGlobalId(text.trim()),
      alias: aliasValue(text),
      withDescendants: label === 'Topic' || label === 'Institution',
      scope: false,
    });
  }

  /**
   * An article, by global id or by any identifier it is known under (DOI with or without resolver
   * prefix, `pmid:`, `pmcid:`, `openalex:` forms): looked up through the identifier aliases the loader keeps.
   */
  articleRef(text: string, argument: string): number {
    checkLength(argument, text, INPUT_LIMITS.idLength);
    const trimmed = text.trim();
    if (trimmed === '') throw badUserInput(argument, 'must not be empty');
    const doi = normalizeDoi(trimmed);
    return this.push({
      label: 'Article',
      text: canonicalGlobalId(trimmed),
      alias: aliasValue(doi ? doi.key : trimmed),
      withDescendants: false,
      scope: false,
    });
  }

  push(ref: Reference): number {
    this.refs.push(ref);
    return this.refs.length - 1;
  }

  group(kind: GroupKind, refs: number[]): void {
    this.groups[kind].push(refs);
  }
}

/** Plans an article filter, optionally scoped to a parent (Topic.articles, Author.articles, ...). */
export function planArticleFilter(filter: ArticleFilter | null | undefined, scope?: ArticleScope): FilterPlan {
  const plan = new PlanBuilder();
  const given = filter ?? {};
  for (const key of Object.keys(given) as Array<keyof ArticleFilter>) {
    const value = given[key];
    if (value === null || value === undefined) continue;
    (FILTER_FIELDS[key] as Handler<typeof key>)(value as never, plan, given);
  }
  if (plan.yearFrom !== null && plan.yearTo !== null && plan.yearFrom > plan.yearTo) {
    throw badUserInput('filter.yearFrom', `(${plan.yearFrom}) is after filter.yearTo (${plan.yearTo})`);
  }
  if (scope) {
    // The parent node itself (the statement has it), as the last group of its kind.
    const label = LABEL_OF_KIND[scope.kind];
    plan.group(scope.kind, [
      plan.push({
        label,
        text: '',
        alias: '',
        withDescendants: label === 'Topic' || label === 'Institution',
        scope: true,
      }),
    ]);
  }
  const anchor = ANCHOR_PREFERENCE.find((kind) => plan.groups[kind].length > 0) ?? 'all';
  return {
    refs: plan.refs,
    groups: plan.groups,
    anchor,
    yearFrom: plan.yearFrom,
    yearTo: plan.yearTo,
    language: plan.language,
    referenceOnly: plan.referenceOnly,
    documentType: plan.documentType,
  };
}

/** True when the filter has no condition besides its anchor group (so the anchor's degree is the total). */
export function onlyAnchor(plan: FilterPlan): boolean {
  const groups = Object.values(plan.groups).reduce((sum, list) => sum + list.length, 0);
  return (
    groups <= (plan.anchor === 'all' ? 0 : 1) &&
    plan.yearFrom === null &&
    plan.yearTo === null &&
    plan.language === null &&
    plan.referenceOnly === null &&
    plan.documentType === null
  );
}

/**
 * A sort order as the statement reads it: by `key` (an Article property), articles without one
 * first or last, ties broken by the article id. A cursor holds [key value, id].
 */
export interface OrderSpec {
  key: 'year' | 'titleLower';
  keyDescending: boolean;
  nullsFirst: boolean;
  idDescending: boolean;
}

/** The API's sort orders. Titles are always present; a missing one would sort as the empty title does. */
export const ORDER_SPECS: Readonly<Record<ArticleSort, OrderSpec>> = {
  YEAR_DESC: { key: 'year', keyDescending: true, nullsFirst: false, idDescending: false },
  YEAR_ASC: { key: 'year', keyDescending: false, nullsFirst: false, idDescending: false },
  TITLE_ASC: { key: 'titleLower', keyDescending: false, nullsFirst: true, idDescending: false },
  TITLE_DESC: { key: 'titleLower', keyDescending: true, nullsFirst: false, idDescending: true },
};

/** The same order read from the other end (for last/before). */
export function reversed(spec: OrderSpec): OrderSpec {
  return {
    key: spec.key,
    keyDescending: !spec.keyDescending,
    nullsFirst: !spec.nullsFirst,
    idDescending: !spec.idDescending,
  };
}

/** Compares two sort keys in `spec` order (negative when `a` comes first): the statement's ORDER BY, in JavaScript. */
export function compareKeys(
  spec: OrderSpec,
  a: readonly [string | number | null, string],
  b: readonly [string | number | null, string],
): number {
  if ((a[0] === null) !== (b[0] === null)) return (a[0] === null) === spec.nullsFirst ? -1 : 1;
  if (a[0] !== null && b[0] !== null && a[0] !== b[0]) return (a[0] < b[0] ? -1 : 1) * (spec.keyDescending ? -1 : 1);
  if (a[1] === b[1]) return 0;
  return (a[1] < b[1] ? -1 : 1) * (spec.idDescending ? -1 : 1);
}
