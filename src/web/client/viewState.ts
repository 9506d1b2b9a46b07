/**
 * The explorer's view as URL query parameters, so a link reopens the same picture: which view
 * (neighbourhood graph, science map or path), the centre, the depth and node limit, the nodes
 * expanded (in order), the hidden node and relationship types, the selected node, the shared
 * filters (filters.ts), the map's settings and the path's ends. Pure functions over
 * URLSearchParams, unit-tested.
 */
import {
  DEFAULT_MAP_SETTINGS,
  NO_FILTERS,
  readFilters,
  writeFilters,
  type ExplorerFilters,
  type MapSettings,
} from './filters.ts';
import type { ColourBy, SizeBy } from './mapStyle.ts';

/** The neighbourhood drawing, the science map, or a path between two nodes. */
export type ViewMode = 'graph' | 'map' | 'path';

/** The map's settings and how it is drawn. */
export type MapView = MapSettings & { sizeBy: SizeBy; colourBy: ColourBy };

/** The two ends of a path, and whether only citations may link them. */
export type PathView = { from: string; to: string; citations: boolean };

export type ViewState = {
  mode: ViewMode;
  id: string | null;
  depth: number;
  /** Most nodes of the centre's neighbourhood ("show more" raises it). */
  limit: number;
  expanded: string[];
  hidden: string[];
  selected: string | null;
  filters: ExplorerFilters;
  map: MapView;
  path: PathView | null;
};

/** The neighbourhood limit a view starts with. */
export const DEFAULT_LIMIT = 200;
/** The API's largest neighbourhood. */
export const MAX_LIMIT = 1000;

/** The map view a view starts with. */
export const DEFAULT_MAP_VIEW: MapView = { ...DEFAULT_MAP_SETTINGS, sizeBy: 'weight', colourBy: 'cluster' };

/** A view with nothing in it. */
export const EMPTY_VIEW: ViewState = {
  mode: 'graph',
  id: null,
  depth: 1,
  limit: DEFAULT_LIMIT,
  expanded: [],
  hidden: [],
  selected: null,
  filters: NO_FILTERS,
  map: DEFAULT_MAP_VIEW,
  path: null,
};

const VIEW_KEYS = [
  'view',
  'id',
  'depth',
  'limit',
  'expand',
  'hide',
  'select',
  'year',
  'kind',
  'norm',
  'min',
  'nodes',
  'size',
  'colour',
  'pathFrom',
  'pathTo',
  'cites',
];

/** Ids can hold commas and spaces: lists are repeated parameters, not joined strings. */
export function writeViewState(view: ViewState, params = new URLSearchParams()): URLSearchParams {
  for (const key of VIEW_KEYS) params.delete(key);
  writeFilters(view.filters, params);
  if (view.mode !== 'graph') params.set('view', view.mode);
  if (view.mode === 'map') {
    const map = view.map;
    params.set('kind', map.kind);
    if (map.normalization !== DEFAULT_MAP_VIEW.normalization) params.set('norm', map.normalization);
    if (map.minStrength !== DEFAULT_MAP_VIEW.minStrength) params.set('min', String(map.minStrength));
    if (map.limit !== DEFAULT_MAP_VIEW.limit) params.set('nodes', String(map.limit));
    if (map.sizeBy !== DEFAULT_MAP_VIEW.sizeBy) params.set('size', map.sizeBy);
    if (map.colourBy !== DEFAULT_MAP_VIEW.colourBy) params.set('colour', map.colourBy);
    if (view.selected) params.set('select', view.selected);
    return params;
  }
  if (view.mode === 'path' && view.path) {
    params.set('pathFrom', view.path.from);
    params.set('pathTo', view.path.to);
    if (view.path.citations) params.set('cites', '1');
    if (view.selected) params.set('select', view.selected);
    return params;
  }
  if (!view.id) return params;
  params.set('id', view.id);
  params.set('depth', String(view.depth));
  if (view.limit !== DEFAULT_LIMIT) params.set('limit', String(view.limit));
  for (const id of view.expanded) params.append('expand', id);
  for (const type of view.hidden) params.append('hide', type);
  if (view.selected && view.selected !== view.id) params.set('select', view.selected);
  return params;
}

function intParam(params: URLSearchParams, name: string, min: number, max: number): number | null {
  const value = Number(params.get(name));
  return params.has(name) && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

/** Reads a view from query parameters; anything malformed falls back to the default. */
export function readViewState(params: URLSearchParams, depths: readonly number[] = [1, 2, 3]): ViewState {
  const depth = Number(params.get('depth'));
  const mode = params.get('view');
  const from = params.get('pathFrom');
  const to = params.get('pathTo');
  const path = from && to ? { from, to, citations: params.get('cites') === '1' } : null;
  const size = params.get('size');
  const colour = params.get('colour');
  return {
    mode: mode === 'map' ? 'map' : mode === 'path' && path ? 'path' : 'graph',
    id: params.get('id') || null,
    depth: depths.includes(depth) ? depth : 1,
    limit: intParam(params, 'limit', 1, MAX_LIMIT) ?? DEFAULT_LIMIT,
    expanded: params.getAll('expand').filter(Boolean),
    hidden: params.getAll('hide').filter(Boolean),
    selected: params.get('select') || null,
    filters: readFilters(params),
    map: {
      kind: /^[A-Z_]+$/.test(params.get('kind') ?? '') ? params.get('kind')! : DEFAULT_MAP_VIEW.kind,
      normalization: /^[A-Z_]+$/.test(params.get('norm') ?? '') ? params.get('norm')! : DEFAULT_MAP_VIEW.normalization,
      minStrength: intParam(params, 'min', 1, 1000) ?? DEFAULT_MAP_VIEW.minStrength,
      limit: intParam(params, 'nodes', 1, 1000) ?? DEFAULT_MAP_VIEW.limit,
      sizeBy: size === 'citations' ? 'citations' : 'weight',
      colourBy: colour === 'year' ? 'year' : 'cluster',
    },
    path,
  };
}
