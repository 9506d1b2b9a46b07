import type cytoscape from 'cytoscape';
import { ENTITY_STYLES, RELATION_STYLES } from '../../export/entityStyles.ts';

const NODE_SIZE: Readonly<Record<string, number>> = {
  ARTICLE: 30,
  JOURNAL: 26,
  INSTITUTION: 26,
  AUTHOR: 24,
  TOPIC: 26,
};

/** Label text size on screen, whatever the zoom (Sigma/Gephi Lite style: never tiny, shown by room). */
export const LABEL_PX = 12;
/** Screen width a label wraps at. */
export const LABEL_MAX_WIDTH_PX = 150;
/** Screen width the full label of the selected node wraps at. */
export const FOCUS_LABEL_MAX_WIDTH_PX = 260;
/** Screen line height of label text. */
export const LABEL_LINE_PX = 15;
/** Screen gap between a node and its label. */
export const LABEL_MARGIN_PX = 4;
/** The font labels are drawn in (also used to measure them). */
export const LABEL_FONT_FAMILY = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", sans-serif';

/** Shortens a label for drawing (the full label is in the tooltip, the selected node's label and the side panel). */
export function shortLabel(label: string, max = 40): string {
  const clean = label.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/** Node size in model units (the explorer measures labels against it). */
export function nodeSize(type: string): number {
  return NODE_SIZE[type] ?? 24;
}

/**
 * The Cytoscape.js stylesheet for a zoom level. Colour and shape per entity type and colour and
 * dash per relationship come from the tables the legend and the exports share. Label sizes are
 * divided by the zoom so that text is always LABEL_PX on screen; which nodes get a label at all
 * is decided by the explorer (class `labelled`, see labelPlacement.ts), so labels never overlap.
 */
export function explorerStylesheet(zoom = 1): cytoscape.StylesheetJson {
  const px = (value: number) => value / zoom;
  const byType: cytoscape.StylesheetJson = Object.entries(ENTITY_STYLES).map(([type, style]) => ({
    selector: `node[type = "${type}"]`,
    style: {
      'background-color': style.color,
      shape: style.shape as cytoscape.Css.NodeShape,
      width: nodeSize(type),
      height: nodeSize(type),
    },
  }));
  const byRelation: cytoscape.StylesheetJson = Object.entries(RELATION_STYLES).map(([type, style]) => ({
    selector: `edge[type = "${type}"]`,
    style: { 'line-color': style.color, 'target-arrow-color': style.color, 'line-style': style.dash },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: '',
        'background-color': '#7a7f87',
        'border-width': 2,
        'border-color': '#ffffff',
        color: '#1d2330',
        'font-family': LABEL_FONT_FAMILY,
        'font-size': px(LABEL_PX),
        'line-height': LABEL_LINE_PX / LABEL_PX,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': px(LABEL_MARGIN_PX),
        'text-wrap': 'wrap',
        'text-max-width': `${px(LABEL_MAX_WIDTH_PX)}px`,
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.88,
        'text-background-padding': `${px(2)}px`,
        'text-background-shape': 'roundrectangle',
      },
    },
    ...byType,
    // Citation neighbourhoods: an article grows with the citations the graph has of it (1 to 50 and
    // more map to 1× to 2.5× its size); a work known only from reference lists is drawn hollow.
    {
      selector: 'node[type = "ARTICLE"][citations > 0]',
      style: {
        width: `mapData(citations, 1, 50, ${nodeSize('ARTICLE')}, ${nodeSize('ARTICLE') * 2.5})`,
        height: `mapData(citations, 1, 50, ${nodeSize('ARTICLE')}, ${nodeSize('ARTICLE') * 2.5})`,
      },
    },
    {
      selector: 'node[?referenceOnly]',
      style: { 'background-opacity': 0.25, 'border-color': ENTITY_STYLES.ARTICLE!.color, 'border-style': 'dashed' },
    },
    // Science maps: colour and size from the map (cluster or year overlay; weight or citations), links by strength.
    {
      selector: 'node.map-node',
      style: {
        'background-color': 'data(colour)',
        width: 'data(size)',
        height: 'data(size)',
        shape: 'ellipse',
        'border-width': 1,
        'border-color': '#ffffff',
        'background-opacity': 0.92,
      },
    },
    { selector: 'node.labelled', style: { label: 'data(short)' } },
    { selector: 'node.map-node.labelled', style: { label: 'data(label)' } },
    // Sides other than below, chosen where the label fits better (see labelPlacement.ts).
    { selector: 'node.label-above', style: { 'text-valign': 'top', 'text-margin-y': -px(LABEL_MARGIN_PX) } },
    {
      selector: 'node.label-right',
      style: {
        'text-valign': 'center',
        'text-halign': 'right',
        'text-margin-y': 0,
        'text-margin-x': px(LABEL_MARGIN_PX),
        'text-justification': 'left',
      },
    },
    {
      selector: 'node.label-left',
      style: {
        'text-valign': 'center',
        'text-halign': 'left',
        'text-margin-y': 0,
        'text-margin-x': -px(LABEL_MARGIN_PX),
        'text-justification': 'right',
      },
    },
    { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#1d2330' } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 5 } },
    { selector: 'node.path-end', style: { 'border-width': 4, 'border-color': '#1d2330' } },
    {
      selector: 'node:selected',
      style: {
        label: 'data(label)',
        'text-max-width': `${px(FOCUS_LABEL_MAX_WIDTH_PX)}px`,
        'border-width': 4,
        'border-color': '#ffbf00',
        'font-weight': 'bold',
        'text-background-opacity': 0.96,
        'z-index': 20,
      },
    },
    { selector: 'node.hover', style: { 'border-color': '#ffbf00', 'border-width': 3, 'z-index': 15 } },
    { selector: 'node.loading', style: { opacity: 0.55 } },
    {
      selector: 'edge',
      style: {
        width: 1.6,
        'line-color': '#b4bac6',
        'target-arrow-color': '#b4bac6',
        'target-arrow-shape': 'triangle',
        'arrow-scale': 0.9,
        'curve-style': 'bezier',
        'font-family': LABEL_FONT_FAMILY,
        'font-size': px(11),
        color: '#1d2330',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.92,
        'text-background-padding': `${px(1)}px`,
      },
    },
    ...byRelation,
    { selector: 'edge:selected, edge.hover', style: { label: 'data(type)', width: 3.2, 'z-index': 10 } },
    // Map links are undirected and many: straight, no arrow, translucent so clusters show through.
    {
      selector: 'edge.map-link',
      style: {
        width: 'data(width)',
        'line-color': '#8a919e',
        'target-arrow-shape': 'none',
        'curve-style': 'haystack',
        opacity: 0.55,
      },
    },
    { selector: 'edge.map-link.hover', style: { 'line-color': '#1d2330', opacity: 1, label: '' } },
    { selector: '.faded', style: { opacity: 0.15, label: '' } },
    { selector: '.filtered', style: { display: 'none' } },
    // Articles the shared filters exclude: not drawn, not downloaded (downloads.ts).
    { selector: '.excluded', style: { display: 'none' } },
  ];
}
