import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/startTestServer.ts';
import { graphCounts, NO_ORPHANS, orphans } from '../helpers/graphCounts.ts';
import { PROJECT_ROOT } from '../helpers/runSeedCli.ts';
import { createLogger } from '../../src/logger.ts';
import { AccessTokens } from '../../src/write/accessTokens.ts';
import { AuthFailureLimiter } from '../../src/write/authFailureLimiter.ts';
import { DEFAULT_WRITE_CONFIG } from '../../src/write/writeConfig.ts';
import {
  CURATOR_TOKEN,
  IMPORT_RECORDS,
  IMPORT_STATUS,
  logCapture,
  manyRisRecords,
  postGraphql,
  REMOVE_ARTICLE,
  RETRACT_IMPORT,
  SECOND_TOKEN,
  sha256Hex,
  START_IMPORT,
  uploadGraphql,
} from '../helpers/writeClient.ts';

const fixture = (relative: string) => readFileSync(`${PROJECT_ROOT}tests/fixtures/formats/${relative}`, 'utf8');
const UPLOAD_LIMIT = 64 * 1024;

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
  message: string;
  rejections: Array<{ file: string; line: number | null; field: string; reason: string }>;
  changed: Array<{ status: string; newArticle: boolean | null; articleId: string; sourceId: string }>;
};

let server: TestServer;
const log = logCapture();
const auth = { authorization: `Bearer ${CURATOR_TOKEN}` };

beforeAll(async () => {
  server = await startTestServer({
    logger: createLogger('info', log.stream),
    write: {
      ...DEFAULT_WRITE_CONFIG,
      // One token in clear, one stored hashed, as WRITE_TOKENS_FILE allows.
      tokens: AccessTokens.parse(
        [`curator:${CURATOR_TOKEN}`, `second:sha256:${sha256Hex(SECOND_TOKEN)}`],
        'test tokens',
      ),
      uploadMaxBytes: UPLOAD_LIMIT,
    },
    authFailureLimiter: new AuthFailureLimiter({ maxFailures: 1000, windowMs: 60_000 }),
  });
});

afterAll(async () => {
  await server?.stop();
});

const importRis = (headers: Record<string, string>) =>
  postGraphql<{ importRecords: Report }>(
    server.url,
    IMPORT_RECORDS,
    { input: { content: fixture('ris/zotero-embase.ris'), fileName: 'zotero-embase.ris' } },
    headers,
  );

describe('writes without a valid token', () => {
  it('refuses an import without a token with 401 UNAUTHENTICATED and WWW-Authenticate, writing nothing', async () => {
    const before = await graphCounts(server.db);
    const answer = await importRis({});
    expect(answer.status).toBe(401);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Bearer realm=/);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(answer.body.data ?? null).toBeNull();
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('refuses a wrong token with 401 for mutations and queries alike, writing nothing and never echoing it', async () => {
    const before = await graphCounts(server.db);
    const wrong = await importRis({ authorization: 'Bearer not-the-right-token-at-all' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
    expect(wrong.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-right-token');
    const basic = await postGraphql(server.url, '{ stats { articles } }', {}, { authorization: 'Basic dXNlcjpwYXNz' });
    expect(basic.status).toBe(401);
    const upload = await uploadGraphql(
      server.url,
      IMPORT_RECORDS,
      { input: { file: null } },
      { name: 'zotero-embase.ris', content: fixture('ris/zotero-embase.ris') },
      { authorization: 'Bearer nope-nope-nope-nope' },
    );
    expect(upload.status).toBe(401);
    const noTokenUpload = await uploadGraphql(
      server.url,
      IMPORT_RECORDS,
      { input: { file: null } },
      { name: 'zotero-embase.ris', content: fixture('ris/zotero-embase.ris') },
    );
    expect(noTokenUpload.status).toBe(401);
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('refuses a mutation sent as GET, even with a valid token (CSRF: GET never writes)', async () => {
    const before = await graphCounts(server.db);
    const query = encodeURIComponent(
      'mutation { removeArticle(id: "Article:doi:10.3760/cma.j.cn101070-20200616-01000") { sourcesRemoved } }',
    );
    const response = await fetch(`${server.url}/graphql?query=${query}`, {
      headers: { ...auth, accept: 'application/json' },
    });
    expect(response.status).toBe(405);
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('refuses a multipart mutation without a preflight header (CSRF), before reading it', async () => {
    const form = new FormData();
    form.append('operations', JSON.stringify({ query: IMPORT_RECORDS, variables: { input: { file: null } } }));
    form.append('map', JSON.stringify({ 0: ['variables.input.file'] }));
    form.append('0', new Blob([fixture('ris/zotero-embase.ris')]), 'zotero-embase.ris');
    const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: auth, body: form });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('Cross-Site Request Forgery');
  });
});

describe('imports with a token', () => {
  it('imports a RIS export, reports what was added with the articles ids, and records who imported it', async () => {
    const before = await graphCounts(server.db);
    const answer = await importRis(auth);
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    const report = answer.body.data!.importRecords;
    expect(report).toMatchObject({ format: 'RIS', written: true, rejected: 0, updated: 0, unchanged: 0 });
    expect(report.added).toBe(report.records);
    expect(report.changed).toHaveLength(report.added);
    expect(report.changed.every((c) => c.status === 'ADDED' && c.articleId.startsWith('Article:'))).toBe(true);
    // New articles and existing articles that gained a source are told apart, in the counts, each record and the message.
    const created = (await graphCounts(server.db)).Article! - (before.Article ?? 0);
    expect(created).toBeGreaterThan(0);
    expect(report.newArticles).toBe(created);
    expect(report.newArticles + report.articlesWithNewSource).toBe(report.added);
    expect(report.changed.filter((c) => c.newArticle === true)).toHaveLength(report.newArticles);
    expect(report.message).toMatch(
      new RegExp(
        `^${report.newArticles} new articles?, ${report.articlesWithNewSource} existing articles? with a new source, 0 updated`,
      ),
    );

    const article = await postGraphql<{
      node: { sources: Array<{ importedBy: string; file: string; importId: string }> };
    }>(server.url, 'query($id: ID!) { node(id: $id) { ... on Article { sources { importedBy file importId } } } }', {
      id: report.changed[0]!.articleId,
    });
    expect(article.body.data!.node.sources).toContainEqual({
      importedBy: 'curator',
      file: 'zotero-embase.ris',
      importId: report.importId,
    });

    // The same file again changes nothing.
    const again = (await importRis(auth)).body.data!.importRecords;
    expect(again).toMatchObject({ added: 0, updated: 0, unchanged: report.records, changed: [] });
  });

  it('all or nothing: a file with a bad record writes nothing and names line, field and reason; keepGoing loads the good ones', async () => {
    const before = await graphCounts(server.db);
    const bad = `${manyRisRecords(2, 'Allornothing')}\nTY  - JOUR\nAU  - Nobody, Title\nPY  - 2020\nER  - \n`;
    const answer = await postGraphql<{ importRecords: Report }>(
      server.url,
      IMPORT_RECORDS,
      { input: { content: bad, fileName: 'bad.ris' } },
      auth,
    );
    const report = answer.body.data!.importRecords;
    expect(report).toMatchObject({ written: false, records: 3, rejected: 1, added: 0 });
    expect(report.rejections[0]).toMatchObject({
      file: 'bad.ris',
      field: expect.any(String),
      reason: expect.any(String),
    });
    expect(report.rejections[0]!.line).toBeGreaterThan(1);
    expect(report.message).toContain('nothing written');
    expect(await graphCounts(server.db)).toEqual(before);

    const kept = (
      await postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: bad, fileName: 'bad.ris', keepGoing: true } },
        auth,
      )
    ).body.data!.importRecords;
    expect(kept).toMatchObject({ written: true, added: 2, rejected: 1 });
    const retracted = await postGraphql(server.url, RETRACT_IMPORT, { importId: kept.importId }, auth);
    expect(retracted.body.errors).toBeUndefined();
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('a dry run checks and writes nothing; a format given that does not fit is read by its reader and rejected by name', async () => {
    const before = await graphCounts(server.db);
    const dry = (
      await postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: fixture('medline/written-records.nbib'), fileName: 'dry.nbib', dryRun: true } },
        auth,
      )
    ).body.data!.importRecords;
    expect(dry).toMatchObject({ written: false, format: 'MEDLINE', rejected: 0, added: 0 });
    expect(dry.records).toBeGreaterThan(0);
    const wrongFormat = (
      await postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: fixture('medline/written-records.nbib'), fileName: 'x.nbib', format: 'CROSSREF' } },
        auth,
      )
    ).body.data!.importRecords;
    expect(wrongFormat).toMatchObject({ written: false, rejected: 1 });
    // A named format skips detection: the Crossref reader reads the MEDLINE text and says why it cannot.
    expect(wrongFormat.rejections[0]).toMatchObject({
      file: 'x.nbib',
      reason: expect.stringContaining('the JSON is malformed at line'),
    });
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('needs exactly one of content and file', async () => {
    const answer = await postGraphql(server.url, IMPORT_RECORDS, { input: { fileName: 'x.ris' } }, auth);
    expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input' });
  });

  it('retracting an import restores the previous counts exactly, with no orphan', async () => {
    const before = await graphCounts(server.db);
    // Records that share authors, a journal and keywords with what is already there.
    const content = `${fixture('ris/endnote-embase.ris')}\n${manyRisRecords(20, 'Retract')}`;
    const report = (
      await postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content, fileName: 'retract.ris' } },
        { authorization: `Bearer ${SECOND_TOKEN}` },
      )
    ).body.data!.importRecords;
    expect(report).toMatchObject({ format: 'RIS', written: true, rejected: 0 });
    expect(await graphCounts(server.db)).not.toEqual(before);
    const retract = await postGraphql<{ retractSource: { sourcesRemoved: number; articlesRemoved: string[] } }>(
      server.url,
      RETRACT_IMPORT,
      { importId: report.importId },
      auth,
    );
    expect(retract.body.data!.retractSource.sourcesRemoved).toBe(report.added);
    expect(await graphCounts(server.db)).toEqual(before);
    expect(await orphans(server.db)).toEqual(NO_ORPHANS);
    const unknown = await postGraphql(server.url, RETRACT_IMPORT, { importId: report.importId }, auth);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'importId' });
  });

  it('retracting a PubMed import restores the Alias count when another source of the same journal stays', async () => {
    // TEST DATA: a fictional journal; the RIS export states its print ISSN and title, the PubMed record
    // adds the electronic ISSN and the abbreviation (tests/db/entityFacts.test.ts compares the whole journal).
    const [print, electronic] = ['9999-0121', '9999-013X'];
    const ris = `TY  - JOUR\nAU  - Aliascount, Rita\nT1  - [TEST] Alias count RIS record\nJF  - Journal of Alias Count Tests\nSN  - ${print}\nPY  - 2023\nDO  - 10.9999/test.alias.001\nER  - \n`;
    const pubmed = `<?xml version="1.0" ?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">99100101</PMID>
<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Electronic">${electronic}</ISSN><ISSN IssnType="Print">${print}</ISSN>
<JournalIssue CitedMedium="Print"><Volume>1</Volume><PubDate><Year>2022</Year></PubDate></JournalIssue>
<Title>Journal of alias count tests</Title><ISOAbbreviation>J Alias Count Tests</ISOAbbreviation></Journal>
<ArticleTitle>[TEST] Alias count PubMed record.</ArticleTitle><ELocationID EIdType="doi" ValidYN="Y">10.9999/test.alias.002</ELocationID>
<AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>Aliascount</LastName><ForeName>Paul</ForeName></Author></AuthorList>
<Language>eng</Language></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>
`;
    const before = await graphCounts(server.db);
    const importContent = async (content: string, fileName: string) => {
      const report = (
        await postGraphql<{ importRecords: Report }>(server.url, IMPORT_RECORDS, { input: { content, fileName } }, auth)
      ).body.data!.importRecords;
      expect(report).toMatchObject({ written: true, rejected: 0, added: 1 });
      return report;
    };
    const fromRis = await importContent(ris, 'alias-count.ris');
    const risOnly = await graphCounts(server.db);
    const fromPubmed = await importContent(pubmed, 'alias-count.xml');
    const withPubmed = await graphCounts(server.db);
    expect(withPubmed[':PUBLISHED_IN']).toBe(risOnly[':PUBLISHED_IN']! + 1);
    expect(withPubmed['Journal']).toBe(risOnly['Journal']); // one journal, found by its print ISSN
    expect(withPubmed['Alias']).toBeGreaterThan(risOnly['Alias']!); // the e-ISSN and the abbreviation
    const retracted = await postGraphql(server.url, RETRACT_IMPORT, { importId: fromPubmed.importId }, auth);
    expect(retracted.body.errors).toBeUndefined();
    expect(await graphCounts(server.db)).toEqual(risOnly);
    expect(await orphans(server.db)).toEqual(NO_ORPHANS);
    const found = await postGraphql<{ byElectronic: { totalCount: number }; byPrint: { totalCount: number } }>(
      server.url,
      `{ byElectronic: articles(filter: { journal: "${electronic}" }) { totalCount } byPrint: articles(filter: { journal: "${print}" }) { totalCount } }`,
      {},
    );
    expect(found.body.data).toEqual({ byElectronic: { totalCount: 0 }, byPrint: { totalCount: 1 } });
    await postGraphql(server.url, RETRACT_IMPORT, { importId: fromRis.importId }, auth);
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('retracts one source, and removes an article with what only it referred to', async () => {
    const before = await graphCounts(server.db);
    const report = (
      await postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: manyRisRecords(3, 'Removal'), fileName: 'removal.ris' } },
        auth,
      )
    ).body.data!.importRecords;
    expect(report.added).toBe(3);
    const [first, second, third] = report.changed;
    const one = await postGraphql<{ retractSource: { sourcesRemoved: number; articlesRemoved: string[] } }>(
      server.url,
      RETRACT_IMPORT,
      { sourceId: first!.sourceId },
      auth,
    );
    expect(one.body.data!.retractSource).toEqual({
      sourcesRemoved: 1,
      articlesRebuilt: [],
      articlesRemoved: [first!.articleId],
    });
    const removed = await postGraphql<{ removeArticle: { articlesRemoved: string[] } }>(
      server.url,
      REMOVE_ARTICLE,
      { id: second!.articleId },
      auth,
    );
    expect(removed.body.data!.removeArticle.articlesRemoved).toEqual([second!.articleId]);
    const gone = await postGraphql<{ node: unknown }>(server.url, 'query($id: ID!) { node(id: $id) { id } }', {
      id: second!.articleId,
    });
    expect(gone.body.data!.node).toBeNull();
    await postGraphql(server.url, REMOVE_ARTICLE, { id: third!.articleId }, auth);
    expect(await graphCounts(server.db)).toEqual(before);
    expect(await orphans(server.db)).toEqual(NO_ORPHANS);
  });

  it('takes a file as a GraphQL multipart upload, and refuses one over the limit with 413 PAYLOAD_TOO_LARGE', async () => {
    const before = await graphCounts(server.db);
    const upload = await uploadGraphql<{ importRecords: Report }>(
      server.url,
      IMPORT_RECORDS,
      { input: { file: null } },
      { name: 'endnote-export.ris', content: fixture('ris/endnote-embase.ris') },
      auth,
    );
    expect(upload.status).toBe(200);
    const report = upload.body.data!.importRecords;
    expect(report).toMatchObject({ format: 'RIS', written: true, rejected: 0 });
    const source = await postGraphql<{ node: { sources: Array<{ file: string }> } }>(
      server.url,
      'query($id: ID!) { node(id: $id) { ... on Article { sources { file } } } }',
      { id: report.changed[0]!.articleId },
    );
    expect(source.body.data!.node.sources.map((s) => s.file)).toContain('endnote-export.ris');
    const retract = await postGraphql(server.url, RETRACT_IMPORT, { importId: report.importId }, auth);
    expect(retract.body.errors).toBeUndefined();
    expect(await graphCounts(server.db)).toEqual(before);

    // The README's curl example: the file as a top-level variable, mapped to `variables.f`.
    const form = new FormData();
    form.append(
      'operations',
      JSON.stringify({
        query: 'mutation($f: Upload!){ importRecords(input:{file:$f, dryRun: true}){ format records rejected } }',
        variables: { f: null },
      }),
    );
    form.append('map', JSON.stringify({ 0: ['variables.f'] }));
    form.append('0', new Blob([fixture('ris/endnote-embase.ris')]), 'export.ris');
    const curlLike = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'apollo-require-preflight': 'true' },
      body: form,
    });
    expect(await curlLike.json()).toEqual({
      data: { importRecords: { format: 'RIS', records: report.records, rejected: 0 } },
    });

    const big = await uploadGraphql(
      server.url,
      IMPORT_RECORDS,
      { input: { file: null } },
      { name: 'big.ris', content: manyRisRecords(1000, 'Toolarge') },
      auth,
    );
    expect(big.status).toBe(413);
    expect(big.body.errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    expect(big.body.errors?.[0]?.message).toContain('UPLOAD_MAX_BYTES');
    expect(await graphCounts(server.db)).toEqual(before);
  });
});

describe('concurrency', () => {
  it('queues concurrent imports: both succeed, one after the other', async () => {
    const before = await graphCounts(server.db);
    const [a, b] = await Promise.all([
      postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: manyRisRecords(150, 'Queuea'), fileName: 'queue-a.ris' } },
        auth,
      ),
      postGraphql<{ importRecords: Report }>(
        server.url,
        IMPORT_RECORDS,
        { input: { content: manyRisRecords(150, 'Queueb'), fileName: 'queue-b.ris' } },
        auth,
      ),
    ]);
    expect(a.body.errors).toBeUndefined();
    expect(b.body.errors).toBeUndefined();
    expect(a.body.data!.importRecords.added).toBe(150);
    expect(b.body.data!.importRecords.added).toBe(150);
    const jobs = await Promise.all(
      [a, b].map(
        async (r) =>
          (
            await postGraphql<{ import: { startedAt: string; finishedAt: string } }>(server.url, IMPORT_STATUS, {
              id: r.body.data!.importRecords.importId,
            })
          ).body.data!.import,
      ),
    );
    // One ran entirely before the other started.
    const [first, second] = jobs.sort((x, y) => x.startedAt.localeCompare(y.startedAt));
    expect(first!.finishedAt <= second!.startedAt).toBe(true);
    for (const r of [a, b])
      await postGraphql(server.url, RETRACT_IMPORT, { importId: r.body.data!.importRecords.importId }, auth);
    expect(await graphCounts(server.db)).toEqual(before);
  });

  it('answers reads while an import runs, and reports its progress through import(id)', async () => {
    const started = await postGraphql<{ startImport: { id: string; status: string } }>(
      server.url,
      START_IMPORT,
      { input: { content: manyRisRecords(2500, 'Longrun'), fileName: 'long.ris' } },
      auth,
    );
    const id = started.body.data!.startImport.id;
    expect(['QUEUED', 'RUNNING']).toContain(started.body.data!.startImport.status);
    let readsDuringImport = 0;
    const seen = new Set<string>();
    for (;;) {
      const statusBefore = (await postGraphql<{ import: { status: string } }>(server.url, IMPORT_STATUS, { id })).body
        .data!.import.status;
      const read = await postGraphql<{ stats: { articles: number } }>(server.url, '{ stats { articles } }');
      expect(read.status).toBe(200);
      expect(read.body.data!.stats.articles).toBeGreaterThan(0);
      const status = (
        await postGraphql<{
          import: {
            status: string;
            phase: string | null;
            recordsDone: number;
            report: { added: number } | null;
            importedBy: string;
          };
        }>(server.url, IMPORT_STATUS, { id })
      ).body.data!.import;
      seen.add(status.status);
      if (statusBefore === 'RUNNING' && status.status === 'RUNNING') readsDuringImport += 1;
      if (status.status === 'DONE' || status.status === 'FAILED') {
        expect(status.status).toBe('DONE');
        expect(status.report!.added).toBe(2500);
        expect(status.importedBy).toBe('curator');
        break;
      }
    }
    expect(readsDuringImport).toBeGreaterThan(0);
    await postGraphql(server.url, RETRACT_IMPORT, { importId: id }, auth);
  }, 240_000);

  it('answers null for an unknown import id', async () => {
    const answer = await postGraphql<{ import: unknown }>(server.url, IMPORT_STATUS, { id: 'import:unknown' });
    expect(answer.body.data!.import).toBeNull();
  });
});

describe('audit and secrecy', () => {
  it('logs every write as an audit line with who and the counts, and never a token', () => {
    const audits = log.lines
      .map((line) => JSON.parse(line) as { audit?: Record<string, unknown> })
      .filter((l) => l.audit);
    expect(
      audits.some(
        (l) =>
          l.audit!.action === 'import' &&
          l.audit!.by === 'curator' &&
          l.audit!.file === 'zotero-embase.ris' &&
          typeof l.audit!.added === 'number',
      ),
    ).toBe(true);
    expect(audits.some((l) => l.audit!.action === 'import' && l.audit!.by === 'second')).toBe(true);
    expect(audits.some((l) => l.audit!.action === 'retract')).toBe(true);
    expect(audits.some((l) => l.audit!.action === 'removeArticle')).toBe(true);
    const all = log.lines.join('\n');
    expect(all).not.toContain(CURATOR_TOKEN);
    expect(all).not.toContain(SECOND_TOKEN);
  });

  it('redacts an authorization header wherever a request gets logged', () => {
    const capture = logCapture();
    createLogger('info', capture.stream).info(
      { req: { headers: { authorization: `Bearer ${CURATOR_TOKEN}` } } },
      'request',
    );
    expect(capture.lines.join('\n')).not.toContain(CURATOR_TOKEN);
    expect(capture.lines.join('\n')).toContain('[redacted]');
  });
});

describe('other configurations', () => {
  it('answers FORBIDDEN, saying how to enable writes, when no token is configured', async () => {
    const plain = await startTestServer();
    try {
      const before = await graphCounts(plain.db);
      const answer = await postGraphql(
        plain.url,
        IMPORT_RECORDS,
        { input: { content: fixture('ris/zotero-embase.ris') } },
        auth,
      );
      expect(answer.status).toBe(403);
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(answer.body.errors?.[0]?.message).toContain('WRITE_TOKENS');
      expect(await graphCounts(plain.db)).toEqual(before);
      // Reads stay open, whatever Authorization header a client or proxy adds.
      expect((await postGraphql(plain.url, '{ stats { articles } }')).status).toBe(200);
      expect(
        (await postGraphql(plain.url, '{ stats { articles } }', {}, { authorization: 'Basic dXNlcjpwYXNz' })).status,
      ).toBe(200);
    } finally {
      await plain.stop();
    }
  });

  it('limits failed authentications per address: 429 with Retry-After for wrong tokens, while the right token still passes', async () => {
    const limited = await startTestServer({
      write: { ...DEFAULT_WRITE_CONFIG, tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test') },
      authFailureLimiter: new AuthFailureLimiter({ maxFailures: 3, windowMs: 60_000 }),
    });
    try {
      for (let i = 0; i < 2; i += 1)
        expect(
          (
            await postGraphql(
              limited.url,
              '{ stats { articles } }',
              {},
              { authorization: `Bearer wrong-guess-${i}-xxxxxxxx` },
            )
          ).status,
        ).toBe(401);
      const blocked = await postGraphql(
        limited.url,
        '{ stats { articles } }',
        {},
        { authorization: 'Bearer wrong-guess-2-xxxxxxxx' },
      );
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(blocked.body.errors?.[0]?.extensions?.code).toBe('TOO_MANY_REQUESTS');
      expect((await postGraphql(limited.url, '{ stats { articles } }', {}, auth)).status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('requires a token for reads with READ_TOKENS_REQUIRED, and sends CORS headers only to listed origins', async () => {
    const closed = await startTestServer({
      write: {
        ...DEFAULT_WRITE_CONFIG,
        tokens: AccessTokens.parse([`curator:${CURATOR_TOKEN}`], 'test'),
        readTokensRequired: true,
        corsOrigins: ['https://lab.example.org'],
      },
    });
    try {
      const anonymous = await postGraphql(closed.url, '{ stats { articles } }');
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect((await fetch(`${closed.url}/export/topic?name=NEC`)).status).toBe(401);
      expect((await postGraphql(closed.url, '{ stats { articles } }', {}, auth)).status).toBe(200);
      const listed = await fetch(`${closed.url}/graphql`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://lab.example.org',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(listed.headers.get('access-control-allow-origin')).toBe('https://lab.example.org');
      expect(listed.headers.get('access-control-allow-headers')).toContain('Authorization');
      const other = await postGraphql(
        closed.url,
        '{ stats { articles } }',
        {},
        { ...auth, origin: 'https://evil.example.com' },
      );
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.stop();
    }
    const open = await startTestServer();
    try {
      const response = await postGraphql(open.url, '{ stats { articles } }', {}, { origin: 'https://lab.example.org' });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await open.stop();
    }
  });
});
