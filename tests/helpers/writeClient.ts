import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

/** A test token (fictional) and its SHA-256, as WRITE_TOKENS_FILE may store it. */
export const CURATOR_TOKEN = 'test-curator-token-0123456789abcdef';
export const SECOND_TOKEN = 'test-second-token-fedcba9876543210';
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** An HTTP answer of the GraphQL endpoint. */
export interface HttpAnswer<T> {
  status: number;
  headers: Headers;
  body: { data?: T | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/** POSTs a GraphQL operation as JSON, as any HTTP client (curl, fetch) would. */
export async function postGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as HttpAnswer<T>['body'] };
}

/**
 * A GraphQL multipart request (operations, map, file) built with the platform's FormData, as a
 * browser or `curl -F` sends it: the file goes to `variables.input.file`.
 */
export async function uploadGraphql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  file: { name: string; content: string },
  headers: Record<string, string> = {},
): Promise<HttpAnswer<T>> {
  const form = new FormData();
  form.append('operations', JSON.stringify({ query, variables }));
  form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
  form.append('0', new Blob([file.content]), file.name);
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'apollo-require-preflight': 'true', ...headers },
    body: form,
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: JSON.parse(text) as HttpAnswer<T>['body'] };
}

/** A pino destination that keeps every line, to check what the log says (and never says). */
export function logCapture(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      callback();
    },
  });
  return { stream, lines };
}

export const IMPORT_RECORDS = `
mutation Import($input: ImportInput!) {
  importRecords(input: $input) {
    importId fileName format dryRun written records added newArticles articlesWithNewSource updated unchanged rejected retracted message
    rejections { file line index item field reason }
    changed { status newArticle articleId sourceId line index }
  }
}`;

export const START_IMPORT = `
mutation Start($input: ImportInput!) { startImport(input: $input) { id status queuePosition } }`;

export const IMPORT_STATUS = `
query Status($id: ID!) {
  import(id: $id) {
    id status phase fileName importedBy queuedAt startedAt finishedAt queuePosition recordsDone totalRecords rejected error
    report { importId added updated unchanged rejected written changed { articleId } }
  }
}`;

export const RETRACT_IMPORT = `
mutation Retract($importId: ID, $sourceId: ID) { retractSource(importId: $importId, sourceId: $sourceId) { sourcesRemoved articlesRebuilt articlesRemoved } }`;

export const REMOVE_ARTICLE = `
mutation Remove($id: ID!) { removeArticle(id: $id) { sourcesRemoved articlesRebuilt articlesRemoved } }`;

/** `n` fictional RIS records (test DOIs), for imports long enough to watch. */
export function manyRisRecords(n: number, tag: string): string {
  return Array.from(
    { length: n },
    (_, i) =>
      `TY  - JOUR\nTI  - [TEST] ${tag} record number ${i}\nAU  - Author${tag}, Number${i % 37}\nT2  - Journal of Test Neonatology\nPY  - 2021\nDO  - 10.9999/${tag.toLowerCase()}.${i}\nKW  - ${tag} keyword ${i % 11}\nER  - \n`,
  ).join('\n');
}
