/**
 * The explorer's view as URL query parameters, so a link reopens the same graph: the centre, the
 * depth, the nodes expanded (in order), the hidden node and relationship types, the selected node
 * and the year filter. Pure functions over URLSearchParams, unit-tested.
 */
export type ViewState = {
  id: string | null;
  depth: number;
  expanded: string[];
  hidden: string[];
  selected: string | null;
  year: number | null;
};

/** A view with nothing in it. */
export const EMPTY_VIEW: ViewState = { id: null, depth: 1, expanded: [], hidden: [], selected: null, year: null };

/** Ids can hold commas and spaces: lists are repeated parameters, not joined strings. */
export function writeViewState(view: ViewState, params = new URLSearchParams()): URLSearchParams {
  for (const key of ['id', 'depth', 'expand', 'hide', 'select', 'year']) params.delete(key);
  if (!view.id) return params;
  params.set('id', view.id);
  params.set('depth', String(view.depth));
  for (const id of view.expanded) params.append('expand', id);
  for (const type of view.hidden) params.append('hide', type);
  if (view.selected && view.selected !== view.id) params.set('select', view.selected);
  if (view.year !== null) params.set('year', String(view.year));
  return params;
}

/** Reads a view from query parameters; anything malformed falls back to the default. */
export function readViewState(params: URLSearchParams, depths: readonly number[] = [1, 2, 3]): ViewState {
  const depth = Number(params.get('depth'));
  const year = Number(params.get('year'));
  return {
    id: params.get('id') || null,
    depth: depths.includes(depth) ? depth : 1,
    expanded: params.getAll('expand').filter(Boolean),
    hidden: params.getAll('hide').filter(Boolean),
    selected: params.get('select') || null,
    year: params.has('year') && Number.isInteger(year) ? year : null,
  };
}
