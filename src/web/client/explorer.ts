/**
 * Graph explorer entry: search/autocomplete -> an entity's neighbourhood
 * drawn with Cytoscape.js; click a node to expand its neighbours and show
 * its details; filter by type and depth; download what is shown. Talks to
 * the service only through the public GraphQL API.
 */
import './explorer.css';
import cytoscape from 'cytoscape';
import { ENTITY_STYLES, entityStyle } from '../../export/entityStyles.ts';
import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from '../../export/graphFormats.ts';
import type { ExplorerConfig } from '../pages.ts';
import { renderDetails } from './detailsPanel.ts';
import { h } from './dom.ts';
import { downloadGraph, downloadPng } from './downloads.ts';
import {
  AUTOCOMPLETE_QUERY,
  DETAILS_QUERY,
  NEIGHBORHOOD_QUERY,
  SEARCH_QUERY,
  type ApiDetails,
  type ApiGraph,
  type ApiHit,
} from './explorerQueries.ts';
import { createGraphQLClient, GraphQLRequestError } from './graphqlClient.ts';
import { explorerStylesheet, shortLabel } from './graphStyle.ts';
import { readPageConfig } from './pageConfig.ts';

const ROOT_LIMIT = 200;
const EXPAND_LIMIT = 60;
const MAX_FIT_ZOOM = 1.3;

const config = readPageConfig<ExplorerConfig>();
const gql = createGraphQLClient(config.graphqlPath);

const $ = <T extends HTMLElement>(id: string): T => {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing from the page`);
  return element as T;
};

const ui = {
  searchInput: $<HTMLInputElement>('search-input'),
  searchResults: $<HTMLUListElement>('search-results'),
  depth: $<HTMLSelectElement>('depth'),
  legend: $('legend'),
  status: $('graph-status'),
  details: $('details'),
  empty: $('empty-state'),
  suggestions: $('suggestions'),
  downloads: $('download-buttons'),
};

const state = {
  rootId: null as string | null,
  hiddenTypes: new Set<string>(),
  expanded: new Set<string>(),
  busy: 0,
  detailsToken: 0,
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
      data: { id: node.id, type: node.type, label: node.label, short: shortLabel(node.label), props: node.properties ?? {} },
      classes: state.hiddenTypes.has(node.type) ? 'filtered' : '',
    }));
  const edges: cytoscape.ElementDefinition[] = graph.edges
    .filter((edge) => cy.getElementById(edge.id).empty())
    .map((edge) => ({
      group: 'edges',
      data: { id: edge.id, source: edge.source, target: edge.target, type: edge.type, props: edge.properties ?? {} },
    }));
  return [...nodes, ...edges];
}

function fetchNeighborhood(id: string, depth: number, limit: number): Promise<ApiGraph> {
  return gql<{ neighborhood: ApiGraph }>(NEIGHBORHOOD_QUERY, { id, depth, limit }).then((data) => data.neighborhood);
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
      // Room for a wrapped label (text-max-width 150px) between ring neighbours.
      minNodeSpacing: 110,
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
      resolve();
    });
    layout.run();
  });
}

function markRoot(id: string): void {
  cy.nodes('.root').removeClass('root');
  cy.getElementById(id).addClass('root');
}

/** Draws an entity's neighbourhood from scratch as the new centre. */
async function openEntity(id: string, options: { pushHistory?: boolean } = {}): Promise<void> {
  const depth = Number(ui.depth.value) || 1;
  await withBusy('Loading neighbourhood…', async () => {
    const graph = await fetchNeighborhood(id, depth, ROOT_LIMIT);
    cy.elements().remove();
    state.expanded.clear();
    state.rootId = id;
    cy.add(elementsOf(graph));
    markRoot(id);
    state.expanded.add(id);
    cy.getElementById(id).addClass('expanded');
    await runLayout();
    cy.getElementById(id).select();
  });
  if (options.pushHistory !== false) {
    const url = new URL(window.location.href);
    url.searchParams.set('id', id);
    url.searchParams.set('depth', String(depth));
    window.history.pushState({ id, depth }, '', url);
  }
  void showDetails(id);
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
  setStatus('ready', added ? `+${added} from ${shortLabel(String(node.data('label')), 30)}` : 'no new neighbours');
}

// ---------------------------------------------------------------- details

async function showDetails(id: string): Promise<void> {
  const token = ++state.detailsToken;
  ui.details.replaceChildren(h('p', { class: 'muted' }, 'Loading details…'));
  try {
    const data = await gql<{ node: ApiDetails | null }>(DETAILS_QUERY, { id });
    if (token !== state.detailsToken) return;
    if (!data.node) {
      ui.details.replaceChildren(h('p', { class: 'muted' }, 'This entity no longer exists.'));
      return;
    }
    ui.details.replaceChildren(renderDetails(data.node, { open: (target) => void openEntity(target) }));
  } catch (error) {
    if (token !== state.detailsToken) return;
    ui.details.replaceChildren(h('p', { class: 'error' }, `Could not load details: ${error instanceof Error ? error.message : String(error)}`));
  }
}

cy.on('tap', 'node', (event) => {
  const node = event.target as cytoscape.NodeSingular;
  void showDetails(node.id());
  void expandNode(node);
});
cy.on('mouseover', 'edge', (event) => (event.target as cytoscape.EdgeSingular).addClass('hover'));
cy.on('mouseout', 'edge', (event) => (event.target as cytoscape.EdgeSingular).removeClass('hover'));
cy.on('mouseover', 'node', () => ($('cy').style.cursor = 'pointer'));
cy.on('mouseout', 'node', () => ($('cy').style.cursor = ''));

// ---------------------------------------------------------------- legend & type filter

const legendCounts = new Map<string, HTMLElement>();

function buildLegend(): void {
  const items = Object.entries(ENTITY_STYLES).map(([type, style]) => {
    const count = h('span', { class: 'count' }, '');
    legendCounts.set(type, count);
    const checkbox = h('input', { type: 'checkbox', checked: true, 'data-type': type, 'aria-label': `Show ${style.title} nodes` });
    checkbox.addEventListener('change', () => {
      if (checkbox.checked) state.hiddenTypes.delete(type);
      else state.hiddenTypes.add(type);
      cy.nodes(`[type = "${type}"]`).toggleClass('filtered', !checkbox.checked);
      setStatus('ready');
    });
    return h('label', { class: 'legend-item', title: `Show or hide ${style.title.toLowerCase()} nodes` }, checkbox, h('span', { class: `swatch shape-${style.shape}`, style: `--type-color:${style.color}` }), h('span', { class: 'legend-title' }, style.title), count);
  });
  ui.legend.replaceChildren(h('div', { class: 'legend-heading' }, 'Types'), ...items);
}

function updateLegendCounts(): void {
  for (const [type, element] of legendCounts) {
    const count = cy.nodes(`[type = "${type}"]`).length;
    element.textContent = count ? String(count) : '';
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
    h('button', { type: 'button', 'data-format': format, title: `Download the drawn nodes and edges as ${GRAPH_FORMATS[format].title}`, onclick: () => cy.nodes().nonempty() && downloadGraph(cy, format, downloadStem()) }, GRAPH_FORMATS[format].title),
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

function openFromUrl(): Promise<void> | undefined {
  const params = new URLSearchParams(window.location.search);
  const depth = params.get('depth');
  if (depth && Array.from(ui.depth.options).some((option) => option.value === depth)) ui.depth.value = depth;
  const id = params.get('id');
  return id ? openEntity(id, { pushHistory: false }) : undefined;
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

buildLegend();
buildDownloads();
buildSuggestions();
setStatus('idle');
void openFromUrl();
