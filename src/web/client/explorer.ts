/**
 * Graph explorer entry: search/autocomplete -> an entity's neighbourhood
 * drawn with Cytoscape.js; click a node to expand its neighbours and show
 * its details; filter by type and depth; download what is shown. Talks to
 * the service only through the public GraphQL API.
 */
import './explorer.css';
import cytoscape from 'cytoscape';
import { ENTITY_STYLES, entityStyle, FALLBACK_RELATION_STYLE, RELATION_STYLES } from '../../export/entityStyles.ts';
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from '../../export/graphFormats.ts';
import type { ExplorerConfig } from '../pages.ts';
import { articleRefs, renderDetails, yearHistogram } from './detailsPanel.ts';
import { h } from './dom.ts';
import { downloadGraph, downloadPng } from './downloads.ts';
import {
  AUTOCOMPLETE_QUERY,
  DETAILS_QUERY,
  NEIGHBORHOOD_QUERY,
  SEARCH_QUERY,
  YEAR_ARTICLES_QUERY,
  YEAR_FACETS_QUERY,
  type ApiArticleList,
  type ApiDetails,
  type ApiGraph,
  type ApiHit,
  type ApiYearBucket,
} from './explorerQueries.ts';
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
import { labelBoxes, LABEL_SIDES, placeLabels, type LabelCandidate } from './labelPlacement.ts';
import { readPageConfig } from './pageConfig.ts';
import { readViewState, writeViewState } from './viewState.ts';

const ROOT_LIMIT = 200;
const EXPAND_LIMIT = 60;
const MAX_FIT_ZOOM = 1.3;

const config = readPageConfig<ExplorerConfig>();
const gql = createGraphQLClient(config.graphqlPath, { sendToken: config.readTokensRequired, importPath: config.importPath });

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

const ui = {
  searchInput: $<HTMLInputElement>('search-input'),
  searchResults: $<HTMLUListElement>('search-results'),
  depth: $<HTMLSelectElement>('depth'),
  legend: $('legend-body'),
  legendBox: $<HTMLDetailsElement>('legend'),
  tooltip: $('tooltip'),
  status: $('graph-status'),
  details: $('details'),
  empty: $('empty-state'),
  suggestions: $('suggestions'),
  downloads: $('download-buttons'),
};

const state = {
  rootId: null as string | null,
  /** Hidden entity types and relationship types (one namespace: the names never collide). */
  hiddenTypes: new Set<string>(),
  /** Expanded nodes in the order they were expanded (the root first), for the URL. */
  expanded: new Set<string>(),
  selected: null as string | null,
  /** Year filter of the histogram; null for all years. */
  year: null as number | null,
  /** True when a node limit cut any neighbourhood drawn (downloads say so). */
  truncated: false,
  /** The entity whose details (and histogram) are shown. */
  detailsEntity: null as { id: string; type: 'AUTHOR' | 'TOPIC' | string } | null,
  busy: 0,
  detailsToken: 0,
  restoring: false,
};

const cy = cytoscape({
  container: $('cy'),
  style: explorerStylesheet(),
  minZoom: 0.15,
  maxZoom: 3,
  wheelSensitivity: 0.3,
  boxSelectionEnabled: false,
  selectionType: 'single',
});

// Handle for tests and debugging in the console.
(window as unknown as { __explorer: unknown }).__explorer = { cy, state };

// ---------------------------------------------------------------- status

function setStatus(kind: 'idle' | 'loading' | 'ready' | 'error', message?: string): void {
  const visible = cy.nodes().not('.filtered');
  const nodes = visible.length;
  const edges = visible.edgesWith(visible).length;
  ui.status.dataset.state = kind;
  ui.status.dataset.nodes = String(nodes);
  ui.status.dataset.edges = String(edges);
  ui.status.classList.toggle('error', kind === 'error');
  if (kind === 'loading') ui.status.textContent = message ?? 'Loading…';
  else if (kind === 'error') ui.status.textContent = message ?? 'Something went wrong';
  else ui.status.textContent = cy.nodes().length ? `${nodes} nodes · ${edges} edges${message ? ` — ${message}` : ''}` : '';
  ui.empty.hidden = cy.nodes().length > 0;
  updateLegendCounts();
}

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
    setStatus('error', error instanceof Error ? error.message : String(error));
    console.error(error);
    return undefined;
  }
}

// ---------------------------------------------------------------- graph

function elementsOf(graph: ApiGraph): cytoscape.ElementDefinition[] {
  const nodes: cytoscape.ElementDefinition[] = graph.nodes
    .filter((node) => cy.getElementById(node.id).empty())
    .map((node) => ({
      group: 'nodes',
      data: { id: node.id, type: node.type, label: node.label, short: shortLabel(node.label), props: node.properties ?? {}, year: node.properties?.year ?? null,
        // In-graph citations size an article (graphStyle.ts); a reference-only article is drawn hollow.
        citations: typeof node.properties?.citations === 'number' ? node.properties.citations : 0, referenceOnly: node.properties?.referenceOnly === true },
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

function runLayout(options: { expandedFrom?: cytoscape.NodeSingular } = {}): Promise<void> {
  const visible = cy.elements().not('.filtered');
  const root = state.rootId ? cy.getElementById(state.rootId) : cy.collection();
  let layoutOptions: cytoscape.LayoutOptions;
  if (!options.expandedFrom && root.nonempty() && cy.nodes().length <= 80) {
    const levels = new Map<string, number>();
    cy.elements().bfs({ roots: root, visit: (node, _edge, _prev, _i, depth) => void levels.set(node.id(), depth), directed: false });
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
      nodeDimensionsIncludeLabels: true,
      idealEdgeLength: () => 120,
      nodeRepulsion: () => 12000,
      numIter: 1500,
    } as cytoscape.LayoutOptions;
  }
  return new Promise((resolve) => {
    const layout = visible.layout(layoutOptions);
    layout.one('layoutstop', () => {
      // A few nodes fitted to a big canvas would be drawn huge: cap the zoom.
      if (cy.zoom() > MAX_FIT_ZOOM) {
        cy.zoom(MAX_FIT_ZOOM);
        cy.center(visible);
      }
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

/** Draws an entity's neighbourhood from scratch as the new centre (a name or an id in any case works too). */
async function openEntity(id: string, options: { pushHistory?: boolean } = {}): Promise<void> {
  const depth = Number(ui.depth.value) || 1;
  let rootId: string | null = null;
  await withBusy('Loading neighbourhood…', async () => {
    const graph = await fetchNeighborhood(id, depth, ROOT_LIMIT);
    // The centre comes first; its id is the canonical one even when a name or another case was given.
    rootId = graph.nodes[0]?.id ?? null;
    if (!rootId) throw new Error(`Nothing found for "${id}"`);
    cy.elements().remove();
    state.expanded.clear();
    state.truncated = Boolean(graph.truncated);
    state.rootId = rootId;
    state.year = null;
    cy.add(elementsOf(graph));
    markRoot(rootId);
    state.expanded.add(rootId);
    cy.getElementById(rootId).addClass('expanded');
    await runLayout();
    select(rootId);
  });
  if (!rootId) return;
  if (options.pushHistory !== false) saveView('push');
  void showDetails(rootId);
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
  if (state.restoring || !state.rootId) return;
  const url = new URL(window.location.href);
  writeViewState(
    {
      id: state.rootId,
      depth: Number(ui.depth.value) || 1,
      expanded: [...state.expanded].filter((id) => id !== state.rootId),
      hidden: [...state.hiddenTypes],
      selected: state.selected,
      year: state.year,
    },
    url.searchParams,
  );
  if (url.href === window.location.href) return;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
}

/** Adds a node's direct neighbours to the drawing. */
async function expandNode(node: cytoscape.NodeSingular): Promise<void> {
  const id = node.id();
  if (state.expanded.has(id)) return;
  state.expanded.add(id);
  node.addClass('loading');
  let added = 0;
  const ok = await withBusy(`Expanding ${shortLabel(String(node.data('label')), 30)}…`, async () => {
    const graph = await fetchNeighborhood(id, 1, EXPAND_LIMIT);
    const definitions = elementsOf(graph);
    const center = node.position();
    const newNodes = definitions.filter((d) => d.group === 'nodes');
    newNodes.forEach((definition, index) => {
      const angle = (2 * Math.PI * index) / Math.max(1, newNodes.length);
      definition.position = { x: center.x + 140 * Math.cos(angle), y: center.y + 140 * Math.sin(angle) };
    });
    cy.add(definitions);
    added = newNodes.length;
    node.removeClass('loading').addClass('expanded');
    if (added > 0) await runLayout({ expandedFrom: node });
    return true;
  });
  node.removeClass('loading');
  if (!ok) {
    state.expanded.delete(id);
    return;
  }
  applyYearFilter();
  setStatus('ready', added ? `+${added} from ${shortLabel(String(node.data('label')), 30)}` : 'no new neighbours');
  saveView('replace');
}

// ---------------------------------------------------------------- details

async function showDetails(id: string): Promise<void> {
  const token = ++state.detailsToken;
  ui.details.replaceChildren(h('p', { class: 'muted' }, 'Loading details…'));
  try {
    const data = await gql<{ node: ApiDetails | null }>(DETAILS_QUERY, { id });
    if (token !== state.detailsToken) return;
    if (!data.node) {
      state.detailsEntity = null;
      ui.details.replaceChildren(h('p', { class: 'muted' }, 'This entity no longer exists.'));
      return;
    }
    const type = data.node.__typename === 'Author' ? 'AUTHOR' : data.node.__typename === 'Topic' ? 'TOPIC' : data.node.__typename.toUpperCase();
    state.detailsEntity = { id: data.node.id, type };
    ui.details.replaceChildren(renderDetails(data.node, detailsActions));
    if (type === 'AUTHOR' || type === 'TOPIC') await showYears(token);
  } catch (error) {
    if (token !== state.detailsToken) return;
    ui.details.replaceChildren(h('p', { class: 'error' }, `Could not load details: ${error instanceof Error ? error.message : String(error)}`));
  }
}

const detailsActions = { open: (target: string) => void openEntity(target) };

/** The article filter of the entity in the details panel (a topic or an author), by id. */
function entityFilter(): Record<string, unknown> | null {
  const entity = state.detailsEntity;
  if (!entity) return null;
  return entity.type === 'TOPIC' ? { topic: entity.id } : entity.type === 'AUTHOR' ? { author: entity.id } : null;
}

/** Fills the details panel's year histogram (and, with a year filter, its article list). */
async function showYears(token: number): Promise<void> {
  const filter = entityFilter();
  const slot = ui.details.querySelector<HTMLElement>('[data-slot="years"]');
  if (!filter || !slot) return;
  const data = await gql<{ facets: ApiYearBucket[] }>(YEAR_FACETS_QUERY, { filter });
  if (token !== state.detailsToken) return;
  const histogram = yearHistogram(data.facets, state.year, (year) => void setYear(year));
  slot.replaceWith(histogram ?? h('div', { 'data-slot': 'years' }));
  if (state.year !== null) await showYearArticles(token);
}

/** Replaces the details panel's article list with the articles of the selected year (or all). */
async function showYearArticles(token: number): Promise<void> {
  const filter = entityFilter();
  const slot = ui.details.querySelector<HTMLElement>('[data-slot="articles"]');
  if (!filter || !slot) return;
  const yearFilter = state.year === null ? filter : { ...filter, yearFrom: state.year, yearTo: state.year };
  const data = await gql<{ articles: ApiArticleList }>(YEAR_ARTICLES_QUERY, { filter: yearFilter });
  if (token !== state.detailsToken) return;
  slot.replaceWith(articleRefs(detailsActions, data.articles, state.year));
}

/** Sets or clears the year filter: the histogram, the article list, the drawing and the URL follow. */
async function setYear(year: number | null): Promise<void> {
  state.year = year;
  applyYearFilter();
  saveView('replace');
  const token = state.detailsToken;
  const histogram = ui.details.querySelector<HTMLElement>('[data-slot="years"]');
  if (histogram) histogram.replaceWith(h('div', { 'data-slot': 'years' }));
  await showYears(token);
  if (year === null) await showYearArticles(token);
}

/** Fades the articles of other years (and their edges) while a year is picked. */
function applyYearFilter(): void {
  cy.batch(() => {
    cy.elements().removeClass('faded');
    if (state.year === null) return;
    const others = cy.nodes('[type = "ARTICLE"]').filter((node) => node.data('year') !== state.year);
    others.addClass('faded');
    others.connectedEdges().addClass('faded');
  });
  refreshLabels();
  ui.status.dataset.year = state.year === null ? '' : String(state.year);
}

// ---------------------------------------------------------------- labels and tooltip

const measureContext = document.createElement('canvas').getContext('2d');

/** Width and line count of a label as drawn at LABEL_PX, wrapping at `wrap` pixels (word by word, like Cytoscape). */
function measureLabel(text: string, options: { bold: boolean; wrap: number }): { width: number; lines: number } {
  if (!measureContext) return { width: Math.min(text.length * 7, options.wrap), lines: Math.ceil((text.length * 7) / options.wrap) };
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

/**
 * Chooses which nodes carry a label, at one screen size whatever the zoom: the centre and the
 * selected node always, then by importance (expanded, most connected, type) while their label
 * boxes do not overlap. Zooming in makes room, so more labels appear; hovering shows any node's
 * full title in the tooltip.
 */
function refreshLabels(): void {
  const zoom = cy.zoom();
  cy.style().fromJson(explorerStylesheet(zoom)).update();
  const extent = { x1: 0, y1: 0, x2: cy.width(), y2: cy.height() };
  const candidates: LabelCandidate[] = [];
  cy.nodes().forEach((node) => {
    if (node.hasClass('filtered') || node.hasClass('faded')) return;
    const position = node.renderedPosition();
    const selected = node.selected();
    const text = measureLabel(String(node.data(selected ? 'label' : 'short')), { bold: selected, wrap: selected ? FOCUS_LABEL_MAX_WIDTH_PX : LABEL_MAX_WIDTH_PX });
    const half = (nodeSize(String(node.data('type'))) * zoom) / 2;
    candidates.push({
      id: node.id(),
      forced: node.hasClass('root') || node.selected(),
      importance: (node.hasClass('expanded') ? 100 : 0) + node.degree(false) * 4 + (TYPE_WEIGHT[String(node.data('type'))] ?? 0),
      boxes: labelBoxes({ x: position.x, y: position.y, halfWidth: half, halfHeight: half }, text, LABEL_LINE_PX, LABEL_MARGIN_PX),
    });
  });
  const bodies = cy.nodes().not('.filtered').map((node) => {
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
}

/** Panels drawn over the canvas (legend, tools, status), in canvas pixels: labels stay clear of them. */
function overlayBoxes(): { id: string; box: { x1: number; y1: number; x2: number; y2: number } }[] {
  const canvas = cy.container()!.getBoundingClientRect();
  return [ui.legendBox, $('canvas-tools'), ui.status]
    .filter((element) => element.offsetParent !== null && element.offsetWidth > 0)
    .map((element, i) => {
      const r = element.getBoundingClientRect();
      return { id: `overlay-${i}`, box: { x1: r.left - canvas.left, y1: r.top - canvas.top, x2: r.right - canvas.left, y2: r.bottom - canvas.top } };
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

cy.on('tap', 'node', (event) => {
  const node = event.target as cytoscape.NodeSingular;
  select(node.id());
  saveView('replace');
  void showDetails(node.id());
  void expandNode(node);
});
cy.on('tap', (event) => {
  if (event.target === cy) hideTooltip();
});
cy.on('mouseover', 'node', (event) => {
  const node = event.target as cytoscape.NodeSingular;
  node.addClass('hover');
  $('cy').style.cursor = 'pointer';
  const style = entityStyle(String(node.data('type')));
  const year = node.data('year');
  showTooltip(node, [
    h('span', { class: 'type-badge', style: `--type-color:${style.color}` }, style.title),
    h('strong', { class: 'tooltip-title' }, String(node.data('label'))),
    year ? h('span', { class: 'muted' }, ` (${year})`) : null,
    h('span', { class: 'tooltip-hint' }, state.expanded.has(node.id()) ? 'Click for details' : 'Click to expand and see details'),
  ].filter((part): part is HTMLElement => part !== null));
});
cy.on('mouseout', 'node', (event) => {
  (event.target as cytoscape.NodeSingular).removeClass('hover');
  $('cy').style.cursor = '';
  hideTooltip();
});
cy.on('mouseover', 'edge', (event) => {
  const edge = event.target as cytoscape.EdgeSingular;
  edge.addClass('hover');
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
$('cy').addEventListener('mouseleave', () => {
  hideTooltip();
  cy.elements('.hover').removeClass('hover');
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
  for (const [name, value] of Object.entries({ x1: '1', y1: '5', x2: '26', y2: '5', stroke: color, 'stroke-width': '2.2' })) line.setAttribute(name, value);
  if (dash === 'dashed') line.setAttribute('stroke-dasharray', '6 3');
  if (dash === 'dotted') line.setAttribute('stroke-dasharray', '1.5 2.5');
  const arrow = document.createElementNS(ns, 'path');
  arrow.setAttribute('d', 'M26 1 L33 5 L26 9 Z');
  arrow.setAttribute('fill', color);
  svg.append(line, arrow);
  return svg;
}

function buildLegend(): void {
  const items = Object.entries(ENTITY_STYLES).map(([type, style]) => {
    const count = h('span', { class: 'count' }, '');
    legendCounts.set(type, count);
    const checkbox = h('input', { type: 'checkbox', checked: !state.hiddenTypes.has(type), 'data-type': type, 'aria-label': `Show ${style.title} nodes` });
    checkbox.addEventListener('change', () => setHidden(type, !checkbox.checked, `node[type = "${type}"]`));
    return h('label', { class: 'legend-item', title: `Show or hide ${style.title.toLowerCase()} nodes` }, checkbox, h('span', { class: `swatch shape-${style.shape}`, style: `--type-color:${style.color}` }), h('span', { class: 'legend-title' }, style.title), count);
  });
  const relations = Object.entries(RELATION_STYLES).map(([type, style]) => {
    const count = h('span', { class: 'count' }, '');
    legendCounts.set(type, count);
    const checkbox = h('input', { type: 'checkbox', checked: !state.hiddenTypes.has(type), 'data-relation': type, 'aria-label': `Show ${style.title} edges` });
    checkbox.addEventListener('change', () => setHidden(type, !checkbox.checked, `edge[type = "${type}"]`));
    const row = h('label', { class: 'legend-item relation', 'data-relation': type, title: `${type}: show or hide these edges` }, checkbox);
    row.append(relationSample(style.color, style.dash), h('span', { class: 'legend-title' }, style.title), count);
    relationRows.set(type, row);
    return row;
  });
  ui.legend.replaceChildren(h('div', { class: 'legend-heading' }, 'Nodes'), ...items, h('div', { class: 'legend-heading' }, 'Edges'), ...relations);
}

function updateLegendCounts(): void {
  for (const [type, element] of legendCounts) {
    const relation = relationRows.get(type);
    const count = relation ? cy.edges(`[type = "${type}"]`).length : cy.nodes(`[type = "${type}"]`).length;
    element.textContent = count ? String(count) : '';
    // Relations absent from the drawing stay out of the way (unless hidden, so they can be shown again).
    if (relation) relation.hidden = count === 0 && !state.hiddenTypes.has(type);
  }
}

// ---------------------------------------------------------------- downloads

function downloadStem(): string {
  const root = state.rootId ? cy.getElementById(state.rootId) : cy.collection();
  const label = root.nonempty() ? String(root.data('label')) : 'graph';
  const slug = label.normalize('NFKD').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'graph';
  return `explore-${slug}`;
}

function buildDownloads(): void {
  const buttons = GRAPH_FORMAT_NAMES.map((format) =>
    h('button', { type: 'button', 'data-format': format, title: `Download the drawn nodes and edges as ${GRAPH_FORMATS[format].title}`, onclick: () => cy.nodes().nonempty() && downloadGraph(cy, format, downloadStem(), state.truncated) }, GRAPH_FORMATS[format].title),
  );
  buttons.push(h('button', { type: 'button', 'data-format': 'PNG', title: 'Download a picture of the drawing', onclick: () => cy.nodes().nonempty() && downloadPng(cy, downloadStem()) }, 'PNG image'));
  ui.downloads.replaceChildren(...buttons);
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

async function fetchHits(prefix: string): Promise<ApiHit[]> {
  const types = Object.keys(ENTITY_STYLES).filter((type) => !state.hiddenTypes.has(type));
  const variables = { prefix, types, first: 10 };
  if (!autocompleteMissing) {
    try {
      const completions = (await gql<{ hits: ApiHit[] }>(AUTOCOMPLETE_QUERY, variables)).hits;
      // No prefix match (e.g. several words typed): fall back to full-text search.
      if (completions.length > 0) return completions;
    } catch (error) {
      const missing = error instanceof GraphQLRequestError && error.errors.some((e) => /autocomplete/.test(e.message) && /Cannot query field/.test(e.message));
      if (!missing) throw error;
      autocompleteMissing = true;
    }
  }
  return (await gql<{ hits: ApiHit[] }>(SEARCH_QUERY, variables)).hits;
}

function closeResults(): void {
  ui.searchResults.hidden = true;
  ui.searchInput.setAttribute('aria-expanded', 'false');
  activeIndex = -1;
}

function renderResults(message?: string): void {
  const items = hits.map((hit, index) => {
    const style = entityStyle(hit.type);
    const extra = hit.node.year ? ` (${hit.node.year})` : hit.node.city ? ` — ${hit.node.city}` : '';
    return h(
      'li',
      { role: 'option', id: `hit-${index}`, class: index === activeIndex ? 'active' : '', 'aria-selected': index === activeIndex ? 'true' : 'false', 'data-id': hit.node.id, 'data-type': hit.type },
      h('span', { class: 'type-badge', style: `--type-color:${style.color}` }, style.title),
      h('span', { class: 'hit-label' }, hitLabel(hit), h('span', { class: 'muted' }, extra)),
    );
  });
  if (!items.length) items.push(h('li', { class: 'muted empty' }, message ?? 'No matches'));
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
      renderResults(`Search failed: ${error instanceof Error ? error.message : String(error)}`);
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
  if (state.rootId) void openEntity(state.rootId);
});
$('fit').addEventListener('click', () => cy.fit(undefined, 40));
$('relayout').addEventListener('click', () => void runLayout({ expandedFrom: state.rootId ? cy.getElementById(state.rootId) : undefined }));
$('reset').addEventListener('click', () => {
  if (state.rootId) void openEntity(state.rootId, { pushHistory: false });
});

window.addEventListener('popstate', () => void openFromUrl());

/**
 * Rebuilds the view the URL describes: the centre at its depth, then each expanded node in
 * order, the hidden types, the selected node and the year filter.
 */
async function openFromUrl(): Promise<void> {
  const view = readViewState(new URLSearchParams(window.location.search));
  ui.depth.value = String(view.depth);
  state.hiddenTypes = new Set(view.hidden);
  buildLegend();
  if (!view.id) return;
  state.restoring = true;
  try {
    await openEntity(view.id, { pushHistory: false });
    for (const id of view.expanded) {
      const node = cy.getElementById(id);
      if (node.nonempty()) await expandNode(node);
    }
    const selected = view.selected && cy.getElementById(view.selected).nonempty() ? view.selected : state.rootId;
    select(selected);
    if (selected && selected !== state.rootId) await showDetails(selected);
    state.year = view.year;
    applyYearFilter();
    if (view.year !== null) {
      const token = state.detailsToken;
      await showYears(token);
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
          { type: 'button', class: 'ref', style: `--type-color:${entityStyle(suggestion.type).color}`, 'data-id': suggestion.id, onclick: () => void openEntity(suggestion.id) },
          h('span', { class: 'type-badge', style: `--type-color:${entityStyle(suggestion.type).color}` }, entityStyle(suggestion.type).title),
          ` ${suggestion.label}`,
        ),
      ),
    ),
  );
}

// On a narrow screen the legend starts folded, leaving the canvas to the graph.
if (window.matchMedia('(max-width: 760px)').matches) ui.legendBox.open = false;
buildLegend();
buildDownloads();
buildSuggestions();
setStatus('idle');
void openFromUrl();
