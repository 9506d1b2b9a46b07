import { GRAPH_FORMATS, GRAPH_FORMAT_NAMES } from '../export/graphFormats.ts';
import { ENTITY_STYLES } from '../export/entityStyles.ts';
import type { ExampleIds } from './exampleOperations.ts';
import { EXAMPLE_DISEASE, EXAMPLE_TOPIC } from './exampleOperations.ts';
import { escapeHtml, jsonForScript } from './html.ts';
import type { PlaygroundConfig } from './playgroundConfig.ts';

/** Paths the pages link to, all relative to where the router is mounted. */
export type PagePaths = {
  base: string;
  graphqlPath: string;
  healthPath: string;
};

/** What the explorer page embeds for its bundle (see `client/explorer.ts`). */
export type ExplorerConfig = {
  graphqlPath: string;
  homePath: string;
  playgroundPath: string;
  /** Entities offered on the empty canvas. */
  suggestions: { id: string; label: string; type: string }[];
  /**
   * Reads need a token (READ_TOKENS_REQUIRED): the explorer sends the one saved in this tab (on the
   * import page) with its reads. Otherwise it sends none: a stale token saved there must not break
   * reads that need no token.
   */
  readTokensRequired: boolean;
  /** The import page, where a token is pasted and checked. */
  importPath: string;
};

const FAVICON =
  "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='4' cy='4' r='3' fill='%233b6fb6'/%3E%3Ccircle cx='12' cy='6' r='3' fill='%23e8871e'/%3E%3Ccircle cx='7' cy='12' r='3' fill='%23d64550'/%3E%3C/svg%3E";

function shell(options: {
  title: string;
  base: string;
  css?: string;
  script?: string;
  config?: unknown;
  body: string;
  inlineStyle?: string;
}): string {
  const { title, base, css, script, config, body, inlineStyle } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="${FAVICON}">
${css ? `<link rel="stylesheet" href="${base}/assets/${css}">` : ''}
${inlineStyle ? `<style>${inlineStyle}</style>` : ''}
${config === undefined ? '' : `<script type="application/json" id="page-config">${jsonForScript(config)}</script>`}
${script ? `<script type="module" src="${base}/assets/${script}"></script>` : ''}
</head>
<body>
${body}
</body>
</html>
`;
}

/** The GraphiQL page (served at `/graphql` for browsers and at `/playground`). */
export function playgroundPage(paths: PagePaths, config: PlaygroundConfig): string {
  return shell({
    title: 'GraphQL playground · Scholarly graph',
    base: paths.base,
    css: 'playground.css',
    script: 'playground.js',
    config,
    body: '<div id="graphiql"><p style="font-family:sans-serif;padding:2rem">Loading the GraphQL playground…</p></div>',
  });
}

/** The graph explorer page; the bundle fills in the canvas, legend and panel. */
export function explorerPage(paths: PagePaths, config: ExplorerConfig): string {
  return shell({
    title: 'Graph explorer · Scholarly graph',
    base: paths.base,
    css: 'explorer.css',
    script: 'explorer.js',
    config,
    body: `<header class="topbar">
  <a class="brand" href="${paths.base}/">Scholarly&nbsp;graph</a>
  <div class="search" id="search">
    <input id="search-input" type="search" placeholder="Search by words, DOI, PMID, PMCID or OpenAlex id…"
      autocomplete="off" spellcheck="false" role="combobox" aria-expanded="false" aria-controls="search-results" aria-autocomplete="list" aria-label="Search the graph by words, DOI, PMID, PMCID or OpenAlex id">
    <ul id="search-results" class="search-results" role="listbox" aria-label="Search results" hidden></ul>
  </div>
  <div class="view-tabs" role="group" aria-label="View">
    <button type="button" id="tab-graph" aria-pressed="true">Graph</button>
    <button type="button" id="tab-map" aria-pressed="false">Map</button>
  </div>
  <label class="control" id="depth-control">Depth
    <select id="depth" aria-label="Neighbourhood depth"><option value="1" selected>1</option><option value="2">2</option><option value="3">3</option></select>
  </label>
  <nav class="links" aria-label="Other pages"><a href="${paths.base}/playground">Playground</a></nav>
</header>
<main class="layout">
  <h1 class="sr-only">Graph explorer</h1>
  <section class="canvas-wrap" aria-label="Drawing">
    <div id="cy" tabindex="0" role="application" aria-roledescription="graph drawing" aria-label="Graph drawing" aria-describedby="keyboard-help"></div>
    <p id="keyboard-help" class="sr-only">Arrow keys move between nodes; Enter expands the node (on a map: draws its neighbourhood); C centres the graph on it; plus and minus zoom; Escape clears the selection. The details of the node in focus show in the panel.</p>
    <div id="canvas-announce" class="sr-only" aria-live="polite"></div>
    <div id="empty-state" class="empty-state">
      <h2>Explore the scholarly graph</h2>
      <p>Search for an article (by words, DOI, PMID, PMCID or OpenAlex id), author, topic, institution or journal above, then click nodes to expand their neighbours; or open the Map view.</p>
      <ul id="suggestions" class="suggestions"></ul>
    </div>
    <details id="legend" class="legend" open>
      <summary>Legend</summary>
      <div id="legend-body" class="legend-body" role="group" aria-label="Legend and filters: node types, edge types and marks"></div>
    </details>
    <div id="tooltip" class="tooltip" role="tooltip" hidden></div>
    <div id="canvas-tools" class="canvas-tools">
      <button type="button" id="fit">Fit</button>
      <button type="button" id="relayout">Re-layout</button>
      <button type="button" id="reset">Reset</button>
    </div>
    <div id="cut-notice" class="cut-notice" role="status" hidden><span id="cut-text"></span> <button type="button" id="show-more">Show more</button></div>
    <div id="graph-status" class="graph-status" role="status" data-nodes="0" data-edges="0" data-state="idle"></div>
  </section>
  <aside class="panel" aria-label="Filters, tools and details">
    <section id="map-panel" class="tool map-panel" aria-label="Map settings" hidden>
      <h2>Map</h2>
      <form id="map-form" class="filter-form">
        <label class="block">Kind <select id="map-kind"></select></label>
        <label class="block">Normalization <select id="map-normalization"></select></label>
        <div class="inline">
          <label>Min. links <input id="map-min" type="number" min="1" max="1000" value="1"></label>
          <label>Nodes <input id="map-limit" type="number" min="1" max="1000" value="100"></label>
        </div>
        <div class="inline">
          <label>Size by <select id="map-size"><option value="weight">documents</option><option value="citations">citations</option></select></label>
          <label>Colour by <select id="map-colour"><option value="cluster">cluster</option><option value="year">mean year</option></select></label>
        </div>
        <button type="submit" class="primary">Draw map</button>
      </form>
      <p id="map-summary" class="muted" role="status"></p>
      <ol id="map-clusters" class="clusters" aria-label="Clusters"></ol>
    </section>
    <details id="filter-panel" class="tool" open>
      <summary>Filters <span id="filter-summary" class="muted"></span></summary>
      <form id="filter-form" class="filter-form">
        <fieldset>
          <legend>Topics</legend>
          <div class="inline">
            <input id="filter-topic-input" type="text" list="topic-options" autocomplete="off" placeholder="Topic name or MeSH id" aria-label="Topic to add to the filter">
            <button type="button" id="filter-topic-add" class="secondary">Add</button>
          </div>
          <datalist id="topic-options"></datalist>
          <ul id="filter-topics" class="chips" aria-label="Topics in the filter"></ul>
          <div class="inline" role="radiogroup" aria-label="How the topics combine">
            <label><input type="radio" name="topics-match" value="ALL" checked> all (AND)</label>
            <label><input type="radio" name="topics-match" value="ANY"> any (OR)</label>
          </div>
        </fieldset>
        <div class="inline">
          <label>Years <input id="filter-year-from" type="number" inputmode="numeric" min="1000" max="2999" placeholder="from" aria-label="From year"></label>
          <label>– <input id="filter-year-to" type="number" inputmode="numeric" min="1000" max="2999" placeholder="to" aria-label="To year"></label>
        </div>
        <label class="block">Journal <input id="filter-journal" type="text" autocomplete="off" placeholder="title, ISSN or id"></label>
        <label class="block" id="filter-doctype-row" hidden>Document type
          <select id="filter-doctype" hidden><option value="">any</option></select>
          <input id="filter-doctype-text" type="text" autocomplete="off" placeholder="as the records name it, e.g. Review" hidden>
        </label>
        <label class="block">Reference-only works
          <select id="filter-refonly"><option value="include">shown (marked hollow)</option><option value="exclude">hidden</option><option value="only">only these</option></select>
        </label>
        <div class="inline">
          <button type="submit" class="primary" id="filter-apply">Apply filters</button>
          <button type="button" class="secondary" id="filter-clear">Clear</button>
        </div>
        <p id="filter-result" class="muted" role="status"></p>
        <div id="filter-articles"></div>
      </form>
    </details>
    <details id="path-panel" class="tool">
      <summary>Find a path</summary>
      <form id="path-form" class="filter-form">
        <label class="block">From <input id="path-from" type="text" autocomplete="off" placeholder="name, DOI or id" required></label>
        <label class="block">To <input id="path-to" type="text" autocomplete="off" placeholder="name, DOI or id" required></label>
        <div class="inline">
          <label>At most <select id="path-length"><option>2</option><option>3</option><option selected>4</option><option>5</option><option>6</option></select> steps</label>
          <label><input id="path-citations" type="checkbox"> citations only</label>
        </div>
        <button type="submit" class="primary">Find path</button>
        <p id="path-result" class="muted" role="status"></p>
      </form>
    </details>
    <div id="details" class="details"><p class="muted">Pick an entity to see its details. Click a node to expand it; click again to select it.</p></div>
    <section class="downloads">
      <h2>Download what is shown</h2>
      <p id="download-note" class="muted"></p>
      <div id="download-buttons" class="download-buttons"></div>
    </section>
  </aside>
</main>`,
  });
}

const HOME_STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7fb;line-height:1.5}
main{max-width:880px;margin:0 auto;padding:2.5rem 1.5rem}
h1{margin:0 0 .25rem;font-size:2rem}
.lead{color:#4a5263;margin-top:0}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(240px,1fr));gap:1rem;margin:1.5rem 0}
.card{display:block;background:#fff;border:1px solid #dde1ea;border-radius:10px;padding:1rem 1.25rem;color:inherit;text-decoration:none;box-shadow:0 1px 2px rgba(0,0,0,.04)}
.card:hover{border-color:#3b6fb6;box-shadow:0 2px 8px rgba(59,111,182,.15)}
.card h2{margin:0 0 .25rem;font-size:1.15rem;color:#3b6fb6}
.card p{margin:0;color:#4a5263;font-size:.95rem}
table{border-collapse:collapse;width:100%;background:#fff;border:1px solid #dde1ea;border-radius:10px;overflow:hidden;font-size:.93rem}
th,td{text-align:left;padding:.45rem .75rem;border-bottom:1px solid #eef0f5;vertical-align:top}
th{background:#f0f2f7;font-weight:600}
code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.88em;background:#eef0f5;padding:.05rem .3rem;border-radius:4px}
a{color:#2c5aa0}
.stats{display:flex;flex-wrap:wrap;gap:.5rem 1.25rem;color:#4a5263;font-size:.95rem}
.stats b{color:#1d2330}
footer{margin-top:2rem;color:#4a5263;font-size:.85rem}
`;

/** The home page: links to the playground, the explorer, health and example downloads. */
export function homePage(
  paths: PagePaths,
  ids: ExampleIds,
  stats: Record<string, number> | null,
  options: { readTokensRequired?: boolean } = {},
): string {
  const base = paths.base;
  // With READ_TOKENS_REQUIRED the page shows nothing of the graph (no counts, no example entities,
  // no download links a browser could not authenticate): the caller passes no ids and no stats.
  const locked = options.readTokensRequired === true;
  const downloads: { what: string; path: string; available: boolean }[] = [
    {
      what: `Neighbourhood of the seed article${ids.articleTitle ? ` (“${ids.articleTitle}”)` : ''}, depth 1`,
      path: `/export/neighborhood?id=${encodeURIComponent(ids.articleId ?? '')}&depth=1`,
      available: Boolean(ids.articleId),
    },
    {
      what: `Shortest path from ${ids.authorName ?? 'an author'} to ${ids.diseaseName ?? EXAMPLE_DISEASE}`,
      path: `/export/path?from=${encodeURIComponent(ids.authorId ?? '')}&to=${encodeURIComponent(ids.diseaseId ?? '')}&maxLength=6`,
      available: Boolean(ids.authorId && ids.diseaseId),
    },
    {
      what: `Article graph of the topic “${EXAMPLE_TOPIC}”`,
      path: `/export/topic?name=${encodeURIComponent(EXAMPLE_TOPIC)}&first=50`,
      available: !locked,
    },
  ];
  const formatLinks = (path: string) =>
    GRAPH_FORMAT_NAMES.map(
      (format) =>
        `<a href="${escapeHtml(`${base}${path}&format=${format}`)}" download>${escapeHtml(GRAPH_FORMATS[format].title)}</a>`,
    ).join(' · ');
  const rows = downloads
    .filter((row) => row.available)
    .map((row) => `<tr><td>${escapeHtml(row.what)}</td><td>${formatLinks(row.path)}</td></tr>`)
    .join('\n');
  const statLine = stats
    ? `<p class="stats">${Object.entries(stats)
        .map(([name, count]) => `<span><b>${escapeHtml(String(count))}</b> ${escapeHtml(name)}</span>`)
        .join('')}</p>`
    : '';
  const legend = Object.values(ENTITY_STYLES)
    .map(
      (style) =>
        `<span style="display:inline-flex;align-items:center;gap:.3rem;margin-right:.8rem"><span style="width:.8rem;height:.8rem;border-radius:50%;background:${style.color}"></span>${escapeHtml(style.title)}</span>`,
    )
    .join('');
  return shell({
    title: 'Scholarly graph',
    base,
    inlineStyle: HOME_STYLE,
    body: `<main>
<h1>Scholarly graph</h1>
<p class="lead">Bibliographic records as a graph of articles, authors, institutions, journals and topics, behind a GraphQL API.</p>
${statLine}
${locked ? `<p class="lead">Reading this graph needs a token: paste yours on the <a href="${base}/import">import page</a> (it stays in this browser tab); the explorer then sends it with its reads. API clients send <code>Authorization: Bearer &lt;token&gt;</code>.</p>` : ''}
<div class="cards">
  <a class="card" href="${base}/playground"><h2>GraphQL playground →</h2><p>GraphiQL with schema docs, autocompletion, history and ready-made example queries.</p></a>
  <a class="card" href="${base}/explore"><h2>Graph explorer →</h2><p>Search an entity, draw its neighbourhood, expand nodes and download what you see.</p></a>
  <a class="card" href="${base}/import"><h2>Import records →</h2><p>With a write token: drop PubMed, RIS, BibTeX, CSL-JSON, OpenAlex or Crossref files, check and import them.</p></a>
  <a class="card" href="${escapeHtml(base + paths.healthPath)}"><h2>Health →</h2><p>Service and database status.</p></a>
</div>
<p>${legend}</p>
<h2>Graph downloads</h2>
<p>Any neighbourhood, path or topic graph as a file: <code>GET ${escapeHtml(base)}/export/neighborhood?id=…&amp;depth=1&amp;limit=200&amp;format=GRAPHML</code>,
<code>/export/path?from=…&amp;to=…&amp;maxLength=6</code>, <code>/export/topic?name=…&amp;first=50</code>; <code>format</code> is one of
${GRAPH_FORMAT_NAMES.map((f) => `<code>${f}</code>`).join(', ')} (default <code>GRAPHML</code>). The same is available in GraphQL as <code>Graph.export(format:)</code>.</p>
${rows ? `<table><thead><tr><th>Subgraph</th><th>Download as</th></tr></thead><tbody>${rows}</tbody></table>` : ''}
<footer>GraphQL endpoint: <code>POST ${escapeHtml(paths.graphqlPath)}</code></footer>
</main>`,
  });
}

/** What the import page embeds for its bundle (see `client/import.ts`). */
export type ImportPageConfig = { graphqlPath: string; explorePath: string; uploadMaxBytes: number };

/** The import page: a token for this tab, files dropped or chosen, their check, progress and report. */
export function importPage(paths: PagePaths, config: ImportPageConfig): string {
  return shell({
    title: 'Import records · Scholarly graph',
    base: paths.base,
    css: 'import.css',
    script: 'import.js',
    config,
    body: `<header><a class="brand" href="${paths.base}/">Scholarly&nbsp;graph</a><a href="${paths.base}/explore">Explorer</a><a href="${paths.base}/playground">Playground</a></header>
<main>
  <h1>Import records</h1>
  <section>
    <h2>1. Token</h2>
    <p class="muted">Writing needs a token configured on the service (WRITE_TOKENS). It is checked once pasted, when you leave the field or with Check (never while you type), kept in this browser tab only (session storage) once the service accepted it, and sent with each request.</p>
    <label>Token <input id="token" type="password" autocomplete="off" spellcheck="false" placeholder="paste your token"></label>
    <button type="button" id="check-token" class="secondary">Check</button>
    <button type="button" id="forget-token" class="secondary">Forget</button>
    <span id="token-state" role="status"></span>
  </section>
  <section>
    <h2>2. Files</h2>
    <p class="muted">PubMed (MEDLINE text or XML), RIS, BibTeX, CSL-JSON, OpenAlex, Crossref or WPRIM: the format is detected from the content, and every record is checked before anything is written. Up to ${Math.floor(config.uploadMaxBytes / (1024 * 1024))} MB per file.</p>
    <div id="drop" class="drop">Drop files here, or <label>choose <input id="files" type="file" multiple></label></div>
    <div class="table-scroll"><table><thead><tr><th>File</th><th>Size</th><th>Format</th><th>Records</th><th>Status</th><th>Details</th></tr></thead><tbody id="file-rows"></tbody></table></div>
  </section>
  <section>
    <h2>3. Import</h2>
    <label><input id="keep-going" type="checkbox"> Load the good records even when some are rejected</label>
    <button type="button" id="import-button" disabled>Import</button>
    <p id="status" role="status"></p>
  </section>
</main>`,
  });
}
