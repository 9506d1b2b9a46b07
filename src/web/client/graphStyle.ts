import type cytoscape from 'cytoscape';
import { ENTITY_STYLES } from '../../export/entityStyles.ts';

const NODE_SIZE: Readonly<Record<string, number>> = { ARTICLE: 38, JOURNAL: 30, INSTITUTION: 30, AUTHOR: 28, TOPIC: 30 };

/** Shortens a label for drawing (the full label stays in the data and the side panel). */
export function shortLabel(label: string, max = 48): string {
  const clean = label.replace(/\s+/g, ' ').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1).trimEnd()}…`;
}

/**
 * The Cytoscape.js stylesheet: colour and shape per entity type (shared with
 * the exports via ENTITY_STYLES), readable labels on a light halo, arrows on
 * directed edges, relationship names on hovered or selected edges.
 */
export function explorerStylesheet(): cytoscape.StylesheetJson {
  const byType: cytoscape.StylesheetJson = Object.entries(ENTITY_STYLES).map(([type, style]) => ({
    selector: `node[type = "${type}"]`,
    style: {
      'background-color': style.color,
      shape: style.shape as cytoscape.Css.NodeShape,
      width: NODE_SIZE[type] ?? 28,
      height: NODE_SIZE[type] ?? 28,
    },
  }));
  return [
    {
      selector: 'node',
      style: {
        label: 'data(short)',
        'background-color': '#7a7f87',
        'border-width': 2,
        'border-color': '#ffffff',
        color: '#1d2330',
        'font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans CJK SC", sans-serif',
        'font-size': 11,
        'text-valign': 'bottom',
        'text-halign': 'center',
        'text-margin-y': 5,
        'text-wrap': 'wrap',
        'text-max-width': '150px',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'text-background-shape': 'roundrectangle',
        'min-zoomed-font-size': 7,
      },
    },
    ...byType,
    { selector: 'node.root', style: { 'border-width': 4, 'border-color': '#1d2330' } },
    { selector: 'node.expanded', style: { 'border-style': 'double', 'border-width': 5 } },
    { selector: 'node:selected', style: { 'border-width': 4, 'border-color': '#ffbf00', 'font-weight': 'bold', 'z-index': 10 } },
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
        'font-size': 9,
        color: '#4a5263',
        'text-rotation': 'autorotate',
        'text-background-color': '#ffffff',
        'text-background-opacity': 0.9,
        'text-background-padding': '1px',
      },
    },
    { selector: 'edge[type = "AUTHORED"]', style: { 'line-color': '#f3c08c', 'target-arrow-color': '#f3c08c' } },
    { selector: 'edge[type = "HAS_TOPIC"]', style: { 'line-color': '#eea3a8', 'target-arrow-color': '#eea3a8' } },
    { selector: 'edge[type = "AFFILIATED_WITH"], edge[type = "PART_OF"]', style: { 'line-color': '#9fd3b5', 'target-arrow-color': '#9fd3b5' } },
    { selector: 'edge[type = "PUBLISHED_IN"]', style: { 'line-color': '#c9b1de', 'target-arrow-color': '#c9b1de' } },
    { selector: 'edge[type = "BROADER"]', style: { 'line-style': 'dashed' } },
    { selector: 'edge:selected, edge.hover', style: { label: 'data(type)', width: 3, 'line-color': '#4a5263', 'target-arrow-color': '#4a5263', 'z-index': 10 } },
    { selector: '.filtered', style: { display: 'none' } },
  ];
}
