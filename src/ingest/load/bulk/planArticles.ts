import type { SourceReference, StatedArticle } from '../../model.ts';
import type { SourceStatement } from '../../merge/mergeStatements.ts';
import { precedes } from '../../merge/entityDescriptions.ts';
import {
  affiliationChanges,
  articleParams,
  entityRows,
  mergeViews,
  sourceRow,
  type ImportContext,
  type NewSource,
} from '../applyPlan.ts';
import { planCitations, referenceLookup } from '../citations.ts';
import { startModuleWorker } from '../../pipeline/startModuleWorker.ts';
import type { PropertyValue } from './BulkGraph.ts';
import { numberKey, sortKey } from './externalSort.ts';
import { articleRelations } from './plannedProperties.ts';
import {
  BulkLoadError,
  presentProps,
  renderNode,
  renderRelationship,
  type KnownShapes,
  type RenderedRow,
} from './writeImportFiles.ts';

/**
 * Step 4 of the bulk plan (planBulkFiles.ts) in two parts: what one article group's row makes
 * (planArticle: its article, links, entity descriptions, sources and the references that name works)
 * depends on that row alone and is most of the step's work, so it can be made on a second thread;
 * what it is then added to (the import files, sorters and in-memory reductions, and the numbering of
 * cited references) depends on the order of the rows, so planBulkFiles adds it, in that order, on
 * its own thread. The second thread also leaves out what it sent lately and what cannot change the
 * graph (repeated alias links, entity rows that cannot decide), which only spares the first thread
 * work: the import files are the same byte for byte whichever thread planned a row (a unit test
 * compares them with the thread on and off; the benchmark compares their SHA-256 at a million).
 */

/** One source of an article group as carried between passes (a NewSource without its article id). */
interface GroupSource {
  id: string;
  format: NewSource['format'];
  file: string;
  line: number | null;
  index: number;
  contentHash: string;
  /** The stored statement (JSON text), as the loader made it from the record. */
  statement: string;
  stated: StatedArticle;
  references: readonly SourceReference[];
  /** The index of the record that created it: the order of the loader's new sources (and so of citations). */
  order: number;
}

/** What a group row says of each source besides its statement and references: id, format, file, line, index, contentHash, order. */
export type SourceHead = [string, NewSource['format'], string, number | null, number, string, number];

type Rows = ReturnType<typeof entityRows>;
type TopicRow = Rows['topicRows'][number];

/** A reference of a source that names a work, without its number (given in row order by the caller). */
export interface PlannedEntry {
  /** sortKey of each key the work is grouped by. */
  sortedKeys: string[];
  /** The entry's place among all entries: its source's creating record, then its position. */
  order: string;
  /** JSON of the keys. */
  keysJson: string;
  /** JSON of the entry without its number `e`: `{"sourceId":…}`. */
  rest: string;
}

/** What one article group's row makes, before anything shared is touched. */
export interface ArticleOps {
  id: string;
  /**
   * The import-file rows of the article, its links, and each source with its DESCRIBES link, in that
   * order (rendered here: writing them is most of what the files cost).
   */
  rows: RenderedRow[];
  /** The article's identifier aliases. */
  aliases: string[];
  topicRows: Rows['topicRows'];
  journalRows: Rows['journalRows'];
  institutionRows: Rows['institutionRows'];
  authorRows: Rows['authorRows'];
  aliasRows: Array<{ id: string; aliases: readonly string[] }>;
  /** [institution id, author id, articles] per affiliation gained. */
  affiliations: Array<[string, string, number]>;
  /** Per source, the references that name works. */
  sources: Array<{ entries: PlannedEntry[] }>;
}

/** What planArticle needs besides the row: the import, and each journal statement's key (step 3). */
export interface ArticlePlanContext {
  ctx: ImportContext;
  journalKeys: ReadonlyMap<string, string>;
}

/** Separates the fields of a group row (JSON text holds no tab). */
const TAB = '\t';

/** The ops of one group row (`head TAB statement TAB references`, and again per further source). */
export async function planArticle(
  line: string,
  { ctx, journalKeys }: ArticlePlanContext,
  known: KnownShapes,
): Promise<ArticleOps> {
  const parts = line.split(TAB);
  const [id, ...heads] = JSON.parse(parts[0]!) as [string, ...SourceHead[]];
  const sources: GroupSource[] = heads.map(([sourceId, format, file, at, index, contentHash, order], k) => {
    const statement = parts[1 + 2 * k]!;
    const references = parts[2 + 2 * k]!;
    return {
      id: sourceId,
      format,
      file,
      line: at,
      index,
      contentHash,
      statement,
      stated: JSON.parse(statement) as StatedArticle,
      references: references === '[]' ? [] : (JSON.parse(references) as SourceReference[]),
      order,
    };
  });
  const planned = [
    {
      id,
      sources: sources.map((s) => {
        const journal = s.stated.journal;
        // assignJournalKeys' copies: the view gets the journal's key, the stored statement keeps its own.
        const article = journal
          ? { ...s.stated, journal: { ...journal, key: journalKeys.get(JSON.stringify(journal))! } }
          : s.stated;
        return { id: s.id, format: s.format, file: s.file, importedAt: ctx.importedAt, article };
      }),
    },
  ];
  const views = mergeViews(planned as Array<{ id: string; sources: SourceStatement[] }>);
  const { view, sourceCount } = views[0]!;
  const art = articleParams(id, view, sourceCount);
  const rows: RenderedRow[] = [
    renderNode(
      {
        group: 'Entity',
        key: id,
        labels: ['Article', 'Entity'],
        props: presentProps({
          id,
          ...art.props,
          doiLower: art.props.doi === null ? null : art.props.doi.toLowerCase(),
          titleLower: art.props.title.toLowerCase(),
        }),
      },
      known,
    ),
  ];
  for (const r of articleRelations(art))
    rows.push(
      renderRelationship(
        { type: r.type, startGroup: 'Entity', start: r.start, endGroup: 'Entity', end: r.end, props: r.props },
        known,
      ),
    );
  // The entity descriptions of this view: entityRows of one view is its first most trusted description
  // of each entity, and a reduction in view order over them is entityRows over all views.
  const entities = entityRows(views);
  const affiliations: ArticleOps['affiliations'] = [];
  for (const gain of affiliationChanges(views, []).affiliationGains)
    for (const x of gain.institutions) affiliations.push([x.id, gain.authorId, x.articles]);

  // Sources, their reference texts, and the references that name works.
  const plannedSources: ArticleOps['sources'] = [];
  for (const s of sources) {
    const source: NewSource = {
      id: s.id,
      articleId: id,
      format: s.format,
      file: s.file,
      line: s.line,
      index: s.index,
      contentHash: s.contentHash,
      stated: s.stated,
      statement: s.statement,
      references: s.references,
    };
    const row = sourceRow(source, ctx);
    const props: Record<string, PropertyValue> = { id: row.id, ...row.props };
    if (s.references.length > 0) {
      // The per-source part of planCitations (its texts do not depend on other sources or the graph).
      const { texts } = await planCitations([{ sourceId: s.id, articleId: id, references: s.references }], () => []);
      for (const t of texts) Object.assign(props, { referenceTexts: t.texts, referenceCount: t.count });
    }
    const entries: PlannedEntry[] = [];
    for (const [k, ref] of s.references.entries()) {
      const lookup = referenceLookup(ref);
      if (!lookup) continue;
      const position = k + 1;
      const keys = lookup.keys.length > 0 ? lookup.keys : [lookup.recordKey!];
      entries.push({
        sortedKeys: keys.map(sortKey),
        order: `${numberKey(s.order)}${numberKey(position)}`,
        keysJson: JSON.stringify(keys),
        // The entry as planCitations numbers it, `e` first (entryJson puts it back in front).
        rest: JSON.stringify({ sourceId: s.id, articleId: id, position, ref, strong: lookup.keys, keys }),
      });
    }
    rows.push(renderNode({ group: 'Source', key: s.id, labels: ['Source'], props: presentProps(props) }, known));
    rows.push(
      renderRelationship(
        { type: 'DESCRIBES', startGroup: 'Source', start: s.id, endGroup: 'Entity', end: id, props: {} },
        known,
      ),
    );
    plannedSources.push({ entries });
  }
  return {
    id,
    rows,
    aliases: [...art.aliases],
    topicRows: entities.topicRows,
    journalRows: entities.journalRows,
    institutionRows: entities.institutionRows,
    authorRows: entities.authorRows,
    aliasRows: entities.aliasRows.map((e) => ({ id: e.id, aliases: e.aliases })),
    affiliations,
    sources: plannedSources,
  };
}

/**
 * Drops the alias links of `ops` that `recent` holds (and holds the others): the same link again adds
 * nothing to the graph (the alias reduction keeps each value and link once), so leaving out repeats
 * only spares the thread that adds them. `recent` is cleared when it reaches `limit` links.
 */
export function dropRepeatedAliases(ops: ArticleOps, recent: Set<string>, limit: number): void {
  ops.aliasRows = ops.aliasRows.map(({ id, aliases }) => ({
    id,
    aliases: aliases.filter((value) => {
      const key = `${id}\u0000${value}`;
      if (recent.has(key)) return false;
      if (recent.size >= limit) recent.clear();
      recent.add(key);
      return true;
    }),
  }));
}

export type Described = { rank: number; decidedBy: string; decidedAt: string };

/** Whether a description row decides over another (entityRows' precedence). */
export function better(a: Described, b: Described): boolean {
  return precedes(
    { facts: { rank: a.rank }, decidedBy: a.decidedBy, decidedAt: a.decidedAt },
    { facts: { rank: b.rank }, decidedBy: b.decidedBy, decidedAt: b.decidedAt },
  );
}

/** Topic, institution and author rows a thread sent lately, by id (cleared at `limit` each). */
export interface SentRows {
  topics: Map<string, Described>;
  institutions: Map<string, Described>;
  authors: Map<string, Described>;
  limit: number;
}

/**
 * Drops the topic, institution and author rows of `ops` that do not decide over a row of the same
 * entity this thread sent before (and notes the others). Each entity is described by its first most
 * trusted row in the rows' order (the reduction of planBulkFiles), and the earlier row reaches that
 * reduction, so a later row that does not decide over it never decides: leaving it out changes
 * nothing but the work of the thread that adds the rows. (Journal rows gather every ISSN stated, so
 * they all go.)
 */
export function dropUndecidingRows(ops: ArticleOps, sent: SentRows): void {
  const keep = <R extends Described & { id: string }>(
    rows: R[],
    seen: Map<string, Described>,
    decides: (a: Described, b: Described) => boolean,
  ): R[] =>
    rows.filter((row) => {
      const before = seen.get(row.id);
      if (before !== undefined && !decides(row, before)) return false;
      if (seen.size >= sent.limit) seen.clear();
      seen.set(row.id, { rank: row.rank, decidedBy: row.decidedBy, decidedAt: row.decidedAt });
      return true;
    });
  ops.topicRows = keep(ops.topicRows as Array<TopicRow & Described>, sent.topics, (a, b) => a.rank < b.rank);
  ops.institutionRows = keep(ops.institutionRows, sent.institutions, better);
  ops.authorRows = keep(ops.authorRows, sent.authors, better);
}

/** The JSON of an entry numbered `e`: JSON.stringify of `{e, ...rest}`. */
export function entryJson(e: number, rest: string): string {
  return `{"e":${e},${rest.slice(1)}`;
}

/** Rows planned per message to the second thread. */
const BATCH = 128;
/** Batches the second thread is given at once: it never waits for this one to send more. */
const IN_FLIGHT = 3;
/** Batches read ahead (their rows held): what the second thread is given from. */
const AHEAD = 8;

type Batch = {
  groups: number[];
  lines: string[];
  /** Given to the second thread: what it sends back. */
  result?: Promise<ArticleOps[]>;
  /** Its ops, once back or planned here. */
  ops?: ArticleOps[];
};

/**
 * Each row's ops in the order of the rows. With `thread`, batches of rows are planned on a second
 * thread while this one adds the ops of the rows before them: the thread is given the next batch not
 * yet given as soon as it sends one back, and a batch that reaches the front without having been given
 * is planned here, so neither thread waits for the other long (the sorting thread of externalSort
 * shares the second core).
 */
export async function* plannedInOrder(
  rows: Iterable<[number, string]>,
  context: ArticlePlanContext,
  thread: boolean,
  /** The shapes the writer on this thread met (ImportFileWriter.known): rows planned here render with it. */
  known: KnownShapes,
): AsyncGenerator<[number, ArticleOps]> {
  if (!thread) {
    for (const [g, line] of rows) yield [g, await planArticle(line, context, known)];
    return;
  }
  const input = rows[Symbol.iterator]();
  let ended = false;
  const readBatch = (): Batch | undefined => {
    const groups: number[] = [];
    const lines: string[] = [];
    while (!ended && groups.length < BATCH) {
      const next = input.next();
      if (next.done) ended = true;
      else {
        groups.push(next.value[0]);
        lines.push(next.value[1]);
      }
    }
    return groups.length > 0 ? { groups, lines } : undefined;
  };
  /** Batches read and not yet given out; the first is the next in order. */
  const queue: Batch[] = [];
  const give = () => {
    // Never the front batch when this thread is about to plan it: only batches behind it.
    for (let k = 1; k < queue.length && planner.inFlight < IN_FLIGHT; k += 1) {
      const batch = queue[k]!;
      if (batch.result || batch.ops) continue;
      batch.result = planner.plan(batch.lines);
      // Awaited when the batch reaches the front; one never reached (the plan failed) is not an unhandled rejection.
      batch.result.then(
        (ops) => (batch.ops = ops),
        () => undefined,
      );
    }
  };
  const planner = new ArticleThread(context, give);
  const planHere = async (lines: string[]): Promise<ArticleOps[]> => {
    const ops: ArticleOps[] = [];
    for (const line of lines) ops.push(await planArticle(line, context, known));
    return ops;
  };
  try {
    for (;;) {
      while (!ended && queue.length < AHEAD) {
        const batch = readBatch();
        if (batch) queue.push(batch);
      }
      // A turn of the event loop: what the thread sent back is taken in, and it is given more.
      await new Promise<void>((resolve) => setImmediate(resolve));
      give();
      const batch = queue[0];
      if (!batch) break;
      if (!batch.ops && batch.result) {
        // The thread is still at the next batch: plan one it was not given here meanwhile.
        const spare = queue.find((b, k) => k > 0 && !b.result && !b.ops);
        if (spare) {
          spare.ops = await planHere(spare.lines);
          continue;
        }
      }
      const ops = batch.ops ?? (batch.result ? await batch.result : await planHere(batch.lines));
      queue.shift();
      for (const [k, g] of batch.groups.entries()) yield [g, ops[k]!];
    }
  } finally {
    input.return?.();
    await planner.close();
  }
}

/** The second thread that plans batches of rows (planArticlesWorker.ts). */
class ArticleThread {
  private readonly worker;
  private readonly jobs = new Map<number, { resolve: (ops: ArticleOps[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  private failure: Error | undefined;

  constructor(
    context: ArticlePlanContext,
    /** Called after each batch comes back, so that the thread is given the next at once. */
    private readonly onReturn: () => void,
  ) {
    this.worker = startModuleWorker(new URL('./planArticlesWorker.ts', import.meta.url), {
      workerData: { ctx: context.ctx, journalKeys: [...context.journalKeys] },
    });
    this.worker.on('message', (message: { id: number; ops?: ArticleOps[]; error?: string; refused?: boolean }) => {
      const job = this.jobs.get(message.id);
      if (!job) return;
      this.jobs.delete(message.id);
      // A value the files cannot hold is refused by name, as it is when planned on this thread.
      if (message.error !== undefined)
        job.reject(
          message.refused
            ? new BulkLoadError(message.error)
            : new Error(`bulk plan (article thread): ${message.error}`),
        );
      else job.resolve(message.ops!);
      this.onReturn();
    });
    const fail = (error: Error) => {
      this.failure ??= error;
      for (const job of this.jobs.values()) job.reject(error);
      this.jobs.clear();
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the bulk plan's article thread stopped (exit code ${code})`)));
  }

  get inFlight(): number {
    return this.jobs.size;
  }

  plan(lines: string[]): Promise<ArticleOps[]> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    const result = new Promise<ArticleOps[]>((resolve, reject) => this.jobs.set(id, { resolve, reject }));
    this.worker.postMessage({ id, lines });
    return result;
  }

  async close(): Promise<void> {
    this.failure ??= new Error('the bulk plan is over');
    await this.worker.terminate();
  }
}
