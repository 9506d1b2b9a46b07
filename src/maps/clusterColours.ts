/**
 * Cluster colours in VOSviewer's order (red, green, blue, yellow, purple, cyan, ...), so a map looks
 * as its users know it; clusters beyond the list are grey, as VOSviewer draws them. One palette for
 * the explorer's drawing and every map file (GEXF, graphology), so a download shows the clusters in
 * the colours the map showed them.
 */
export const CLUSTER_COLOURS: readonly string[] = [
  '#d62728',
  '#2ca02c',
  '#1f77b4',
  '#bcbd22',
  '#9467bd',
  '#17becf',
  '#ff7f0e',
  '#e377c2',
  '#8c564b',
  '#7f7f7f',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
];

/** Colour of a cluster beyond {@link CLUSTER_COLOURS}. */
export const OTHER_CLUSTER_COLOUR = '#b0b4bc';

/** The colour of a 1-based cluster number. */
export function clusterColour(cluster: number): string {
  return CLUSTER_COLOURS[cluster - 1] ?? OTHER_CLUSTER_COLOUR;
}
