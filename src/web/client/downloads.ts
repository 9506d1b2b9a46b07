import type cytoscape from 'cytoscape';
import { exportGraph } from '../../export/exportGraph.ts';
import type { ExportGraph, ExportProperties } from '../../export/exportTypes.ts';
import type { GraphFormatName } from '../../export/graphFormats.ts';

/**
 * The subgraph currently drawn in the export input shape: hidden types (`.filtered`) and the
 * articles the shared filters exclude (`.excluded`) are left out, with their edges.
 */
export function visibleGraph(cy: cytoscape.Core, truncated = false): ExportGraph {
  const nodes = cy.nodes().not('.filtered').not('.excluded');
  const edges = nodes.edgesWith(nodes).not('.filtered');
  return {
    truncated,
    nodes: nodes.map((node) => ({
      id: node.id(),
      type: String(node.data('type')),
      label: String(node.data('label')),
      properties: (node.data('props') as ExportProperties | undefined) ?? {},
    })),
    edges: edges.map((element) => {
      const edge = element as cytoscape.EdgeSingular;
      return {
        id: edge.id(),
        source: edge.source().id(),
        target: edge.target().id(),
        type: String(edge.data('type')),
        properties: (edge.data('props') as ExportProperties | undefined) ?? {},
      };
    }),
  };
}

/** Saves a blob under a file name through a temporary `<a download>`. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Downloads what is shown in one export format (same serialisers as the server); `truncated`
 * says whether a node limit cut any neighbourhood drawn.
 */
export function downloadGraph(cy: cytoscape.Core, format: GraphFormatName, stem: string, truncated: boolean): void {
  const { body, contentType, fileExtension } = exportGraph(visibleGraph(cy, truncated), format);
  saveBlob(new Blob([body], { type: contentType }), `${stem}.${fileExtension}`);
}

/** Downloads a PNG picture of the whole drawing. */
export function downloadPng(cy: cytoscape.Core, stem: string): void {
  const blob = cy.png({ output: 'blob', full: true, scale: 2, bg: '#ffffff' });
  saveBlob(blob, `${stem}.png`);
}
