import './import.css';
import { readPageConfig } from './pageConfig.ts';
import { readSessionToken, writeSessionToken } from './sessionToken.ts';

/** What the server embeds in the import page. */
type ImportPageConfig = { graphqlPath: string; explorePath: string; uploadMaxBytes: number };

type Rejection = { file: string; line: number | null; item: number | null; field: string; reason: string };
type Report = {
  importId: string;
  format: string | null;
  written: boolean;
  records: number;
  added: number;
  newArticles: number;
  articlesWithNewSource: number;
  updated: number;
  unchanged: number;
  rejected: number;
  retracted: number;
  message: string;
  rejections: Rejection[];
  changed: Array<{ status: string; newArticle: boolean | null; articleId: string }>;
};
type Job = {
  id: string;
  status: string;
  phase: string | null;
  queuePosition: number;
  recordsDone: number;
  totalRecords: number | null;
  bytesRead: number;
  totalBytes: number | null;
  error: string | null;
  report: Report | null;
};

const REPORT_FIELDS =
  'importId format written records added newArticles articlesWithNewSource updated unchanged rejected retracted message rejections { file line item field reason } changed { status newArticle articleId }';
const START = `mutation StartImport($input: ImportInput!) { startImport(input: $input) { id status } }`;
const STATUS = `query ImportStatus($id: ID!) { import(id: $id) { id status phase queuePosition recordsDone totalRecords bytesRead totalBytes error report { ${REPORT_FIELDS} } } }`;
const POLL_MS = 400;

const config = readPageConfig<ImportPageConfig>();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const tokenInput = $<HTMLInputElement>('token');
const fileInput = $<HTMLInputElement>('files');
const drop = $<HTMLDivElement>('drop');
const list = $<HTMLTableSectionElement>('file-rows');
const importButton = $<HTMLButtonElement>('import-button');
const keepGoing = $<HTMLInputElement>('keep-going');
const status = $<HTMLParagraphElement>('status');
const tokenState = $<HTMLSpanElement>('token-state');

/** One chosen file and what the service said about it. */
type Entry = { file: File; row: HTMLTableRowElement; checked?: Report; imported?: Report };
let entries: Entry[] = [];

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attrs: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

/** Sends one file as a GraphQL multipart request with the session's token. */
async function send(file: File, options: { dryRun: boolean; keepGoing: boolean }): Promise<Job> {
  const token = readSessionToken();
  if (!token) throw new Error('waiting for an accepted token (step 1)');
  const form = new FormData();
  form.append(
    'operations',
    JSON.stringify({
      query: START,
      variables: { input: { file: null, fileName: file.name, dryRun: options.dryRun, keepGoing: options.keepGoing } },
    }),
  );
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', file, file.name);
  const response = await fetch(config.graphqlPath, {
    method: 'POST',
    // The preflight header tells the CSRF guard this is no cross-site form post.
    headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' },
    body: form,
  });
  const payload = (await response.json().catch(() => ({}))) as {
    data?: { startImport: Job };
    errors?: Array<{ message: string }>;
  };
  if (payload.errors?.length || !payload.data)
    throw new Error(payload.errors?.map((e) => e.message).join('; ') ?? `HTTP ${response.status}`);
  return payload.data.startImport;
}

async function poll(id: string, onProgress: (job: Job) => void): Promise<Report> {
  for (;;) {
    const token = readSessionToken();
    const response = await fetch(config.graphqlPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: STATUS, variables: { id } }),
    });
    const payload = (await response.json()) as { data?: { import: Job | null }; errors?: Array<{ message: string }> };
    const job = payload.data?.import;
    if (!job)
      throw new Error(payload.errors?.map((e) => e.message).join('; ') ?? 'the import is unknown to the service');
    onProgress(job);
    if (job.status === 'DONE' && job.report) return job.report;
    if (job.status === 'FAILED') throw new Error(job.error ?? 'the import failed');
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function progressText(job: Job): string {
  if (job.status === 'QUEUED') return `queued (${job.queuePosition} ahead)`;
  if (job.phase === 'LOADING')
    return `loading ${job.recordsDone}${job.totalRecords !== null ? ` of ${job.totalRecords}` : ''} records`;
  if (job.totalBytes)
    return `checking ${Math.round((100 * job.bytesRead) / job.totalBytes)}% (${job.recordsDone} records)`;
  return `checking ${job.recordsDone} records`;
}

function cell(entry: Entry, name: string): HTMLTableCellElement {
  return entry.row.querySelector(`[data-cell="${name}"]`) as HTMLTableCellElement;
}

function showRejections(entry: Entry, report: Report): void {
  const target = cell(entry, 'details');
  target.replaceChildren();
  if (report.rejections.length > 0) {
    const table = el('table', undefined, { class: 'rejections' });
    for (const r of report.rejections) {
      const tr = el('tr');
      // A JSON item is named by its position: a one-line JSON file has every item on line 1.
      const where =
        r.item !== null
          ? `item ${r.item}${r.line !== null ? ` (line ${r.line})` : ''}`
          : r.line !== null
            ? `line ${r.line}`
            : '';
      tr.append(el('td', where), el('td', r.field), el('td', r.reason));
      table.append(tr);
    }
    target.append(table);
  }
}

function showReport(entry: Entry, report: Report): void {
  cell(entry, 'status').textContent = report.message;
  cell(entry, 'status').dataset.state = report.written ? 'imported' : 'not-written';
  showRejections(entry, report);
  if (report.changed.length > 0) {
    const ul = el('ul', undefined, { class: 'changed' });
    for (const change of report.changed.slice(0, 200)) {
      const li = el('li');
      const link = el('a', change.articleId, {
        href: `${config.explorePath}?id=${encodeURIComponent(change.articleId)}`,
        target: '_blank',
        rel: 'noopener',
        class: 'article-link',
      });
      li.append(
        `${change.status === 'UPDATED' ? 'updated' : change.newArticle ? 'new article' : 'new source'}: `,
        link,
      );
      ul.append(li);
    }
    cell(entry, 'details').append(ul);
  }
  const retract = el('p', `Import id: ${report.importId} (retractSource(importId:) takes it back out)`, {
    class: 'muted',
  });
  cell(entry, 'details').append(retract);
}

/** Checks every chosen file not checked yet with a dry run (once a token is accepted): the format the service detects, records, rejections. */
async function check(): Promise<void> {
  updateButton();
  if (!readSessionToken()) {
    for (const entry of entries)
      if (!entry.checked) cell(entry, 'status').textContent = 'waiting for an accepted token (step 1)';
    return;
  }
  for (const entry of entries) {
    if (entry.checked) continue;
    try {
      const job = await send(entry.file, { dryRun: true, keepGoing: false });
      const report = await poll(job.id, (j) => (cell(entry, 'status').textContent = progressText(j)));
      entry.checked = report;
      cell(entry, 'format').textContent = report.format ?? 'not recognised';
      cell(entry, 'records').textContent = String(report.records);
      cell(entry, 'status').textContent =
        report.rejected > 0 ? `${report.rejected} record(s) would be rejected` : 'ready';
      cell(entry, 'status').dataset.state = 'checked';
      showRejections(entry, report);
    } catch (error) {
      cell(entry, 'status').textContent = (error as Error).message;
      cell(entry, 'status').className = 'error';
    }
  }
  updateButton();
}

function choose(files: FileList | File[]): void {
  entries = Array.from(files as ArrayLike<File>).map((file) => {
    const row = el('tr', undefined, { 'data-file': file.name });
    row.append(
      el('td', file.name),
      el('td', `${Math.ceil(file.size / 1024)} KB`),
      el('td', '…', { 'data-cell': 'format' }),
      el('td', '', { 'data-cell': 'records' }),
      el('td', 'checking…', { 'data-cell': 'status' }),
      el('td', '', { 'data-cell': 'details' }),
    );
    if (file.size > config.uploadMaxBytes) (row.lastChild as HTMLElement).textContent = 'larger than the upload limit';
    return { file, row };
  });
  list.replaceChildren(...entries.map((e) => e.row));
  void check();
}

function updateButton(): void {
  const ready =
    entries.length > 0 &&
    entries.every((e) => e.checked) &&
    readSessionToken() !== null &&
    readSessionToken() === tokenInput.value.trim();
  importButton.disabled = !ready;
  importButton.textContent = entries.length > 0 ? `Import ${entries.length} file(s)` : 'Import';
}

importButton.addEventListener('click', async () => {
  importButton.disabled = true;
  status.textContent = '';
  for (const entry of entries) {
    try {
      const job = await send(entry.file, { dryRun: false, keepGoing: keepGoing.checked });
      entry.imported = await poll(job.id, (j) => (cell(entry, 'status').textContent = progressText(j)));
      showReport(entry, entry.imported);
    } catch (error) {
      cell(entry, 'status').textContent = (error as Error).message;
      cell(entry, 'status').className = 'error';
    }
  }
  status.textContent = `Done: ${entries.filter((e) => e.imported?.written).length} of ${entries.length} file(s) written.`;
  status.dataset.state = 'done';
});

function showTokenState(state: 'accepted' | 'refused' | 'checking' | 'empty' | 'changed', text: string): void {
  tokenState.textContent = text;
  tokenState.dataset.state = state;
}

/**
 * Asks the service whether the token in the field is valid (one request with it; nothing else is
 * sent with it before). Called when a token is pasted, when the field is left after a change and
 * from the Check button, never per keystroke: each wrong token counts as a failed authentication of
 * this address. Only an accepted token is kept for the tab (the explorer may send it with reads).
 */
let checking: Promise<void> = Promise.resolve();
/** The last token refused and why: not sent again unchanged. */
let refused: { token: string; why: string } | undefined;
async function checkToken(): Promise<void> {
  const token = tokenInput.value.trim();
  if (!token) {
    writeSessionToken(null);
    showTokenState('empty', '');
    updateButton();
    return;
  }
  if (token === readSessionToken()) {
    showTokenState('accepted', 'accepted');
    updateButton();
    return;
  }
  if (refused?.token === token) {
    showTokenState('refused', refused.why);
    return;
  }
  showTokenState('checking', 'checking…');
  let response: Response;
  try {
    response = await fetch(config.graphqlPath, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: 'query TokenCheck { __typename }' }),
    });
  } catch {
    showTokenState('refused', 'the service cannot be reached; try again');
    return;
  }
  if (tokenInput.value.trim() !== token) return; // changed meanwhile: checked again when left
  if (response.ok) {
    writeSessionToken(token);
    showTokenState('accepted', 'accepted');
    updateButton();
    void check();
    return;
  }
  writeSessionToken(null);
  if (response.status === 429)
    showTokenState(
      'refused',
      `too many failed attempts from this address; try again in ${response.headers.get('retry-after') ?? 'a few'} s`,
    );
  else {
    const payload = (await response.json().catch(() => ({}))) as { errors?: Array<{ message: string }> };
    refused = { token, why: payload.errors?.[0]?.message ?? `refused (HTTP ${response.status})` };
    showTokenState('refused', refused.why);
  }
  updateButton();
}
/** One check at a time, in order (a paste and the field's change event may both ask). */
function checkTokenOnce(): void {
  checking = checking.then(checkToken, checkToken);
}

tokenInput.value = readSessionToken() ?? '';
if (tokenInput.value) showTokenState('accepted', 'accepted');
// Typing only marks the token as not checked yet: nothing is sent per keystroke.
tokenInput.addEventListener('input', () => {
  if (tokenInput.value.trim() !== readSessionToken())
    showTokenState('changed', tokenInput.value.trim() ? 'not checked yet (leave the field or press Check)' : '');
  updateButton();
});
// A paste is a whole token: checked at once (after the field has its new value).
tokenInput.addEventListener('paste', () => setTimeout(checkTokenOnce, 0));
// `change` fires when the field is left (or Enter pressed) after its value changed.
tokenInput.addEventListener('change', checkTokenOnce);
$<HTMLButtonElement>('check-token').addEventListener('click', checkTokenOnce);
$<HTMLButtonElement>('forget-token').addEventListener('click', () => {
  writeSessionToken(null);
  tokenInput.value = '';
  showTokenState('empty', '');
  updateButton();
});
fileInput.addEventListener('change', () => {
  if (fileInput.files?.length) choose(fileInput.files);
});
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  if (event.dataTransfer?.files.length) choose(event.dataTransfer.files);
});
updateButton();
