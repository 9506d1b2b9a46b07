/**
 * Graph explorer entry. Three views share one canvas, one filter panel and one details panel:
 * an entity's neighbourhood drawn with Cytoscape.js (click a node to expand it and show its
 * details), a science map of the filtered articles (the API's `scienceMap`: clusters, sizes,
 * year overlay) and a path between two nodes. Every cut is said on screen with a way to show
 * more, downloads hold what is shown with the filters applied, and the canvas works from the
 * keyboard. Talks to the service only through the public GraphQL API and its download routes.
 */
import './explorer.css';
import cytoscape from 'cytoscape';
import { ENTITY_STYLES, entityStyle, FALLBACK_RELATION_STYLE, RELATION_STYLES } from '../../export/entityStyles.ts';
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES, type GraphFormatName } from '../../export/graphFormats.ts';
import type { ExplorerConfig } from '../pages.ts';
import {
  articleRefs,
  citationRefs,
  REFERENCE_ONLY_NOTE,
  renderDetails,
  yearHistogram,
  type DetailsActions,
} from './detailsPanel.ts';
import { h } from './dom.ts';
import { downloadGraph, downloadPng, saveBlob } from './downloads.ts';
import {
  ARTICLE_BY_IDENTIFIER_QUERY,
  AUTOCOMPLETE_QUERY,
  CAPABILITIES_QUERY,
  CITATION_PATH_QUERY,
  CITATIONS_QUERY,
  DETAILS_QUERY,
  FILTERED_ARTICLES_QUERY,
  MAP_QUERY,
  NEIGHBORHOOD_QUERY,
  PATH_QUERY,
  SEARCH_QUERY,
  YEAR_ARTICLES_QUERY,
  YEAR_FACETS_QUERY,
  type ApiArticleList,
  type ApiArticlePage,
  type ApiCapabilities,
  type ApiDetails,
  type ApiGraph,
  type ApiHit,
  type ApiYearBucket,
} from './explorerQueries.ts';
import {
  articlePasses,
  describeFilters,
  isUnfiltered,
  mapExportUrl,
  mapVariables,
  needsServerMatch,
  NO_FILTERS,
  toArticleFilter,
  type ExplorerFilters,
} from './filters.ts';
import { createGraphQLClient, GraphQLRequestError } from './graphqlClient.ts';
import {
  explorerStylesheet,
  FOCUS_LABEL_MAX_WIDTH_PX,
  LABEL_FONT_FAMILY,
  LABEL_LINE_PX,
  LABEL_MARGIN_PX,
  LABEL_MAX_WIDTH_PX,
  LABEL_PX,
  nodeSize,
  shortLabel,
} from './graphStyle.ts';
import { ARROW_KEYS, nextNode } from './keyboardNav.ts';
import { identifierLookup, looksLikeIdentifier } from './identifiers.ts';
import { labelBoxes, LABEL_SIDES, placeLabels, type LabelCandidate } from './labelPlacement.ts';
import {
  clusterColour,
  MAP_KIND_TITLES,
  mapElements,
  NORMALIZATION_TITLES,
  yearColour,
  yearExtent,
  type ApiScienceMap,
} from './mapStyle.ts';
import { readPageConfig } from './pageConfig.ts';
import {
  DEFAULT_LIMIT,
  DEFAULT_MAP_VIEW,
  MAX_LIMIT,
  readViewState,
  writeViewState,
  type MapView,
  type PathView,
  type ViewMode,
} from './viewState.ts';

const EXPAND_LIMIT = 60;
/** An expansion's "show more" asks for this many neighbours. */
const EXPAND_MORE_LIMIT = 300;
/** Most matching articles fetched to tell which drawn articles pass topic, journal or type filters. */
const MATCH_CAP = 2000;
const MAX_FIT_ZOOM = 1.3;

const config = readPageConfig<ExplorerConfig>();
const gql = createGraphQLClient(config.graphqlPath, {
  sendToken: config.readTokensRequired,
  importPath: config.importPath,
});
/** The download routes live beside the home page. */
const exportMapPath = `${config.homePath.replace(/\/$/, '')}/export/map`;

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

const ui = {
  searchInput: $<HTMLInputElement>('search-input'),
  searchResults: $<HTMLUListElement>('search-results'),
  depth: $<HTMLSelectElement>('depth'),
  depthControl: $('depth-control'),
  tabGraph: $<HTMLButtonElement>('tab-graph'),
  tabMap: $<HTMLButtonElement>('tab-map'),
  canvas: $('cy'),
  announce: $('canvas-announce'),
  legend: $('legend-body'),
  legendBox: $<HTMLDetailsElement>('legend'),
  tooltip: $('tooltip'),
  status: $('graph-status'),
  cutNotice: $('cut-notice'),
  cutText: $('cut-text'),
  showMore: $<HTMLButtonElement>('show-more'),
  details: $('details'),
  empty: $('empty-state'),
  suggestions: $('suggestions'),
  downloads: $('download-buttons'),
  downloadNote: $('download-note'),
  filterPanel: $<HTMLDetailsElement>('filter-panel'),
  filterForm: $<HTMLFormElement>('filter-form'),
  filterSummary: $('filter-summary'),
  topicInput: $<HTMLInputElement>('filter-topic-input'),
  topicOptions: $('topic-options'),
  topicChips: $<HTMLUListElement>('filter-topics'),
  yearFrom: $<HTMLInputElement>('filter-year-from'),
  yearTo: $<HTMLInputElement>('filter-year-to'),
  journal: $<HTMLInputElement>('filter-journal'),
  docTypeRow: $('filter-doctype-row'),
  docType: $<HTMLSelectElement>('filter-doctype'),
  docTypeText: $<HTMLInputElement>('filter-doctype-text'),
  refOnly: $<HTMLSelectElement>('filter-refonly'),
  filterResult: $('filter-result'),
  filterArticles: $('filter-articles'),
  pathPanel: $<HTMLDetailsElement>('path-panel'),
  pathForm: $<HTMLFormElement>('path-form'),
  pathFrom: $<HTMLInputElement>('path-from'),
  pathTo: $<HTMLInputElement>('path-to'),
  pathLength: $<HTMLSelectElement>('path-length'),
  pathCitations: $<HTMLInputElement>('path-citations'),
  pathResult: $('path-result'),
  mapPanel: $('map-panel'),
  mapForm: $<HTMLFormElement>('map-form'),
  mapKind: $<HTMLSelectElement>('map-kind'),
  mapNormalization: $<HTMLSelectElement>('map-normalization'),
  mapMin: $<HTMLInputElement>('map-min'),
  mapLimit: $<HTMLInputElement>('map-limit'),
  mapSize: $<HTMLSelectElement>('map-size'),
  mapColour: $<HTMLSelectElement>('map-colour'),
  mapSummary: $('map-summary'),
  mapClusters: $<HTMLOListElement>('map-clusters'),
};

/** Where a view was cut, so the notice can say it and "Show more" can undo it. */
type Cut =
  | { kind: 'root'; shown: number }
  | { kind: 'expand'; id: string; label: string; shown: number }
  | { kind: 'map'; shown: number; total: number };

const state = {
  mode: 'graph' as ViewMode,
  rootId: null as string | null,
  rootLimit: DEFAULT_LIMIT,
  /** Hidden entity types and relationship types (one namespace: the names never collide). */
  hiddenTypes: new Set<string>(),
  /** Expanded nodes in the order they were expanded (the root first), for the URL. */
  expanded: new Set<string>(),
  /** Expanded nodes whose neighbours were asked for with a higher limit ("show more"). */
  expandLimits: new Map<string, number>(),
  selected: null as string | null,
  filters: NO_FILTERS as ExplorerFilters,
  /** Ids of the articles matching the topic / journal / type filters (null: those filters are off). */
  matching: null as Set<string> | null,
  /** True when {@link matching} holds only the first MATCH_CAP matches. */
  matchingCapped: false,
  map: DEFAULT_MAP_VIEW as MapView,
  lastMap: null as ApiScienceMap | null,
  path: null as PathView | null,
  /** True when a node limit cut any neighbourhood drawn (downloads say so). */
  truncated: false,
  cuts: [] as Cut[],
  /** The entity whose details (and histogram) are shown. */
  detailsEntity: null as { id: string; type: 'AUTHOR' | 'TOPIC' | string } | null,
  capabilities: { documentType: null as 'enum' | 'string' | null, kinds: Object.keys(MAP_KIND_TITLES) },
  busy: 0,
  detailsToken: 0,
  restoring: false,
};

const cy = cytoscape({
  container: ui.canvas,
  style: explorerStylesheet(),
  minZoom: 0.05,
  maxZoom: 3,
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  selectionType: 'single',
});

// Handle for tests and debugging in the console.
(window as unknown as { __explorer: unknown }).__explorer = { cy, state };

// ---------------------------------------------------------------- status and notices

/** Nodes shown: neither a hidden type nor an article the filters exclude. */
function shownNodes(): cytoscape.NodeCollection {
  return cy.nodes().not('.filtered').not('.excluded');
}

function setStatus(kind: 'idle' | 'loading' | 'ready' | 'error', message?: string): void {
  const visible = shownNodes();
  const nodes = visible.length;
  const edges = visible.edgesWith(visible).not('.filtered').length;
  ui.status.dataset.state = kind;
  ui.status.dataset.nodes = String(nodes);
  ui.status.dataset.edges = String(edges);
  ui.status.dataset.mode = state.mode;
  ui.status.classList.toggle('error', kind === 'error');
  if (kind === 'loading') ui.status.textContent = message ?? 'Loading…';
  else if (kind === 'error') ui.status.textContent = message ?? 'Something went wrong';
  else
    ui.status.textContent = cy.nodes().length
      ? `${nodes} nodes · ${edges} ${state.mode === 'map' ? 'links' : 'edges'}${message ? ` — ${message}` : ''}`
      : (message ?? '');
  ui.empty.hidden = cy.nodes().length > 0 || state.mode === 'map';
  updateLegendCounts();
  updateDownloadNote();
}

/** Shows the latest cut (with "Show more") or hides the notice when nothing is cut. */
function showCut(): void {
  const cut = state.cuts.at(-1);
  ui.cutNotice.hidden = !cut;
  ui.cutNotice.dataset.kind = cut?.kind ?? '';
  if (!cut) return;
  if (cut.kind === 'root') {
    ui.cutText.textContent = `The neighbourhood was cut at ${cut.shown} nodes (the nearest are kept).`;
    ui.showMore.hidden = state.rootLimit >= MAX_LIMIT;
  } else if (cut.kind === 'expand') {
    ui.cutText.textContent = `Expanding “${shortLabel(cut.label, 40)}” showed ${cut.shown} of its neighbours only.`;
    ui.showMore.hidden = (state.expandLimits.get(cut.id) ?? EXPAND_LIMIT) >= EXPAND_MORE_LIMIT;
  } else {
    ui.cutText.textContent = `The map shows the ${cut.shown} heaviest of ${cut.total} nodes (or links were cut by the minimum).`;
    ui.showMore.hidden = state.map.limit >= MAX_LIMIT || cut.shown >= cut.total;
  }
}

ui.showMore.addEventListener('click', () => {
  const cut = state.cuts.at(-1);
  if (!cut) return;
  if (cut.kind === 'root' && state.rootId) {
    state.rootLimit = Math.min(MAX_LIMIT, state.rootLimit * 2);
    void reopenKeepingExpansions();
  } else if (cut.kind === 'expand') {
    state.cuts = state.cuts.filter((c) => c !== cut);
    state.expandLimits.set(cut.id, EXPAND_MORE_LIMIT);
    const node = cy.getElementById(cut.id);
    if (node.nonempty()) void expandNode(node, { again: true });
  } else if (cut.kind === 'map') {
    state.map = { ...state.map, limit: Math.min(MAX_LIMIT, state.map.limit * 2) };
    ui.mapLimit.value = String(state.map.limit);
    void drawMap();
  }
});

async function withBusy<T>(message: string, work: () => Promise<T>): Promise<T | undefined> {
  state.busy += 1;
  setStatus('loading', message);
  try {
    const result = await work();
    state.busy -= 1;
    setStatus('ready');
    return result;
  } catch (error) {
    state.busy -= 1;
    setStatus('error', errorText(error));
    console.warn(error);
    return undefined;
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// ---------------------------------------------------------------- graph

function elementsOf(graph: ApiGraph): cytoscape.ElementDefinition[] {
  const nodes: cytoscape.ElementDefinition[] = graph.nodes
    .filter((node) => cy.getElementById(node.id).empty())
    .map((node) => ({
      group: 'nodes',
      data: {
        id: node.id,
        type: node.type,
        label: node.label,
        short: shortLabel(node.label),
        props: node.properties ?? {},
        year: node.properties?.year ?? null,
        // In-graph citations size an article (graphStyle.ts); a reference-only article is drawn hollow.
        citations: typeof node.properties?.citations === 'number' ? node.properties.citations : 0,
        referenceOnly: node.properties?.referenceOnly === true,
      },
      classes: state.hiddenTypes.has(node.type) ? 'filtered' : '',
    }));
  const edges: cytoscape.ElementDefinition[] = graph.edges
    .filter((edge) => cy.getElementById(edge.id).empty())
    .map((edge) => ({
      group: 'edges',
      data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, props: edge.properties ?? {} },
      classes: state.hiddenTypes.has(edge.type) ? 'filtered' : '',
    }));
  return [...nodes, ...edges];
}

function fetchNeighborhood(id: string, depth: number, limit: number): Promise<ApiGraph> {
  return gql<{ neighborhood: ApiGraph }>(NEIGHBORHOOD_QUERY, { id, depth, limit }).then((data) => {
    if (data.neighborhood.truncated) state.truncated = true;
    return data.neighborhood;
  });
}

/**
 * Fits elements into the part of the canvas the open legend leaves free (Cytoscape's own fit
 * would put nodes under it), at most MAX_FIT_ZOOM so a few nodes are not drawn huge.
 */
function fitVisible(
  eles: cytoscape.CollectionReturnValue | cytoscape.NodeCollection = shownNodes(),
  padding = 40,
): void {
  if (eles.empty()) return;
  const canvas = ui.canvas.getBoundingClientRect();
  const legend = ui.legendBox.getBoundingClientRect();
  // The legend takes a left strip when it is open and tall; a folded legend is left alone.
  const left =
    ui.legendBox.open && legend.height > cy.height() * 0.3 && legend.right - canvas.left < cy.width() * 0.5
      ? legend.right - canvas.left
      : 0;
  const box = eles.boundingBox({ includeLabels: false });
  const width = Math.max(1, cy.width() - left - 2 * padding);
  const height = Math.max(1, cy.height() - 2 * padding);
  const zoom = Math.max(cy.minZoom(), Math.min(MAX_FIT_ZOOM, width / Math.max(1, box.w), height / Math.max(1, box.h)));
  cy.viewport({
    zoom,
    pan: {
      x: left + padding + (width - box.w * zoom) / 2 - box.x1 * zoom,
      y: padding + (height - box.h * zoom) / 2 - box.y1 * zoom,
    },
  });
}

function runLayout(options: { expandedFrom?: cytoscape.NodeSingular } = {}): Promise<void> {
  const visible = cy.elements().not('.filtered');
  const root = state.rootId ? cy.getElementById(state.rootId) : cy.collection();
  let layoutOptions: cytoscape.LayoutOptions;
  if (state.mode === 'map') {
    layoutOptions = { name: 'preset', fit: true, padding: 40, animate: false } as cytoscape.LayoutOptions;
  } else if (state.mode === 'path') {
    layoutOptions = {
      name: 'breadthfirst',
      directed: false,
      spacingFactor: 1.4,
      fit: true,
      padding: 60,
      animate: false,
    } as cytoscape.LayoutOptions;
    const ends = pathOrder();
    if (ends.length) {
      // A path reads left to right, from its start to its end.
      const step = Math.max(140, Math.min(260, (cy.width() - 120) / Math.max(1, ends.length - 1)));
      layoutOptions = {
        name: 'preset',
        positions: (node: cytoscape.NodeSingular) => ({
          x: ends.indexOf(node.id()) * step,
          y: (ends.indexOf(node.id()) % 2) * 70,
        }),
        fit: true,
        padding: 60,
        animate: false,
      } as unknown as cytoscape.LayoutOptions;
    }
  } else if (!options.expandedFrom && root.nonempty() && cy.nodes().length <= 80) {
    const levels = new Map<string, number>();
    cy.elements().bfs({
      roots: root,
      visit: (node, _edge, _prev, _i, depth) => void levels.set(node.id(), depth),
      directed: false,
    });
    const maxLevel = Math.max(0, ...levels.values());
    layoutOptions = {
      name: 'concentric',
      concentric: (node: cytoscape.NodeSingular) => maxLevel + 1 - (levels.get(node.id()) ?? maxLevel + 1),
      levelWidth: () => 1,
      // Room between ring neighbours; labels that do not fit are left out (see refreshLabels).
      minNodeSpacing: cy.nodes().length > 30 ? 40 : 70,
      avoidOverlap: true,
      animate: false,
      fit: true,
      padding: 40,
    } as cytoscape.LayoutOptions;
  } else {
    layoutOptions = {
      name: 'cose',
      animate: false,
      randomize: false,
      fit: true,
      padding: 40,
      // Fewer iterations on big drawings: cose costs the square of the nodes per iteration, and a
      // long layout freezes the page on a slow machine (labels are placed afterwards anyway).
      nodeDimensionsIncludeLabels: cy.nodes().length <= 120,
      idealEdgeLength: () => 120,
      nodeRepulsion: () => 12000,
      numIter: cy.nodes().length > 120 ? 400 : 1000,
    } as cytoscape.LayoutOptions;
  }
  return new Promise((resolve) => {
    const layout = visible.layout(layoutOptions);
    layout.one('layoutstop', () => {
      fitVisible(visible.nodes());
      refreshLabels();
      resolve();
    });
    layout.run();
  });
}

function markRoot(id: string): void {
  cy.nodes('.root').removeClass('root');
  cy.getElementById(id).addClass('root');
}

/** Leaves the map or path view for the neighbourhood drawing. */
function enterGraphMode(): void {
  if (state.mode === 'graph') return;
  state.mode = 'graph';
  state.lastMap = null;
  cy.elements().remove();
  state.cuts = [];
  showCut();
  syncModeUi();
}

/** Draws an entity's neighbourhood from scratch as the new centre (a name or an id in any case works too). */
async function openEntity(id: string, options: { pushHistory?: boolean; keepLimit?: boolean } = {}): Promise<boolean> {
  const depth = Number(ui.depth.value) || 1;
  if (!options.keepLimit) state.rootLimit = DEFAULT_LIMIT;
  let rootId: string | null = null;
  await withBusy('Loading neighbourhood…', async () => {
    const graph = await fetchNeighborhood(id, depth, state.rootLimit);
    // The centre comes first; its id is the canonical one even when a name or another case was given.
    rootId = graph.nodes[0]?.id ?? null;
    if (!rootId) throw new Error(`Nothing found for "${id}"`);
    enterGraphMode();
    cy.elements().remove();
    state.expanded.clear();
    state.expandLimits.clear();
    state.truncated = Boolean(graph.truncated);
    state.cuts = graph.truncated ? [{ kind: 'root', shown: graph.nodes.length }] : [];
    state.rootId = rootId;
    cy.add(elementsOf(graph));
    markRoot(rootId);
    state.expanded.add(rootId);
    cy.getElementById(rootId).addClass('expanded');
    applyFilters();
    await runLayout();
    select(rootId);
  });
  showCut();
  if (!rootId) return false;
  if (options.pushHistory !== false) saveView('push');
  void showDetails(rootId);
  return true;
}

/**
 * Redraws the centre (after a depth change or "show more") and expands again every node that was
 * expanded and is still drawn, so such a change never silently drops what the reader opened.
 */
async function reopenKeepingExpansions(): Promise<void> {
  if (!state.rootId) return;
  const expanded = [...state.expanded].filter((id) => id !== state.rootId);
  const limits = new Map(state.expandLimits);
  const selected = state.selected;
  state.restoring = true;
  let dropped = 0;
  try {
    if (!(await openEntity(state.rootId, { pushHistory: false, keepLimit: true }))) return;
    for (const id of expanded) {
      const node = cy.getElementById(id);
      if (node.empty()) {
        dropped += 1;
        continue;
      }
      if (limits.has(id)) state.expandLimits.set(id, limits.get(id)!);
      await expandNode(node);
    }
    if (selected && cy.getElementById(selected).nonempty()) select(selected);
  } finally {
    state.restoring = false;
  }
  saveView('replace');
  if (dropped)
    setStatus('ready', `${dropped} expanded node${dropped === 1 ? ' is' : 's are'} not in the new neighbourhood`);
}

/** Selects a node (its full label shows, its details load elsewhere). */
function select(id: string | null): void {
  cy.nodes(':selected').unselect();
  state.selected = id;
  if (id) cy.getElementById(id).select();
  refreshLabels();
}

/** Puts the view into the URL: `push` for a new centre (Back returns), `replace` for changes within it. */
function saveView(mode: 'push' | 'replace'): void {
  if (state.restoring) return;
  const url = new URL(window.location.href);
  writeViewState(
    {
      mode: state.mode,
      id: state.rootId,
      depth: Number(ui.depth.value) || 1,
      limit: state.rootLimit,
      expanded: [...state.expanded].filter((id) => id !== state.rootId),
      hidden: [...state.hiddenTypes],
      selected: state.selected,
      filters: state.filters,
      map: state.map,
      path: state.path,
    },
    url.searchParams,
  );
  if (url.href === window.location.href) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/** Adds a node's direct neighbours to the drawing; `again` asks once more with the node's raised limit. */
async function expandNode(node: cytoscape.NodeSingular, options: { again?: boolean } = {}): Promise<void> {
  if (state.mode === 'map') return;
  const id = node.id();
  if (state.expanded.has(id) && !options.again) return;
  state.expanded.add(id);
  node.addClass('loading');
  let added = 0;
  const label = String(node.data('label'));
  const limit = state.expandLimits.get(id) ?? EXPAND_LIMIT;
  const ok = await withBusy(`Expanding ${shortLabel(label, 30)}…`, async () => {
    const graph = await fetchNeighborhood(id, 1, limit);
    const definitions = elementsOf(graph);
    const center = node.position();
    const newNodes = definitions.filter((d) => d.group === 'nodes');
    // New neighbours go on a ring around the expanded node and the rest of the drawing stays where
    // it was: the reader keeps their bearings, and no force layout of the whole graph blocks the page.
    const radius = Math.max(140, (newNodes.length * 46) / (2 * Math.PI));
    newNodes.forEach((definition, index) => {
      const angle = (2 * Math.PI * index) / Math.max(1, newNodes.length);
      definition.position = { x: center.x + radius * Math.cos(angle), y: center.y + radius * Math.sin(angle) };
    });
    cy.add(definitions);
    added = newNodes.length;
    state.cuts = state.cuts.filter((cut) => !(cut.kind === 'expand' && cut.id === id));
    if (graph.truncated) state.cuts.push({ kind: 'expand', id, label, shown: graph.nodes.length - 1 });
    node.removeClass('loading').addClass('expanded');
    applyFilters();
    if (added > 0) {
      fitVisible();
      refreshLabels();
    }
    return true;
  });
  node.removeClass('loading');
  showCut();
  if (!ok) {
    state.expanded.delete(id);
    return;
  }
  setStatus('ready', added ? `+${added} from ${shortLabel(label, 30)}` : 'no new neighbours');
  saveView('replace');
}

// ---------------------------------------------------------------- filters

/** The filters as the panel's inputs hold them. */
function filtersFromPanel(): ExplorerFilters {
  const year = (input: HTMLInputElement) =>
    input.value.trim() && Number.isInteger(Number(input.value)) ? Number(input.value) : null;
  const match =
    ui.filterForm.querySelector<HTMLInputElement>('input[name="topics-match"]:checked')?.value === 'ANY'
      ? 'ANY'
      : 'ALL';
  return {
    topics: Array.from(ui.topicChips.querySelectorAll<HTMLElement>('li[data-topic]')).map(
      (chip) => chip.dataset.topic!,
    ),
    topicsMatch: match,
    yearFrom: year(ui.yearFrom),
    yearTo: year(ui.yearTo),
    journal: ui.journal.value.trim() || null,
    documentType:
      state.capabilities.documentType === 'enum'
        ? ui.docType.value || null
        : state.capabilities.documentType === 'string'
          ? ui.docTypeText.value.trim() || null
          : null,
    referenceOnly: ui.refOnly.value === 'exclude' || ui.refOnly.value === 'only' ? ui.refOnly.value : 'include',
  };
}

function topicChip(topic: string, label: string): HTMLElement {
  return h(
    'li',
    { 'data-topic': topic },
    h('span', {}, label),
    h(
      'button',
      {
        type: 'button',
        class: 'chip-remove',
        'aria-label': `Remove ${label} from the filter`,
        onclick: (event: Event) => (event.currentTarget as HTMLElement).closest('li')!.remove(),
      },
      '×',
    ),
  );
}

/** Puts filters into the panel's inputs. */
function fillPanel(filters: ExplorerFilters): void {
  ui.topicChips.replaceChildren(...filters.topics.map((topic) => topicChip(topic, topicLabels.get(topic) ?? topic)));
  for (const radio of Array.from(ui.filterForm.querySelectorAll<HTMLInputElement>('input[name="topics-match"]')))
    radio.checked = radio.value === filters.topicsMatch;
  ui.yearFrom.value = filters.yearFrom === null ? '' : String(filters.yearFrom);
  ui.yearTo.value = filters.yearTo === null ? '' : String(filters.yearTo);
  ui.journal.value = filters.journal ?? '';
  ui.docType.value = filters.documentType ?? '';
  ui.docTypeText.value = filters.documentType ?? '';
  ui.refOnly.value = filters.referenceOnly;
  ui.filterSummary.textContent = describeFilters(filters) ? `· ${describeFilters(filters)}` : '';
}

/** Labels of topic ids added from the details panel, so chips show names. */
const topicLabels = new Map<string, string>();

/**
 * Applies new filters everywhere: the drawing (articles that fail them are hidden and left out of
 * downloads), the map (redrawn over the filtered articles), the panel's article list, the year
 * histogram and the URL.
 */
async function setFilters(filters: ExplorerFilters): Promise<void> {
  state.filters = filters;
  fillPanel(filters);
  await refreshMatching();
  applyFilters();
  saveView('replace');
  void listFilteredArticles();
  if (state.mode === 'map') await drawMap();
  const token = state.detailsToken;
  const histogram = ui.details.querySelector<HTMLElement>('[data-slot="years"]');
  if (histogram) {
    histogram.replaceWith(h('div', { 'data-slot': 'years' }));
    await showYears(token);
    await showYearArticles(token);
  }
}

/** Asks the API which articles match the topic, journal and type filters (a drawn article does not show them all). */
async function refreshMatching(): Promise<void> {
  const filters = state.filters;
  if (!needsServerMatch(filters)) {
    state.matching = null;
    state.matchingCapped = false;
    return;
  }
  const filter = toArticleFilter(filters);
  const ids = new Set<string>();
  let after: string | null = null;
  let capped = false;
  await withBusy('Checking which articles match the filters…', async () => {
    for (;;) {
      const data: { articles: ApiArticlePage } = await gql<{ articles: ApiArticlePage }>(FILTERED_ARTICLES_QUERY, {
        filter,
        first: 100,
        after,
      });
      for (const edge of data.articles.edges) ids.add(edge.node.id);
      after = data.articles.pageInfo?.endCursor ?? null;
      if (!data.articles.pageInfo?.hasNextPage || !after) break;
      if (ids.size >= MATCH_CAP) {
        capped = true;
        break;
      }
    }
  });
  state.matching = ids;
  state.matchingCapped = capped;
}

/** Hides the drawn articles the filters exclude (in the graph and path views); the status counts them. */
function applyFilters(): void {
  if (state.mode === 'map') return;
  const filters = state.filters;
  let total = 0;
  let kept = 0;
  cy.batch(() => {
    cy.nodes('[type = "ARTICLE"]').forEach((node) => {
      total += 1;
      const passes =
        node.hasClass('root') ||
        node.hasClass('path-end') ||
        (articlePasses(filters, {
          year: node.data('year') as number | null,
          referenceOnly: node.data('referenceOnly') === true,
        }) &&
          (state.matching === null || state.matching.has(node.id())));
      node.toggleClass('excluded', !passes);
      if (passes) kept += 1;
    });
    // Authors, topics, journals... drawn only because of excluded articles go with them: what is
    // left (and downloaded) is the filtered articles' own graph. The centre always stays.
    const active = isUnfiltered(filters) ? cy.collection() : cy.nodes('[type = "ARTICLE"].excluded');
    cy.nodes('[type != "ARTICLE"]').forEach((node) => {
      const neighbours = node.neighborhood('node');
      const orphaned =
        active.nonempty() &&
        !node.hasClass('root') &&
        !node.hasClass('path-end') &&
        neighbours.nonempty() &&
        neighbours.every(
          (other) =>
            (other as cytoscape.NodeSingular).hasClass('excluded') &&
            (other as cytoscape.NodeSingular).data('type') === 'ARTICLE',
        );
      node.toggleClass('excluded', orphaned);
    });
  });
  ui.status.dataset.articles = String(total);
  ui.status.dataset.matching = String(kept);
  ui.status.dataset.year =
    filters.yearFrom !== null && filters.yearFrom === filters.yearTo ? String(filters.yearFrom) : '';
  ui.filterResult.textContent = isUnfiltered(filters)
    ? ''
    : `${kept} of ${total} drawn articles match${state.matchingCapped ? ` (checked against the first ${MATCH_CAP} matches)` : ''}; the others are hidden and left out of downloads.`;
  refreshLabels();
  setStatus(state.busy ? 'loading' : 'ready');
}

/** Lists the articles of the whole graph matching the filters (the panel's answer to "which articles…"). */
async function listFilteredArticles(): Promise<void> {
  const filters = state.filters;
  if (isUnfiltered(filters)) {
    ui.filterArticles.replaceChildren();
    return;
  }
  try {
    const data = await gql<{ articles: ApiArticlePage }>(FILTERED_ARTICLES_QUERY, {
      filter: toArticleFilter(filters),
      first: 20,
    });
    if (filters !== state.filters) return;
    const list = citationRefs(detailsActions, 'references', 'Matching articles', data.articles);
    list.dataset.slot = 'filtered';
    ui.filterArticles.replaceChildren(list);
  } catch (error) {
    ui.filterArticles.replaceChildren(h('p', { class: 'error' }, `Could not list the articles: ${errorText(error)}`));
  }
}

ui.filterForm.addEventListener('submit', (event) => {
  event.preventDefault();
  addTypedTopic();
  void setFilters(filtersFromPanel());
});
$('filter-clear').addEventListener('click', () => void setFilters(NO_FILTERS));
$('filter-topic-add').addEventListener('click', () => addTypedTopic());
ui.topicInput.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && ui.topicInput.value.trim()) {
    event.preventDefault();
    addTypedTopic();
  }
});

function addTypedTopic(): void {
  const topic = ui.topicInput.value.trim();
  if (!topic) return;
  if (
    !Array.from(ui.topicChips.querySelectorAll<HTMLElement>('li[data-topic]')).some(
      (chip) => chip.dataset.topic === topic,
    )
  )
    ui.topicChips.append(topicChip(topic, topic));
  ui.topicInput.value = '';
}

let topicTimer: ReturnType<typeof setTimeout> | undefined;
ui.topicInput.addEventListener('input', () => {
  clearTimeout(topicTimer);
  const prefix = ui.topicInput.value.trim();
  if (prefix.length < 2) return;
  topicTimer = setTimeout(async () => {
    try {
      const found = await fetchHits(prefix, ['TOPIC']);
      ui.topicOptions.replaceChildren(...found.map((hit) => h('option', { value: hit.node.name ?? hit.node.id })));
    } catch {
      // The list is a convenience: typing a name works without it.
    }
  }, 200);
});

/** Offers only what this server's API has: the document type filter and the map kinds. */
async function loadCapabilities(): Promise<void> {
  try {
    const data = await gql<ApiCapabilities>(CAPABILITIES_QUERY);
    const field = data.filter?.inputFields.find((f) => f.name === 'documentType');
    const named = field ? (field.type.kind === 'NON_NULL' ? field.type.ofType : field.type) : null;
    state.capabilities.documentType = !named ? null : named.kind === 'ENUM' ? 'enum' : 'string';
    if (data.kinds?.enumValues.length) state.capabilities.kinds = data.kinds.enumValues.map((value) => value.name);
    if (state.capabilities.documentType) {
      ui.docTypeRow.hidden = false;
      // An enum gets a list of its values; a free-text field (types as the records name them) a text box.
      ui.docType.hidden = state.capabilities.documentType !== 'enum';
      ui.docTypeText.hidden = state.capabilities.documentType !== 'string';
      const values = data.documentTypes?.enumValues.map((value) => value.name) ?? [];
      ui.docType.replaceChildren(
        h('option', { value: '' }, 'any'),
        ...values.map((value) => h('option', { value }, value.toLowerCase().replace(/_/g, ' '))),
      );
    }
  } catch (error) {
    console.warn('capabilities', error);
  }
  ui.mapKind.replaceChildren(
    ...state.capabilities.kinds.map((kind) => h('option', { value: kind }, MAP_KIND_TITLES[kind] ?? kind)),
  );
  ui.mapKind.value = state.map.kind;
}

// ---------------------------------------------------------------- map view

function syncModeUi(): void {
  const map = state.mode === 'map';
  ui.tabGraph.setAttribute('aria-pressed', String(!map));
  ui.tabMap.setAttribute('aria-pressed', String(map));
  ui.mapPanel.hidden = !map;
  ui.depthControl.hidden = map;
  $('relayout').hidden = map;
  ui.canvas.setAttribute(
    'aria-label',
    map ? 'Science map drawing' : state.mode === 'path' ? 'Path drawing' : 'Graph drawing',
  );
  buildLegend();
  buildDownloads();
}

function fillMapForm(): void {
  ui.mapKind.value = state.map.kind;
  ui.mapNormalization.value = state.map.normalization;
  ui.mapMin.value = String(state.map.minStrength);
  ui.mapLimit.value = String(state.map.limit);
  ui.mapSize.value = state.map.sizeBy;
  ui.mapColour.value = state.map.colourBy;
}

function mapFromForm(): MapView {
  const int = (input: HTMLInputElement, fallback: number) =>
    Number.isInteger(Number(input.value)) && Number(input.value) >= 1 ? Math.min(1000, Number(input.value)) : fallback;
  return {
    kind: ui.mapKind.value || DEFAULT_MAP_VIEW.kind,
    normalization: ui.mapNormalization.value || DEFAULT_MAP_VIEW.normalization,
    minStrength: int(ui.mapMin, 1),
    limit: int(ui.mapLimit, 100),
    sizeBy: ui.mapSize.value === 'citations' ? 'citations' : 'weight',
    colourBy: ui.mapColour.value === 'year' ? 'year' : 'cluster',
  };
}

async function enterMapMode(): Promise<void> {
  if (state.mode !== 'map') {
    state.mode = 'map';
    cy.elements().remove();
    state.cuts = [];
    showCut();
    syncModeUi();
    fillMapForm();
    state.detailsToken += 1;
    ui.details.replaceChildren(
      h(
        'p',
        { class: 'muted' },
        'Click a node of the map for its details; double-click it (or press Enter) to draw its neighbourhood.',
      ),
    );
  }
  await drawMap();
  saveView('push');
}

/** Fetches the science map of the filtered articles and draws it at the server's positions. */
async function drawMap(): Promise<void> {
  const settings = state.map;
  await withBusy(`Computing the ${MAP_KIND_TITLES[settings.kind] ?? settings.kind} map…`, async () => {
    const data = await gql<{ map: ApiScienceMap }>(MAP_QUERY, mapVariables(settings, state.filters));
    if (state.mode !== 'map') return;
    state.lastMap = data.map;
    cy.elements().remove();
    cy.add(
      mapElements(data.map, { sizeBy: settings.sizeBy, colourBy: settings.colourBy }) as cytoscape.ElementDefinition[],
    );
    cy.nodes().addClass('map-node');
    cy.edges().addClass('map-link');
    state.cuts = data.map.limited ? [{ kind: 'map', shown: data.map.nodes.length, total: data.map.totalNodes }] : [];
    await runLayout();
    renderMapSummary(data.map);
  });
  showCut();
  buildLegend();
  refreshLabels();
}

function renderMapSummary(map: ApiScienceMap): void {
  ui.mapSummary.textContent = `${map.nodes.length} of ${map.totalNodes} nodes, ${map.links.length} links, ${map.clusters.length} clusters over ${map.articleCount} articles; modularity ${map.modularity.toFixed(3)} (resolution ${map.resolution}, seed ${map.seed}).`;
  ui.mapClusters.replaceChildren(
    ...map.clusters.map((cluster) =>
      h(
        'li',
        { 'data-cluster': cluster.cluster },
        h(
          'button',
          {
            type: 'button',
            class: 'cluster',
            title: 'Highlight this cluster on the map (press again to show all)',
            onclick: () => highlightCluster(cluster.cluster),
          },
          h('span', { class: 'cluster-swatch', style: `--cluster-color:${clusterColour(cluster.cluster)}` }),
          h('strong', {}, `Cluster ${cluster.cluster}`),
          h('span', { class: 'muted' }, `${cluster.size} nodes`),
          h('span', { class: 'cluster-labels' }, cluster.topLabels.join(' · ')),
        ),
      ),
    ),
  );
}

let highlighted: number | null = null;
function highlightCluster(cluster: number): void {
  highlighted = highlighted === cluster ? null : cluster;
  cy.batch(() => {
    cy.elements().removeClass('faded');
    if (highlighted === null) return;
    const others = cy.nodes().filter((node) => node.data('cluster') !== highlighted);
    others.addClass('faded');
    others.connectedEdges().addClass('faded');
  });
  for (const item of Array.from(ui.mapClusters.querySelectorAll<HTMLElement>('li')))
    item.classList.toggle('active', Number(item.dataset.cluster) === highlighted);
  refreshLabels();
}

ui.mapForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const next = mapFromForm();
  const redrawOnly =
    next.kind === state.map.kind &&
    next.normalization === state.map.normalization &&
    next.minStrength === state.map.minStrength &&
    next.limit === state.map.limit;
  state.map = next;
  saveView('replace');
  if (redrawOnly && state.lastMap) {
    const positions = new Map(cy.nodes().map((node) => [node.id(), { ...node.position() }] as const));
    cy.elements().remove();
    cy.add(
      mapElements(state.lastMap, { sizeBy: next.sizeBy, colourBy: next.colourBy }) as cytoscape.ElementDefinition[],
    );
    cy.nodes().forEach((node) => void (positions.has(node.id()) && node.position(positions.get(node.id())!)));
    buildLegend();
    refreshLabels();
    setStatus('ready');
  } else void drawMap();
});
// Choosing from a list redraws at once; the number fields wait for Draw map (or Enter).
for (const select of [ui.mapKind, ui.mapNormalization, ui.mapSize, ui.mapColour])
  select.addEventListener('change', () => ui.mapForm.requestSubmit());
ui.mapNormalization.replaceChildren(
  ...Object.entries(NORMALIZATION_TITLES).map(([value, title]) => h('option', { value }, title)),
);

ui.tabMap.addEventListener('click', () => void enterMapMode());
ui.tabGraph.addEventListener('click', () => {
  if (state.mode === 'graph') return;
  const centre = state.selected ?? state.rootId;
  enterGraphMode();
  if (centre && !centre.startsWith('Country:')) void openEntity(centre);
  else {
    setStatus('idle');
    saveView('push');
  }
});

// ---------------------------------------------------------------- path finder

/** The path's nodes in order from its start, following its edges (empty when the drawing is not one chain). */
function pathOrder(): string[] {
  if (!state.path) return [];
  const start = cy.nodes('.path-start');
  if (start.empty()) return [];
  let current = start[0] as cytoscape.NodeSingular;
  const order = [current.id()];
  const seen = new Set(order);
  for (;;) {
    const next = current.neighborhood('node').filter((node) => !seen.has(node.id()));
    if (next.empty()) break;
    current = next[0] as cytoscape.NodeSingular;
    order.push(current.id());
    seen.add(current.id());
  }
  return order.length === cy.nodes().length ? order : [];
}

async function findPath(path: PathView, options: { pushHistory?: boolean } = {}): Promise<boolean> {
  ui.pathResult.textContent = 'Searching…';
  const maxLength = Number(ui.pathLength.value) || 4;
  let found = false;
  await withBusy('Finding a path…', async () => {
    const data = await gql<{ path: ApiGraph | null }>(path.citations ? CITATION_PATH_QUERY : PATH_QUERY, {
      from: path.from,
      to: path.to,
      maxLength,
    });
    if (!data.path || data.path.nodes.length === 0) {
      ui.pathResult.textContent = `No ${path.citations ? 'citation ' : ''}path within ${maxLength} steps.`;
      return;
    }
    found = true;
    state.mode = 'path';
    state.path = path;
    state.rootId = null;
    state.lastMap = null;
    state.expanded.clear();
    state.cuts = [];
    cy.elements().remove();
    cy.add(elementsOf(data.path));
    syncModeUi();
    // The API answers the ends with their canonical ids; names and DOIs given by the reader resolve here.
    const first = cy.getElementById(data.path.nodes[0]!.id);
    const last = cy.getElementById(data.path.nodes.at(-1)!.id);
    const ends = endsOf(data.path);
    cy.getElementById(ends.start).addClass('path-start path-end root');
    cy.getElementById(ends.end).addClass('path-end');
    if (first.empty() || last.empty()) return;
    applyFilters();
    await runLayout();
    const steps = data.path.edges.length;
    ui.pathResult.textContent = `${steps} step${steps === 1 ? '' : 's'}: ${pathOrder()
      .map((id) => shortLabel(String(cy.getElementById(id).data('label')), 40))
      .join(' → ')}`;
    select(ends.end);
  });
  showCut();
  if (found) {
    if (options.pushHistory !== false) saveView('push');
    if (state.selected) void showDetails(state.selected);
  }
  return found;
}

/** The start and end of a path graph: its two nodes of degree one (the first and last node when it is a single edge). */
function endsOf(graph: ApiGraph): { start: string; end: string } {
  const degree = new Map<string, number>();
  for (const edge of graph.edges) {
    degree.set(edge.source, (degree.get(edge.source) ?? 0) + 1);
    degree.set(edge.target, (degree.get(edge.target) ?? 0) + 1);
  }
  const leaves = graph.nodes.filter((node) => (degree.get(node.id) ?? 0) <= 1).map((node) => node.id);
  const first = graph.nodes[0]!.id;
  const start = leaves.includes(first) ? first : (leaves[0] ?? first);
  const end = leaves.find((id) => id !== start) ?? graph.nodes.at(-1)!.id;
  return { start, end };
}

ui.pathForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const from =
    ui.pathFrom.dataset.id && ui.pathFrom.value === ui.pathFrom.dataset.label
      ? ui.pathFrom.dataset.id
      : ui.pathFrom.value.trim();
  const to =
    ui.pathTo.dataset.id && ui.pathTo.value === ui.pathTo.dataset.label ? ui.pathTo.dataset.id : ui.pathTo.value.trim();
  if (!from || !to) return;
  void findPath({ from, to, citations: ui.pathCitations.checked });
});

function setPathEnd(end: 'from' | 'to', id: string, label: string): void {
  const input = end === 'from' ? ui.pathFrom : ui.pathTo;
  input.value = label;
  input.dataset.id = id;
  input.dataset.label = label;
  ui.pathPanel.open = true;
  (end === 'from' ? ui.pathTo : ui.pathFrom).focus();
}

// ---------------------------------------------------------------- details

async function showDetails(id: string): Promise<void> {
  const token = ++state.detailsToken;
  ui.details.replaceChildren(h('p', { class: 'muted' }, 'Loading details…'));
  if (id.startsWith('Country:')) {
    state.detailsEntity = null;
    const node = cy.getElementById(id);
    ui.details.replaceChildren(
      h(
        'article',
        { class: 'entity', 'data-entity-id': id, 'data-entity-type': 'COUNTRY' },
        h('h2', {}, id.slice('Country:'.length)),
        mapNodeFacts(node),
      ),
    );
    return;
  }
  try {
    const data = await gql<{ node: ApiDetails | null }>(DETAILS_QUERY, { id });
    if (token !== state.detailsToken) return;
    if (!data.node) {
      state.detailsEntity = null;
      const mapNode = cy.getElementById(id);
      // A map node that is no entity of its own (a keyword, a thesaurus-merged label): what the map knows.
      if (mapNode.nonempty() && mapNode.hasClass('map-node')) {
        ui.details.replaceChildren(
          h(
            'article',
            { class: 'entity', 'data-entity-id': id, 'data-entity-type': String(mapNode.data('type')).toUpperCase() },
            h('h2', {}, String(mapNode.data('label'))),
            mapNodeFacts(mapNode),
          ),
        );
        return;
      }
      ui.details.replaceChildren(h('p', { class: 'muted' }, 'This entity no longer exists.'));
      return;
    }
    const type =
      data.node.__typename === 'Author'
        ? 'AUTHOR'
        : data.node.__typename === 'Topic'
          ? 'TOPIC'
          : data.node.__typename.toUpperCase();
    state.detailsEntity = { id: data.node.id, type };
    const rendered = renderDetails(data.node, detailsActions);
    if (state.mode === 'map') rendered.querySelector('header')?.after(mapNodeFacts(cy.getElementById(id)));
    ui.details.replaceChildren(rendered);
    if (type === 'AUTHOR' || type === 'TOPIC') {
      await showYears(token);
      if (!isUnfiltered(state.filters)) await showYearArticles(token);
    }
  } catch (error) {
    if (token !== state.detailsToken) return;
    ui.details.replaceChildren(h('p', { class: 'error' }, `Could not load details: ${errorText(error)}`));
  }
}

/** What the map says about one of its nodes (weight, citations, cluster, mean year). */
function mapNodeFacts(node: cytoscape.CollectionReturnValue): HTMLElement {
  if (node.empty() || !node.hasClass('map-node')) return h('span', {});
  const meanYear = node.data('meanYear') as number | null;
  return h(
    'p',
    { class: 'map-facts' },
    `Cluster ${node.data('cluster')} · ${node.data('weight')} documents · ${node.data('citations')} citations${meanYear ? ` · mean year ${meanYear.toFixed(1)}` : ''} · ${node.degree(false)} links on this map`,
  );
}

const detailsActions: DetailsActions = {
  open: (target: string) => void openEntity(target),
  addFilter: (field, value, label) => {
    if (field === 'topic') {
      topicLabels.set(value, label);
      const topics = state.filters.topics.includes(value) ? state.filters.topics : [...state.filters.topics, value];
      void setFilters({ ...filtersFromPanel(), topics });
    } else void setFilters({ ...filtersFromPanel(), journal: value });
    ui.filterPanel.open = true;
  },
  pathEnd: (end, id, label) => setPathEnd(end, id, label),
  moreCitations: (id) => void showMoreCitations(id),
};

async function showMoreCitations(id: string): Promise<void> {
  const data = await gql<{ node: { references?: ApiArticlePage; citedBy?: ApiArticlePage } | null }>(CITATIONS_QUERY, {
    id,
    first: 100,
  });
  for (const [slot, title] of [
    ['references', 'References'],
    ['citedBy', 'Cited by'],
  ] as const) {
    const page = data.node?.[slot];
    const element = ui.details.querySelector<HTMLElement>(`[data-slot="${slot}"]`);
    if (page && element) element.replaceWith(citationRefs(detailsActions, slot, title, page));
  }
}

/** The article filter of the entity in the details panel (a topic or an author), by id. */
function entityFilter(): Record<string, unknown> | null {
  const entity = state.detailsEntity;
  if (!entity) return null;
  return entity.type === 'TOPIC' ? { topic: entity.id } : entity.type === 'AUTHOR' ? { author: entity.id } : null;
}

/** Fills the details panel's year histogram (the shared year range pressed). */
async function showYears(token: number): Promise<void> {
  const filter = entityFilter();
  const slot = ui.details.querySelector<HTMLElement>('[data-slot="years"]');
  if (!filter || !slot) return;
  // The histogram shows every year of the entity (the other filters apply), so a range can be widened.
  const data = await gql<{ facets: ApiYearBucket[] }>(YEAR_FACETS_QUERY, {
    filter: toArticleFilter({ ...state.filters, yearFrom: null, yearTo: null }, filter),
  });
  if (token !== state.detailsToken) return;
  const histogram = yearHistogram(
    data.facets,
    { from: state.filters.yearFrom, to: state.filters.yearTo },
    (year, extend) => void pickYear(year, extend),
  );
  slot.replaceWith(histogram ?? h('div', { 'data-slot': 'years' }));
}

/** Replaces the details panel's article list with the entity's articles passing the filters. */
async function showYearArticles(token: number): Promise<void> {
  const filter = entityFilter();
  const slot = ui.details.querySelector<HTMLElement>('[data-slot="articles"]');
  if (!filter || !slot) return;
  const data = await gql<{ articles: ApiArticleList }>(YEAR_ARTICLES_QUERY, {
    filter: toArticleFilter(state.filters, filter),
  });
  if (token !== state.detailsToken) return;
  slot.replaceWith(articleRefs(detailsActions, data.articles, describeFilters(state.filters) || null));
}

/** A histogram bar sets the shared year range to its year, or stretches it (Shift), or clears it. */
async function pickYear(year: number | null, extend: boolean): Promise<void> {
  const current = state.filters;
  let yearFrom: number | null = year;
  let yearTo: number | null = year;
  if (year !== null && extend && (current.yearFrom !== null || current.yearTo !== null)) {
    yearFrom = Math.min(year, current.yearFrom ?? year);
    yearTo = Math.max(year, current.yearTo ?? year);
  }
  await setFilters({ ...current, yearFrom, yearTo });
}

// ---------------------------------------------------------------- labels and tooltip

const measureContext = document.createElement('canvas').getContext('2d');

/** Width and line count of a label as drawn at LABEL_PX, wrapping at `wrap` pixels (word by word, like Cytoscape). */
function measureLabel(text: string, options: { bold: boolean; wrap: number }): { width: number; lines: number } {
  if (!measureContext)
    return { width: Math.min(text.length * 7, options.wrap), lines: Math.ceil((text.length * 7) / options.wrap) };
  measureContext.font = `${options.bold ? 'bold ' : ''}${LABEL_PX}px ${LABEL_FONT_FAMILY}`;
  let lines = 1;
  let line = 0;
  let widest = 0;
  const space = measureContext.measureText(' ').width;
  for (const word of text.split(/\s+/)) {
    const width = measureContext.measureText(word).width;
    if (line > 0 && line + space + width > options.wrap) {
      widest = Math.max(widest, line);
      lines += 1;
      line = width;
    } else {
      line += (line > 0 ? space : 0) + width;
    }
  }
  widest = Math.max(widest, line);
  return { width: Math.min(widest, options.wrap), lines };
}

const TYPE_WEIGHT: Readonly<Record<string, number>> = { TOPIC: 3, AUTHOR: 2, JOURNAL: 2, INSTITUTION: 2, ARTICLE: 1 };
/** In a crowded drawing the most cited articles are labelled before hubs of other types, so titles show too. */
const ARTICLE_LABEL_QUOTA = 3;

/** Drawn size of a node in model units (map nodes carry theirs). */
function drawnSize(node: cytoscape.NodeSingular): number {
  const size = node.data('size');
  if (typeof size === 'number') return size;
  return node.width() || nodeSize(String(node.data('type')));
}

/**
 * Chooses which nodes carry a label, at one screen size whatever the zoom: the centre and the
 * selected node always, then by importance while their label boxes do not overlap (on a map: by
 * weight, the largest first). Zooming in makes room, so more labels appear; hovering shows any
 * node's full title in the tooltip.
 */
function refreshLabels(): void {
  const zoom = cy.zoom();
  cy.style().fromJson(explorerStylesheet(zoom)).update();
  const extent = { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() };
  const candidates: LabelCandidate[] = [];
  const visible = shownNodes().not('.faded');
  // The most cited (then most connected) articles of a crowded drawing get a head start.
  const favoured = new Set(
    visible
      .filter('[type = "ARTICLE"]')
      .sort(
        (a, b) =>
          Number(b.data('citations')) - Number(a.data('citations')) ||
          (b as cytoscape.NodeSingular).degree(false) - (a as cytoscape.NodeSingular).degree(false),
      )
      .slice(0, visible.length > 60 ? ARTICLE_LABEL_QUOTA : 0)
      .map((node) => node.id()),
  );
  visible.forEach((node) => {
    const position = node.renderedPosition();
    const selected = node.selected();
    const text = measureLabel(String(node.data(selected ? 'label' : 'short') ?? node.data('label')), {
      bold: selected,
      wrap: selected ? FOCUS_LABEL_MAX_WIDTH_PX : LABEL_MAX_WIDTH_PX,
    });
    const half = (drawnSize(node) * zoom) / 2;
    const importance = node.hasClass('map-node')
      ? Number(node.data('weight')) * 10 + Number(node.data('citations'))
      : (node.hasClass('expanded') ? 100 : 0) +
        node.degree(false) * 4 +
        (TYPE_WEIGHT[String(node.data('type'))] ?? 0) +
        (favoured.has(node.id()) ? 1000 : 0);
    candidates.push({
      id: node.id(),
      forced: node.hasClass('root') || node.hasClass('path-end') || node.selected(),
      importance,
      boxes: labelBoxes(
        { x: position.x, y: position.y, halfWidth: half, halfHeight: half },
        text,
        LABEL_LINE_PX,
        LABEL_MARGIN_PX,
      ),
    });
  });
  const bodies = visible.map((node) => {
    const box = node.renderedBoundingBox({ includeLabels: false, includeOverlays: false });
    return { id: node.id(), box: { x1: box.x1, y1: box.y1, x2: box.x2, y2: box.y2 } };
  });
  const shown = placeLabels(candidates, extent, { obstacles: [...bodies, ...overlayBoxes()] });
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const side = shown.get(node.id());
      node.toggleClass('labelled', side !== undefined);
      for (const other of LABEL_SIDES) if (other !== 'below') node.toggleClass(`label-${other}`, side === other);
    });
  });
  ui.status.dataset.labels = String(shown.size);
  ui.status.dataset.articleLabels = String(cy.nodes('.labelled[type = "ARTICLE"]').length);
}

/** Panels drawn over the canvas (legend, tools, status, notice), in canvas pixels: labels stay clear of them. */
function overlayBoxes(): { id: string; box: { x1: number; y1: number; x2: number; y2: number } }[] {
  const canvas = cy.container()!.getBoundingClientRect();
  return [ui.legendBox, $('canvas-tools'), ui.status, ui.cutNotice]
    .filter((element) => element.offsetParent !== null && element.offsetWidth > 0)
    .map((element, i) => {
      const r = element.getBoundingClientRect();
      return {
        id: `overlay-${i}`,
        box: { x1: r.left - canvas.left, y1: r.top - canvas.top, x2: r.right - canvas.left, y2: r.bottom - canvas.top },
      };
    });
}

let labelFrame = 0;
cy.on('viewport resize', () => {
  cancelAnimationFrame(labelFrame);
  labelFrame = requestAnimationFrame(() => refreshLabels());
});

function showTooltip(element: cytoscape.SingularElementArgument, html: HTMLElement[]): void {
  ui.tooltip.replaceChildren(...html);
  ui.tooltip.hidden = false;
  const box = element.renderedBoundingBox({ includeLabels: false });
  const width = cy.width();
  const left = Math.min(Math.max(8, (box.x1 + box.x2) / 2 - 140), Math.max(8, width - 288));
  const below = box.y2 + 10;
  ui.tooltip.style.left = `${left}px`;
  ui.tooltip.style.top = `${below + 80 > cy.height() ? Math.max(8, box.y1 - 10 - ui.tooltip.offsetHeight) : below}px`;
}

function hideTooltip(): void {
  ui.tooltip.hidden = true;
}

/** Focuses a node as a click does: selects it and shows its details; in the graph view it also expands. */
function activate(node: cytoscape.NodeSingular, options: { expand: boolean }): void {
  select(node.id());
  saveView('replace');
  void showDetails(node.id());
  if (options.expand && state.mode === 'graph') void expandNode(node);
}

cy.on('tap', 'node', (event) => activate(event.target as cytoscape.NodeSingular, { expand: true }));
cy.on('dbltap', 'node', (event) => {
  // On a map, a double click draws the node's neighbourhood in the graph view.
  const node = event.target as cytoscape.NodeSingular;
  if (state.mode === 'map' && !node.id().startsWith('Country:')) void openEntity(node.id());
});
cy.on('tap', (event) => {
  if (event.target === cy) hideTooltip();
});
cy.on('mouseover', 'node', (event) => {
  const node = event.target as cytoscape.NodeSingular;
  node.addClass('hover');
  ui.canvas.style.cursor = 'pointer';
  const style = entityStyle(String(node.data('type')).toUpperCase());
  const year = node.data('year');
  const parts: (HTMLElement | null)[] = [
    h('span', { class: 'type-badge', style: `--type-color:${style.color}` }, style.title),
    h('strong', { class: 'tooltip-title' }, String(node.data('label'))),
    year ? h('span', { class: 'muted' }, ` (${year})`) : null,
    node.data('referenceOnly') ? h('span', { class: 'muted' }, ` — ${REFERENCE_ONLY_NOTE}`) : null,
  ];
  if (node.hasClass('map-node')) {
    parts.push(
      h(
        'span',
        { class: 'tooltip-hint' },
        `Cluster ${node.data('cluster')} · ${node.data('weight')} documents · ${node.data('citations')} citations${node.data('meanYear') ? ` · mean year ${Number(node.data('meanYear')).toFixed(1)}` : ''} — double-click for its neighbourhood`,
      ),
    );
  } else {
    parts.push(
      h(
        'span',
        { class: 'tooltip-hint' },
        state.expanded.has(node.id()) ? 'Click for details' : 'Click to expand and see details',
      ),
    );
  }
  showTooltip(
    node,
    parts.filter((part): part is HTMLElement => part !== null),
  );
});
cy.on('mouseout', 'node', (event) => {
  (event.target as cytoscape.NodeSingular).removeClass('hover');
  ui.canvas.style.cursor = '';
  hideTooltip();
});
cy.on('mouseover', 'edge', (event) => {
  const edge = event.target as cytoscape.EdgeSingular;
  edge.addClass('hover');
  if (edge.hasClass('map-link')) {
    showTooltip(edge, [
      h('strong', { class: 'tooltip-title' }, shortLabel(String(edge.source().data('label')), 60)),
      h(
        'span',
        { class: 'muted' },
        ` — ${edge.data('count')} together, strength ${Number(edge.data('strength')).toPrecision(3)} — `,
      ),
      h('strong', { class: 'tooltip-title' }, shortLabel(String(edge.target().data('label')), 60)),
    ]);
    return;
  }
  const relation = RELATION_STYLES[String(edge.data('type'))] ?? FALLBACK_RELATION_STYLE;
  showTooltip(edge, [
    h('strong', { class: 'tooltip-title' }, shortLabel(String(edge.source().data('label')), 60)),
    h('span', { class: 'tooltip-relation', style: `--relation-color:${relation.color}` }, ` ${relation.title} `),
    h('strong', { class: 'tooltip-title' }, shortLabel(String(edge.target().data('label')), 60)),
  ]);
});
cy.on('mouseout', 'edge', (event) => {
  (event.target as cytoscape.EdgeSingular).removeClass('hover');
  hideTooltip();
});
cy.on('pan zoom', () => hideTooltip());
// Leaving the canvas fires no node mouseout: hide the tooltip then too.
ui.canvas.addEventListener('mouseleave', () => {
  hideTooltip();
  cy.elements('.hover').removeClass('hover');
});

// ---------------------------------------------------------------- keyboard

let detailsTimer: ReturnType<typeof setTimeout> | undefined;

/** Says which node has the keyboard's focus, for screen readers. */
function announce(node: cytoscape.NodeSingular): void {
  const style = entityStyle(String(node.data('type')).toUpperCase());
  const facts = node.hasClass('map-node')
    ? `cluster ${node.data('cluster')}, ${node.data('weight')} documents`
    : `${node.degree(false)} links${state.expanded.has(node.id()) ? ', expanded' : ''}`;
  ui.announce.textContent = `${style.title}: ${String(node.data('label'))}${node.data('year') ? ` (${node.data('year')})` : ''}; ${facts}`;
}

ui.canvas.addEventListener('keydown', (event) => {
  const visible = shownNodes().not('.faded');
  if (visible.empty()) return;
  const current = state.selected ? cy.getElementById(state.selected) : cy.collection();
  const direction = ARROW_KEYS[event.key];
  if (direction) {
    event.preventDefault();
    let target: cytoscape.NodeSingular | null = null;
    if (current.empty() || !current.visible()) {
      target = (state.rootId ? cy.getElementById(state.rootId) : visible[0]) as cytoscape.NodeSingular;
    } else {
      const placed = visible.map((node) => ({ id: node.id(), ...(node as cytoscape.NodeSingular).renderedPosition() }));
      const next = nextNode({ id: current.id(), ...current.renderedPosition() }, placed, direction);
      if (next) target = cy.getElementById(next) as cytoscape.NodeSingular;
    }
    if (!target || target.empty()) return;
    select(target.id());
    const rendered = target.renderedPosition();
    if (rendered.x < 0 || rendered.y < 0 || rendered.x > cy.width() || rendered.y > cy.height()) cy.center(target);
    announce(target);
    saveView('replace');
    clearTimeout(detailsTimer);
    const id = target.id();
    detailsTimer = setTimeout(() => void showDetails(id), 250);
    return;
  }
  if (current.empty()) return;
  const node = current as cytoscape.NodeSingular;
  if (event.key === 'Enter') {
    event.preventDefault();
    if (state.mode === 'map') {
      if (!node.id().startsWith('Country:')) void openEntity(node.id());
    } else void expandNode(node);
  } else if (event.key === 'c' || event.key === 'C') {
    event.preventDefault();
    if (!node.id().startsWith('Country:')) void openEntity(node.id());
  } else if (event.key === '+' || event.key === '=' || event.key === '-') {
    event.preventDefault();
    cy.zoom({ level: cy.zoom() * (event.key === '-' ? 1 / 1.25 : 1.25), renderedPosition: node.renderedPosition() });
  } else if (event.key === 'Escape') {
    select(null);
  }
});
ui.canvas.addEventListener('focus', () => {
  if (!state.selected && state.rootId && cy.getElementById(state.rootId).nonempty())
    announce(cy.getElementById(state.rootId) as cytoscape.NodeSingular);
});

// ---------------------------------------------------------------- legend & type filter

const legendCounts = new Map<string, HTMLElement>();
const relationRows = new Map<string, HTMLElement>();

/** Shows or hides every node (or edge) of one type; the URL remembers it. */
function setHidden(type: string, hidden: boolean, selector: string): void {
  if (hidden) state.hiddenTypes.add(type);
  else state.hiddenTypes.delete(type);
  cy.elements(selector).toggleClass('filtered', hidden);
  setStatus('ready');
  refreshLabels();
  saveView('replace');
}

/** A small drawing of an edge style: line in its colour and dash, with an arrow head. */
function relationSample(color: string, dash: string): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 34 10');
  svg.setAttribute('width', '34');
  svg.setAttribute('height', '10');
  svg.setAttribute('class', 'relation-sample');
  svg.setAttribute('aria-hidden', 'true');
  const line = document.createElementNS(ns, 'line');
  for (const [name, value] of Object.entries({
    x1: '1',
    y1: '5',
    x2: '26',
    y2: '5',
    stroke: color,
    'stroke-width': '2.2',
  }))
    line.setAttribute(name, value);
  if (dash === 'dashed') line.setAttribute('stroke-dasharray', '6 3');
  if (dash === 'dotted') line.setAttribute('stroke-dasharray', '1.5 2.5');
  const arrow = document.createElementNS(ns, 'path');
  arrow.setAttribute('d', 'M26 1 L33 5 L26 9 Z');
  arrow.setAttribute('fill', color);
  svg.append(line, arrow);
  return svg;
}

/** A legend row explaining a mark (no checkbox). */
function markRow(sampleClass: string, text: string, mark: string): HTMLElement {
  return h(
    'div',
    { class: 'legend-item mark', 'data-mark': mark },
    h('span', { class: `mark-sample ${sampleClass}`, 'aria-hidden': 'true' }),
    h('span', { class: 'legend-title' }, text),
  );
}

function buildLegend(): void {
  legendCounts.clear();
  relationRows.clear();
  if (state.mode === 'map') {
    ui.legend.replaceChildren(...mapLegend());
    return;
  }
  const items = Object.entries(ENTITY_STYLES).map(([type, style]) => {
    const count = h('span', { class: 'count' }, '');
    legendCounts.set(type, count);
    const checkbox = h('input', {
      type: 'checkbox',
      checked: !state.hiddenTypes.has(type),
      'data-type': type,
      'aria-label': `Show ${style.title} nodes`,
    });
    checkbox.addEventListener('change', () => setHidden(type, !checkbox.checked, `node[type = "${type}"]`));
    return h(
      'label',
      { class: 'legend-item', title: `Show or hide ${style.title.toLowerCase()} nodes` },
      checkbox,
      h('span', { class: `swatch shape-${style.shape}`, style: `--type-color:${style.color}` }),
      h('span', { class: 'legend-title' }, style.title),
      count,
    );
  });
  const relations = Object.entries(RELATION_STYLES).map(([type, style]) => {
    const count = h('span', { class: 'count' }, '');
    legendCounts.set(type, count);
    const checkbox = h('input', {
      type: 'checkbox',
      checked: !state.hiddenTypes.has(type),
      'data-relation': type,
      'aria-label': `Show ${style.title} edges`,
    });
    checkbox.addEventListener('change', () => setHidden(type, !checkbox.checked, `edge[type = "${type}"]`));
    const row = h(
      'label',
      { class: 'legend-item relation', 'data-relation': type, title: `${type}: show or hide these edges` },
      checkbox,
    );
    row.append(relationSample(style.color, style.dash), h('span', { class: 'legend-title' }, style.title), count);
    relationRows.set(type, row);
    return row;
  });
  const marks = [
    markRow('mark-hollow', 'Hollow, dashed: a work known only from reference lists', 'reference-only'),
    markRow('mark-large', 'Larger article: cited more often in this graph', 'citations'),
    markRow('mark-root', 'Dark ring: the centre of the drawing', 'root'),
    markRow('mark-expanded', 'Double ring: expanded (its neighbours are drawn)', 'expanded'),
    markRow('mark-selected', 'Yellow ring: selected', 'selected'),
  ];
  ui.legend.replaceChildren(
    h('div', { class: 'legend-heading' }, 'Nodes'),
    ...items,
    h('div', { class: 'legend-heading' }, 'Edges'),
    ...relations,
    h('div', { class: 'legend-heading' }, 'Marks'),
    ...marks,
  );
}

function mapLegend(): HTMLElement[] {
  const rows: HTMLElement[] = [
    h('div', { class: 'legend-heading' }, MAP_KIND_TITLES[state.map.kind] ?? state.map.kind),
  ];
  if (state.map.colourBy === 'year') {
    const years = state.lastMap ? yearExtent(state.lastMap.nodes) : null;
    rows.push(
      h(
        'div',
        { class: 'legend-item mark', 'data-mark': 'year' },
        h('span', { class: 'legend-title' }, 'Colour: mean publication year'),
      ),
    );
    if (years) {
      const stops = [0, 0.25, 0.5, 0.75, 1].map((t) =>
        yearColour(years.min + t * (years.max - years.min), years.min, years.max),
      );
      rows.push(
        h('div', {
          class: 'year-scale',
          'aria-hidden': 'true',
          style: `background:linear-gradient(to right, ${stops.join(', ')})`,
        }),
        h(
          'div',
          { class: 'year-scale-axis' },
          h('span', {}, years.min.toFixed(0)),
          h('span', {}, years.max.toFixed(0)),
        ),
      );
    }
    rows.push(markRow('mark-noyear', 'Grey: no year known', 'no-year'));
  } else {
    rows.push(
      h(
        'div',
        { class: 'legend-item mark', 'data-mark': 'cluster' },
        h('span', { class: 'legend-title' }, 'Colour: cluster (listed in the panel)'),
      ),
    );
    for (const cluster of (state.lastMap?.clusters ?? []).slice(0, 8)) {
      rows.push(
        h(
          'div',
          { class: 'legend-item mark' },
          h('span', {
            class: 'cluster-swatch',
            style: `--cluster-color:${clusterColour(cluster.cluster)}`,
            'aria-hidden': 'true',
          }),
          h(
            'span',
            { class: 'legend-title' },
            `${cluster.cluster}: ${shortLabel(cluster.topLabels.slice(0, 2).join(', '), 32)}`,
          ),
        ),
      );
    }
  }
  rows.push(
    markRow(
      'mark-size',
      state.map.sizeBy === 'citations' ? 'Size: citations received in this graph' : 'Size: documents (occurrences)',
      'size',
    ),
    markRow('mark-link', 'Line width: link strength', 'link'),
  );
  return rows;
}

function updateLegendCounts(): void {
  for (const [type, element] of legendCounts) {
    const relation = relationRows.get(type);
    const count = relation
      ? cy.edges(`[type = "${type}"]`).length
      : cy.nodes(`[type = "${type}"]`).not('.excluded').length;
    element.textContent = count ? String(count) : '';
    // Relations absent from the drawing stay out of the way (unless hidden, so they can be shown again).
    if (relation) relation.hidden = count === 0 && !state.hiddenTypes.has(type);
  }
}

// ---------------------------------------------------------------- downloads

function downloadStem(): string {
  const root = state.rootId ? cy.getElementById(state.rootId) : cy.collection();
  const label =
    state.mode === 'map'
      ? `map-${state.map.kind}`
      : root.nonempty()
        ? String(root.data('label'))
        : state.mode === 'path'
          ? 'path'
          : 'graph';
  const slug =
    label
      .normalize('NFKD')
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 40) || 'graph';
  const years =
    state.filters.yearFrom !== null || state.filters.yearTo !== null
      ? `-${state.filters.yearFrom ?? ''}-${state.filters.yearTo ?? ''}`
      : '';
  return `explore-${slug}${years}`;
}

function updateDownloadNote(): void {
  const filters = describeFilters(state.filters);
  ui.downloadNote.textContent =
    state.mode === 'map'
      ? `The map as the server computes it${filters ? `, filtered: ${filters}` : ''}.`
      : `${shownNodes().length} nodes${filters ? `, filtered: ${filters}` : ''}${state.truncated ? '; the drawing was cut (see the notice)' : ''}.`;
}

/** The map's files come from `/export/map` (the same filters and settings, every format); the drawing's from the browser. */
function buildDownloads(): void {
  if (state.mode === 'map') {
    const links = (
      [
        'VOSVIEWER_MAP',
        'VOSVIEWER_NETWORK',
        ...GRAPH_FORMAT_NAMES.filter((f) => !f.startsWith('VOSVIEWER')),
      ] as GraphFormatName[]
    ).map((format) =>
      h(
        'button',
        {
          type: 'button',
          'data-format': format,
          title: `Download the map as ${GRAPH_FORMATS[format].title}`,
          onclick: () => void downloadMap(format),
        },
        GRAPH_FORMATS[format].title,
      ),
    );
    links.push(
      h(
        'button',
        {
          type: 'button',
          'data-format': 'PNG',
          title: 'Download a picture of the map',
          onclick: () => cy.nodes().nonempty() && downloadPng(cy, downloadStem()),
        },
        'PNG image',
      ),
    );
    ui.downloads.replaceChildren(...links);
    return;
  }
  const buttons = GRAPH_FORMAT_NAMES.map((format) =>
    h(
      'button',
      {
        type: 'button',
        'data-format': format,
        title: `Download the drawn nodes and edges (filters applied) as ${GRAPH_FORMATS[format].title}`,
        onclick: () => cy.nodes().nonempty() && downloadGraph(cy, format, downloadStem(), state.truncated),
      },
      GRAPH_FORMATS[format].title,
    ),
  );
  buttons.push(
    h(
      'button',
      {
        type: 'button',
        'data-format': 'PNG',
        title: 'Download a picture of the drawing',
        onclick: () => cy.nodes().nonempty() && downloadPng(cy, downloadStem()),
      },
      'PNG image',
    ),
  );
  ui.downloads.replaceChildren(...buttons);
}

/** Fetches the map file so a server error shows here instead of as a broken download. */
async function downloadMap(format: GraphFormatName): Promise<void> {
  const url = mapExportUrl(exportMapPath, state.map, state.filters, format);
  await withBusy('Preparing the download…', async () => {
    const response = await fetch(url, { credentials: 'same-origin' });
    if (!response.ok) {
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      throw new Error(`Download failed: ${body?.error?.message ?? `HTTP ${response.status}`}`);
    }
    const disposition = response.headers.get('content-disposition') ?? '';
    const name =
      /filename="([^"]+)"/.exec(disposition)?.[1] ?? `${downloadStem()}.${GRAPH_FORMATS[format].fileExtension}`;
    saveBlob(await response.blob(), name);
  });
}

// ---------------------------------------------------------------- search

let searchTimer: ReturnType<typeof setTimeout> | undefined;
let searchToken = 0;
let activeIndex = -1;
let hits: ApiHit[] = [];
let autocompleteMissing = false;

function hitLabel(hit: ApiHit): string {
  return hit.node.title ?? hit.node.name ?? hit.node.id;
}

async function fetchHits(prefix: string, only?: string[]): Promise<ApiHit[]> {
  const types = only ?? Object.keys(ENTITY_STYLES).filter((type) => !state.hiddenTypes.has(type));
  const variables = { prefix, types, first: 10 };
  if (!autocompleteMissing && !looksLikeIdentifier(prefix)) {
    try {
      const completions = (await gql<{ hits: ApiHit[] }>(AUTOCOMPLETE_QUERY, variables)).hits;
      // No prefix match (e.g. several words typed): fall back to full-text search.
      if (completions.length > 0) return completions;
    } catch (error) {
      const missing =
        error instanceof GraphQLRequestError &&
        error.errors.some((e) => /autocomplete/.test(e.message) && /Cannot query field/.test(e.message));
      if (!missing) throw error;
      autocompleteMissing = true;
    }
  }
  const lookup = only ? null : identifierLookup(prefix);
  const [exact, found] = await Promise.all([
    lookup
      ? gql<{ article: ApiHit['node'] | null }>(ARTICLE_BY_IDENTIFIER_QUERY, lookup).then(
          (data) => data.article,
          () => null,
        )
      : Promise.resolve(null),
    gql<{ hits: ApiHit[] }>(SEARCH_QUERY, variables).then((data) => data.hits),
  ]);
  // The article the identifier names comes first, then whatever else the search found.
  return exact
    ? [
        { type: 'ARTICLE', score: Number.POSITIVE_INFINITY, node: exact },
        ...found.filter((hit) => hit.node.id !== exact.id),
      ]
    : found;
}

function closeResults(): void {
  ui.searchResults.hidden = true;
  ui.searchInput.setAttribute('aria-expanded', 'false');
  ui.searchInput.removeAttribute('aria-activedescendant');
  activeIndex = -1;
}

function renderResults(message?: string): void {
  const items = hits.map((hit, index) => {
    const style = entityStyle(hit.type);
    const extra = hit.node.year ? ` (${hit.node.year})` : hit.node.city ? ` — ${hit.node.city}` : '';
    return h(
      'li',
      {
        role: 'option',
        id: `hit-${index}`,
        class: `${index === activeIndex ? 'active' : ''}${hit.node.referenceOnly ? ' reference-only' : ''}`,
        'aria-selected': index === activeIndex ? 'true' : 'false',
        'data-id': hit.node.id,
        'data-type': hit.type,
      },
      h('span', { class: 'type-badge', style: `--type-color:${style.color}` }, style.title),
      h('span', { class: 'hit-label' }, hitLabel(hit), h('span', { class: 'muted' }, extra)),
      hit.node.referenceOnly
        ? h(
            'span',
            { class: 'ref-only-tag', title: 'Known only from reference lists: no record of its own' },
            REFERENCE_ONLY_NOTE,
          )
        : null,
    );
  });
  if (!items.length)
    items.push(h('li', { class: 'muted empty', role: 'option', 'aria-disabled': 'true' }, message ?? 'No matches'));
  ui.searchResults.replaceChildren(...items);
  ui.searchResults.hidden = false;
  ui.searchInput.setAttribute('aria-expanded', 'true');
}

function pick(hit: ApiHit | undefined): void {
  if (!hit) return;
  ui.searchInput.value = hitLabel(hit);
  closeResults();
  void openEntity(hit.node.id);
}

ui.searchInput.addEventListener('input', () => {
  const prefix = ui.searchInput.value.trim();
  clearTimeout(searchTimer);
  if (prefix.length < 2) {
    closeResults();
    return;
  }
  searchTimer = setTimeout(async () => {
    const token = ++searchToken;
    try {
      const found = await fetchHits(prefix);
      if (token !== searchToken) return;
      hits = found;
      activeIndex = hits.length ? 0 : -1;
      renderResults();
    } catch (error) {
      if (token !== searchToken) return;
      hits = [];
      renderResults(`Search failed: ${errorText(error)}`);
    }
  }, 180);
});

ui.searchInput.addEventListener('keydown', (event) => {
  if (ui.searchResults.hidden) return;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    if (!hits.length) return;
    activeIndex = (activeIndex + (event.key === 'ArrowDown' ? 1 : -1) + hits.length) % hits.length;
    renderResults();
    ui.searchInput.setAttribute('aria-activedescendant', `hit-${activeIndex}`);
  } else if (event.key === 'Enter') {
    event.preventDefault();
    pick(hits[activeIndex]);
  } else if (event.key === 'Escape') {
    closeResults();
  }
});

ui.searchResults.addEventListener('mousedown', (event) => {
  const item = (event.target as HTMLElement).closest('li[data-id]');
  if (!item) return;
  event.preventDefault();
  pick(hits.find((hit) => hit.node.id === item.getAttribute('data-id')));
});
ui.searchInput.addEventListener('blur', () => setTimeout(closeResults, 150));

// ---------------------------------------------------------------- controls

ui.depth.addEventListener('change', () => {
  if (state.mode === 'graph' && state.rootId) void reopenKeepingExpansions();
});
$('fit').addEventListener('click', () => fitVisible());
$('relayout').addEventListener(
  'click',
  () => void runLayout({ expandedFrom: state.rootId ? cy.getElementById(state.rootId) : undefined }),
);
$('reset').addEventListener('click', () => {
  if (state.mode === 'map') void drawMap();
  else if (state.mode === 'path' && state.path) void findPath(state.path, { pushHistory: false });
  else if (state.rootId) void openEntity(state.rootId, { pushHistory: false });
});

window.addEventListener('popstate', () => void openFromUrl());

/**
 * Rebuilds the view the URL describes: the filters; then the map, the path, or the centre at its
 * depth and limit with each expanded node in order, the hidden types and the selected node.
 */
async function openFromUrl(): Promise<void> {
  const view = readViewState(new URLSearchParams(window.location.search));
  ui.depth.value = String(view.depth);
  state.hiddenTypes = new Set(view.hidden);
  state.filters = view.filters;
  state.map = view.map;
  fillPanel(view.filters);
  fillMapForm();
  state.restoring = true;
  try {
    await refreshMatching();
    void listFilteredArticles();
    if (view.mode === 'map') {
      state.mode = 'graph';
      state.restoring = false;
      await enterMapMode();
      state.restoring = true;
      if (view.selected && cy.getElementById(view.selected).nonempty()) {
        select(view.selected);
        await showDetails(view.selected);
      }
    } else if (view.mode === 'path' && view.path) {
      ui.pathFrom.value = view.path.from;
      ui.pathTo.value = view.path.to;
      ui.pathCitations.checked = view.path.citations;
      await findPath(view.path, { pushHistory: false });
    } else {
      syncModeUi();
      if (!view.id) return;
      state.rootLimit = view.limit;
      await openEntity(view.id, { pushHistory: false, keepLimit: true });
      for (const id of view.expanded) {
        const node = cy.getElementById(id);
        if (node.nonempty()) await expandNode(node);
      }
      const selected = view.selected && cy.getElementById(view.selected).nonempty() ? view.selected : state.rootId;
      select(selected);
      if (selected && selected !== state.rootId) await showDetails(selected);
    }
  } finally {
    state.restoring = false;
  }
  saveView('replace');
  ui.status.dataset.restored = 'true';
}

function buildSuggestions(): void {
  ui.suggestions.replaceChildren(
    ...config.suggestions.map((suggestion) =>
      h(
        'li',
        {},
        h(
          'button',
          {
            type: 'button',
            class: 'ref',
            style: `--type-color:${entityStyle(suggestion.type).color}`,
            'data-id': suggestion.id,
            onclick: () => void openEntity(suggestion.id),
          },
          h(
            'span',
            { class: 'type-badge', style: `--type-color:${entityStyle(suggestion.type).color}` },
            entityStyle(suggestion.type).title,
          ),
          ` ${suggestion.label}`,
        ),
      ),
    ),
  );
}

// On a narrow screen the legend and the filters start folded, leaving the room to the drawing and the details.
if (window.matchMedia('(max-width: 760px)').matches) {
  ui.legendBox.open = false;
  ui.filterPanel.open = false;
}
buildLegend();
buildDownloads();
buildSuggestions();
setStatus('idle');
void loadCapabilities().then(() => openFromUrl());
