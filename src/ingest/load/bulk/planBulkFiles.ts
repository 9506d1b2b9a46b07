import { authorFacts, institutionFacts, journalFacts, topicFacts } from './plannedProperties.ts';
import { disjointSets } from './disjointSets.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedArticle, SourceReference, StatedArticle, Vocabulary } from '../../model.ts';
import type { ImportNode } from '../../../graph/index.ts';
import { aliasValue, articleIdentifierKeys, entityId, strongestArticleId } from '../../../identity/index.ts';
import type { SourceStatement } from '../../merge/mergeStatements.ts';
import { assignJournalKeys, type entityRows, type ImportContext } from '../applyPlan.ts';
import { referenceProps } from '../citations.ts';
import { TOPIC_RELATION_STATEMENTS, vocabularyTopicParams } from '../loadGraph.ts';
import {
  planRecordSources,
  prepareRecords,
  type CurrentSource,
  type RecordOutcome,
  type RecordStatus,
} from '../loadStatements.ts';
import { assignTargets } from '../resolveArticles.ts';
import type { BulkNode, PropertyValue } from './BulkGraph.ts';
import { ExternalSorter, LineFile, numberKey, SpillPool, sortKey, type SpillStats } from './externalSort.ts';
import { ImportFileWriter, presentProps, type ImportFile, type Placeholder } from './writeImportFiles.ts';
import { better, entryJson, plannedInOrder, type Described, type SourceHead } from './planArticles.ts';

/**
 * Memory for buffered rows when none is given: all sorters together (the rest of the plan holds little).
 * Smaller is faster here, down to a point: at a million records the plan took 759 s with 1024 MB and
 * 565 s with 256 MB under the profiler (larger buffers cost more to sort and keep more for the
 * collector to scan), and 128 MB was slower again than 256 MB (each in-memory reduction holds fewer
 * entities: bench/RESULTS.md).
 */
export const DEFAULT_BULK_MEMORY_MB = 256;

/** Options of planBulkFiles. */
export interface StreamPlanOptions {
  vocabulary: Vocabulary;
  /** The records in load order; read once. */
  articles: Iterable<NormalizedArticle> | AsyncIterable<NormalizedArticle>;
  context: ImportContext;
  /** Where the import files are written. */
  dir: string;
  /** Where sorted runs go (removed as they are merged); `dir` when absent. */
  spillDir?: string;
  /** Bytes of rows all sorters together buffer before spilling runs to disk. */
  memoryBytes?: number;
  /** Keep every record's outcome (a million records: a few hundred MB); else only counts per status. */
  keepOutcomes?: boolean;
  /**
   * Sort spilled runs on a second thread while the plan goes on (false when absent): the sorters then
   * buffer half of `memoryBytes`, the thread's run the other half. The files are the same either way.
   * The thread holds its run as strings, more than the bytes the budget counts: with a 1024 MB budget
   * at a million records the loader's peak RSS rose from 3.2 to 4.1 GB; with 256 MB it was 2.0–2.4 GB
   * (bench/RESULTS.md). bulkLoadLocal turns it on where there is a second core.
   */
  backgroundSort?: boolean;
  /**
   * Plan each article's row on a second thread while this one adds what the rows before it made
   * (false when absent; planArticles.ts). The files are the same either way.
   */
  articleThread?: boolean;
}

/** What planBulkFiles wrote. */
export interface StreamPlan {
  files: ImportFile[];
  placeholders: Placeholder[];
  counts: { nodes: number; relationships: number };
  records: number;
  /** Each record's outcome, in record order (keepOutcomes), else null. */
  outcomes: RecordOutcome[] | null;
  statuses: Record<RecordStatus, number>;
  spill: SpillStats;
}

/** A reference of a new source that names a work (planCitations' entries). */
interface Entry {
  e: number;
  sourceId: string;
  articleId: string;
  position: number;
  ref: SourceReference;
  /** The lookup's identifier keys ([] for a title-only reference). */
  strong: string[];
  /** The keys the work is grouped by (identifier keys, or the record key). */
  keys: string[];
}

/** Separates an id from the order after it in a sort key (below every character sortKey leaves). */
const AFTER = '\u0001';
const MARK = '\u0000';
/** Separates the fields of a records line or group row (JSON text holds no tab). */
const TAB = '\t';
/** The length of numberKey's keys. */
const WORK_KEY_LENGTH = numberKey(0).length;

/**
 * The bulk path's plan in streaming passes, for any number of records in bounded memory. It writes the
 * same graph as planBulkGraph (the transactional loader's graph in an empty database, one import) straight
 * into import files, keeping in memory only what does not grow with the records' content: 4 bytes per
 * record and per cited reference (union-find over indexes), the vocabulary, one entry per distinct
 * journal statement (journal keys are decided over all of them, as assignJournalKeys does), and a bounded
 * number of entities reduced before they are sorted (FirstBest, AffiliationSum). Every other global
 * decision is a reduction over rows sorted by key (externalSort.ts), spilled to disk in sorted runs when
 * the buffered rows pass `memoryBytes`:
 *
 * 1. each record is planned as read as if it were alone in its group (the loader's own steps:
 *    assignTargets, prepareRecords, planRecordSources) and written to a file with that plan, and its
 *    identity keys (identifiers, or the record key of a record without any) go to a sorter; records
 *    sharing a key are one article (union-find by index, the smallest index is the root: the article's
 *    place in the loader's order);
 * 2. records alone in their group keep the plan made as read (read back in step 4, not parsed), the
 *    others are sorted by group and their group planned again by the same steps, written in the
 *    order of their places (a group's place is its first record's, so the groups come out in that
 *    order when the records are read back in theirs). A group carries its statements as the JSON text the loader
 *    stores, parsed once in step 4 (JSON is most of what the passes cost);
 * 3. in that order the distinct journal statements are given their keys (assignJournalKeys);
 * 4. each article is merged (mergeViews) and written with its links and sources; its entity
 *    descriptions (entityRows of its view alone), aliases, affiliations and cited references go to
 *    sorters;
 * 5. reductions: each topic, journal, institution and author by its first most trusted description (the
 *    order of the loader's precedence: the same as one entityRows over all views; step 4 keeps each
 *    entity's first best of consecutive articles in memory and sorts only those), PART_OF and
 *    AFFILIATED_WITH joined with the institutions, cited works grouped by shared keys (union-find),
 *    looked up among the articles' aliases and ids, then reference-only articles and CITES edges;
 *    aliases last, each value once.
 */
export async function planBulkFiles(options: StreamPlanOptions): Promise<StreamPlan> {
  const budget = options.memoryBytes ?? DEFAULT_BULK_MEMORY_MB * 1024 * 1024;
  const background = options.backgroundSort ?? false;
  // One budget for all sorters together (a dozen fill at once in step 4): the largest spills first.
  // With runs sorted on a second thread, that thread holds a run of up to the pool's budget too.
  const pool = new SpillPool(background ? Math.floor(budget / 2) : budget, { background });
  try {
    return await planWith(options, budget, pool);
  } finally {
    await pool.close();
  }
}

/** A sorter's lines in key order, once its runs sorted in the background are written. */
async function inOrder(sorter: ExternalSorter): Promise<Generator<[string, string]>> {
  await sorter.ready();
  return sorter.sorted();
}

async function planWith(options: StreamPlanOptions, budget: number, pool: SpillPool): Promise<StreamPlan> {
  const { vocabulary, context: ctx } = options;
  const spillDir = options.spillDir ?? options.dir;
  mkdirSync(spillDir, { recursive: true });
  /** Entities (or alias links) each in-memory reduction holds at most (FirstBest, AffiliationSum, recent aliases). */
  const held = Math.max(8, Math.floor(budget / HELD_BYTES));
  const spill = pool.stats;
  let sorters = 0;
  const sorter = (name: string) => new ExternalSorter(spillDir, `${name}-${sorters++}`, pool);
  const add = (s: ExternalSorter, key: string, value: string) => s.add(key, value);
  const writer = new ImportFileWriter(options.dir);
  const node = (group: BulkNode['group'], key: string, labels: string[], props: Record<string, PropertyValue>) =>
    writer.node({ group, key, labels, props: presentProps(props) });
  const rel = (
    type: string,
    start: string,
    end: string,
    props: Record<string, PropertyValue> = {},
    startGroup: BulkNode['group'] = 'Entity',
    endGroup: BulkNode['group'] = 'Entity',
  ) => writer.relationship({ type, startGroup, start, endGroup, end, props });

  // ---- Vocabulary (reference data: held in memory, its size does not grow with the records).
  const unknown = vocabulary.relations.find((relation) => !(relation.type in TOPIC_RELATION_STATEMENTS));
  if (unknown) {
    throw new Error(
      `Vocabulary relation type "${unknown.type}" (${unknown.fromKey} -> ${unknown.toKey}) is not one of ${Object.keys(TOPIC_RELATION_STATEMENTS).join(', ')}`,
    );
  }
  const aliases = sorter('aliases');
  /** MERGE (a:Alias {value})-[:ALIAS_OF]->(entity), or the alias node alone. */
  // The same link again adds nothing (each value one node, each link once): the recent ones are skipped.
  // (Each link is added when first met; the ones held are only the recent ones, so nothing is released.)
  const recentAliases = new HeldEntries<true>(held, () => {});
  const alias = (value: string, entity: string | null) => {
    const key = `${sortKey(value)}${entity === null ? MARK : `${AFTER}${sortKey(entity)}`}`;
    if (recentAliases.get(key)) return;
    recentAliases.set(key, true);
    add(aliases, key, JSON.stringify([value, entity]));
  };
  const vocabularyTopics = new Map<string, Record<string, PropertyValue>>();
  for (const t of vocabulary.topics.map(vocabularyTopicParams)) {
    // The curated vocabulary's own rank, 0, before any record's.
    vocabularyTopics.set(t.id, { ...topicFacts({ ...t, rank: 0 }), vocabulary: true });
    for (const v of t.aliases) alias(v, t.id);
  }
  const topicLinks = new Set<string>();
  for (const type of Object.keys(TOPIC_RELATION_STATEMENTS)) {
    for (const relation of vocabulary.relations.filter((r) => r.type === type)) {
      const [from, to] = [entityId('Topic', relation.fromKey), entityId('Topic', relation.toKey)];
      const key = `${type}\u0000${from}\u0000${to}`;
      if (!vocabularyTopics.has(from) || !vocabularyTopics.has(to) || topicLinks.has(key)) continue;
      topicLinks.add(key);
      rel(type, from, to);
    }
  }

  // ---- Step 1: each record planned as if alone in its group, to a file; its identity keys to a sorter.
  const statuses: Record<RecordStatus, number> = { added: 0, updated: 0, unchanged: 0 };
  const outcomes: Array<[number, RecordOutcome]> | null = options.keepOutcomes ? [] : null;
  const recordsFile = path.join(spillDir, 'records.rows');
  const records = new LineFile(recordsFile);
  // Each record's journal statement again, a line each ('' for none): step 3 reads these alone.
  const journalsFile = path.join(spillDir, 'journals.rows');
  const journalLines = new LineFile(journalsFile);
  const identity = sorter('identity');
  let n = 0;
  const read = (article: NormalizedArticle) => {
    const i = n++;
    const keys = articleIdentifierKeys(article);
    // As assignTargets: records join by any shared identifier; a record without one by its record key.
    for (const key of keys.length > 0 ? keys : [`weak:${article.recordKey}`]) add(identity, sortKey(key), numberKey(i));
    // Most records are alone in their group, and a group of one depends on its record only: its row is
    // made now, from the statement JSON the loader's own steps make anyway, and copied unparsed in step 2.
    const alone = planGroup([i], [article]);
    const [, outcome] = alone.outcomes[0]!;
    records.write(
      [
        JSON.stringify(article.origin),
        outcome.status,
        outcomes ? JSON.stringify(outcome) : '',
        alone.journals[0]!,
        alone.row,
      ].join(TAB),
    );
    journalLines.write(alone.journals[0]!);
  };
  // ---- Step 2: each group of several records through the loader's identity and source steps again.
  // A group's place is its smallest record index, so the groups are already in the order of their
  // places when records alone in their group are read from the records file in record order and each
  // larger group is met at its first record. Only the larger groups are written again (in the order
  // of their places, as the members sorter gives them): at a million records the groups sorted by
  // place were a third of all spilled rows (3.5 GB), written, sorted and merged only to come out in
  // the order they were read.
  const multiFile = path.join(spillDir, 'groups.rows');
  const multiGroups = new LineFile(multiFile);
  /**
   * A group's row and its journal statements (JSON text, '' for none), in the
   * loader's order of its sources. The row is `head TAB statement TAB references` and again per source:
   * the statement is the stored JSON the loader made (parsed once, in step 4, and never made again), and
   * JSON text holds no tab.
   */
  function planGroup(
    indexes: number[],
    articles: NormalizedArticle[],
  ): { row: string; journals: string[]; outcomes: Array<[number, RecordOutcome]> } {
    const { targets } = assignTargets(articles, []);
    const id = targets[0]!;
    const prepared = prepareRecords(articles);
    const current = new Map<string, CurrentSource[]>([[id, []]]);
    const plan = planRecordSources(articles, prepared, targets, current);
    const creator = new Map<string, number>();
    const planned = plan.outcomes.map((o, k): [number, RecordOutcome] => {
      creator.set(o.sourceId, indexes[k]!);
      return [indexes[k]!, o];
    });
    const head: Array<string | SourceHead> = [id];
    const parts: string[] = [];
    const journals: string[] = [];
    for (const s of current.get(id)!) {
      const p = s.planned!;
      head.push([p.id, p.format, p.file, p.line, p.index, p.contentHash, creator.get(p.id)!]);
      parts.push(p.statement, p.references && p.references.length > 0 ? JSON.stringify(p.references) : '[]');
      journals.push(p.stated.journal ? JSON.stringify(p.stated.journal) : '');
    }
    return { row: [JSON.stringify(head), ...parts].join(TAB), journals, outcomes: planned };
  }
  // An array or generator without a promise per record; a stream of records read from files as it comes.
  const input = options.articles;
  if (Symbol.iterator in input) for (const article of input) read(article);
  else for await (const article of input) read(article);
  records.close();
  journalLines.close();
  const { find, union } = disjointSets(n);
  for (const { values } of groupBy(await inOrder(identity), (key) => key)) {
    const first = Number.parseInt(values[0]!, 36);
    for (const v of values.slice(1)) union(first, Number.parseInt(v, 36));
  }
  const members = new Int32Array(n);
  for (let i = 0; i < n; i += 1) members[find(i)]! += 1;

  const multi = sorter('members');
  let i = 0;
  for (const line of LineFile.read(recordsFile)) {
    const root = find(i);
    if (members[root] === 1) {
      const [, status, outcome] = fields(line, 4);
      statuses[status as RecordStatus] += 1;
      if (outcomes) outcomes.push([i, JSON.parse(outcome!) as RecordOutcome]);
    } else add(multi, numberKey(root), `${numberKey(i)} ${line}`);
    i += 1;
  }
  for (const { key, values } of groupBy(await inOrder(multi), (k) => k)) {
    const indexes = values.map((v) => Number.parseInt(v.slice(0, v.indexOf(' ')), 36));
    // The record again from its origin, statement and references (what the loader's steps read of it).
    const articles = values.map((v) => {
      const [origin, , , , , statement, references] = fields(v.slice(v.indexOf(' ') + 1), 7);
      return {
        ...(JSON.parse(statement!) as StatedArticle),
        origin: JSON.parse(origin!) as NormalizedArticle['origin'],
        references: JSON.parse(references!) as SourceReference[],
      } as NormalizedArticle;
    });
    const group = planGroup(indexes, articles);
    for (const [k, o] of group.outcomes) {
      statuses[o.status] += 1;
      outcomes?.push([k, o]);
    }
    multiGroups.write([key, JSON.stringify(group.journals), group.row].join(TAB));
  }
  multiGroups.close();
  /**
   * Every group in the order of its place, as `single` reads the line (of `singleFile`, a line per
   * record) of a record alone in its group and `several` the line of a larger group (`place TAB
   * journals TAB row`).
   */
  function* inPlaceOrder<T>(
    singleFile: string,
    single: (line: string) => T,
    several: (line: string) => T,
  ): Generator<[number, T]> {
    const larger = LineFile.read(multiFile);
    try {
      let r = 0;
      for (const line of LineFile.read(singleFile)) {
        const g = r++;
        const root = find(g);
        if (members[root] === 1) yield [g, single(line)];
        else if (root === g) {
          const next = larger.next();
          if (next.done || !next.value.startsWith(`${numberKey(g)}${TAB}`))
            throw new Error(`bulk plan: the group of record ${g} is not where its place says`);
          yield [g, several(next.value)];
        }
      }
    } finally {
      larger.return(undefined);
    }
  }

  // ---- Step 3: the distinct journal statements, in the loader's order, given their keys.
  const journalStatements = new Map<string, SourceStatement['article']['journal']>();
  // The journal statements in the order the loader meets them (its articles in order, each one's sources).
  const groupJournals = inPlaceOrder(
    journalsFile,
    (line) => [line],
    (line) => JSON.parse(fields(line, 3)[1]!) as string[],
  );
  for (const [, texts] of groupJournals)
    for (const text of texts)
      if (text !== '' && !journalStatements.has(text))
        journalStatements.set(text, JSON.parse(text) as SourceStatement['article']['journal']);
  // A journal statement's key depends only on what it states and on the statements before it (the
  // first of equal statements decides; assignJournalKeys), so the distinct ones in order decide all.
  const journalKeys = new Map<string, string>();
  {
    const texts = [...journalStatements.keys()];
    const { articles } = assignJournalKeys(
      [
        {
          sources: texts.map(
            (text) => ({ article: { journal: journalStatements.get(text) } }) as unknown as SourceStatement,
          ),
        },
      ],
      [],
    );
    for (const [k, s] of articles[0]!.sources.entries()) journalKeys.set(texts[k]!, s.article.journal!.key);
    journalStatements.clear();
  }

  // ---- Step 4: articles, their links and sources written; the rest to sorters.
  const topics = sorter('topics');
  const journals = sorter('journals');
  const institutions = sorter('institutions');
  const authors = sorter('authors');
  const affiliations = sorter('affiliations');
  const partOf = sorter('partOf');
  const refKeys = sorter('refKeys');
  const entries = sorter('entries');
  const lookups = sorter('lookups');
  // Entity descriptions and affiliations reduced in memory first (most rows repeat an entity seen a few
  // articles before); each holds at most `held` entities before it passes what it holds on to its sorter.
  const topicBest = new FirstBest<TopicRow>(topics, held, (a, b) => a.rank < b.rank);
  // A journal's first place (its ISSN identifiers go to the first journal that holds them) and every ISSN stated.
  const journalBest = new FirstBest<JournalRow>(
    journals,
    held,
    (a, b) => better(a, b),
    (best, kept, row) => ({
      ...best,
      g: kept.g,
      statedIssns: [...new Set([...kept.statedIssns, ...row.statedIssns])],
    }),
  );
  const institutionBest = new FirstBest<InstitutionRow>(institutions, held, better);
  const authorBest = new FirstBest<AuthorRow>(authors, held, better);
  const affiliationSum = new AffiliationSum(affiliations, held);
  let entryCount = 0;
  let anySource = false;
  const groupRows = inPlaceOrder(
    recordsFile,
    (line) => fields(line, 5)[4]!,
    (line) => fields(line, 3)[2]!,
  );
  // What each row makes is planned apart (planArticles.ts; on a second thread with `articleThread`),
  // and added here in row order: the files, sorters and reductions see the rows as the loader would.
  const articleOps = plannedInOrder(groupRows, { ctx, journalKeys }, options.articleThread ?? false, writer.known);
  for await (const [g, ops] of articleOps) {
    const { id } = ops;
    // The article, its links, and its sources with their DESCRIBES links, in the order they were planned.
    for (const row of ops.rows) writer.add(row);
    for (const v of ops.aliases) {
      alias(v, id);
      // What a cited reference finds this article by (FIND_CITED: identifier aliases and ids).
      add(lookups, `a:${sortKey(v)}${MARK}`, JSON.stringify(id));
    }
    add(lookups, `i:${sortKey(id)}${MARK}`, JSON.stringify(id));
    for (const t of ops.topicRows) topicBest.add(t.id, g, t);
    for (const j of ops.journalRows) journalBest.add(j.id, g, { g, ...j });
    for (const x of ops.institutionRows) institutionBest.add(x.id, g, x);
    for (const a of ops.authorRows) authorBest.add(a.id, g, a);
    for (const e of ops.aliasRows) for (const v of e.aliases) alias(v, e.id);
    for (const [institutionId, authorId, articles] of ops.affiliations)
      affiliationSum.add(institutionId, authorId, articles);
    for (const s of ops.sources) {
      anySource = true;
      for (const entry of s.entries) {
        const e = entryCount++;
        for (const key of entry.sortedKeys) add(refKeys, key, numberKey(e));
        // Its number and keys before it, so that the grouping pass reads them without parsing the reference.
        add(entries, entry.order, `${numberKey(e)}${TAB}${entry.keysJson}${TAB}${entryJson(e, entry.rest)}`);
      }
    }
  }
  for (const combined of [topicBest, journalBest, institutionBest, authorBest, affiliationSum]) combined.flush();
  if (anySource)
    node('Import', ctx.importId, ['Import'], {
      id: ctx.importId,
      startedAt: ctx.importedAt,
      importedBy: ctx.importedBy,
      tool: ctx.tool,
    } satisfies ImportNode);

  // ---- Step 5: reductions.
  // Topics: the first of the lowest rank (entityRows' best), over a vocabulary topic only at rank 0.
  for (const { values } of groupBy(await inOrder(topics), beforeOrder)) {
    let best: TopicRow | undefined;
    for (const v of values) {
      const t = JSON.parse(v) as NonNullable<typeof best>;
      if (!best || t.rank < best.rank) best = t;
    }
    const t = best!;
    const known = vocabularyTopics.get(t.id);
    vocabularyTopics.delete(t.id);
    const props = { ...known, id: t.id };
    if (!known || t.rank <= (known['rank'] as number)) {
      Object.assign(props, topicFacts(t));
    }
    node('Entity', t.id, ['Topic', 'Entity'], props);
  }
  for (const [id, props] of vocabularyTopics) node('Entity', id, ['Topic', 'Entity'], { id, ...props });
  vocabularyTopics.clear();

  // Journals: the deciding description; every ISSN any states; ISSN identifiers to the first journal
  // (in the loader's order) that holds them.
  const identifiers = sorter('identifiers');
  for (const { values } of groupBy(await inOrder(journals), beforeOrder)) {
    const rows = values.map((v) => JSON.parse(v) as JournalRow);
    const j = decide(rows);
    const stated = [...new Set(rows.flatMap((r) => r.statedIssns))].sort();
    node('Entity', j.id, ['Journal', 'Entity'], {
      id: j.id,
      ...journalFacts(j),
      statedIssns: stated.length > 0 ? stated : null,
    });
    for (const v of j.identifiers)
      add(identifiers, `${sortKey(v)}${AFTER}${numberKey(rows[0]!.g)}`, JSON.stringify([v, j.id]));
  }
  for (const { values } of groupBy(await inOrder(identifiers), beforeOrder)) {
    const [v, id] = JSON.parse(values[0]!) as [string, string];
    alias(v, null);
    alias(v, id);
  }

  // Institutions, with the PART_OF link of the deciding description when its parent is an institution.
  for (const { key, values } of groupBy(await inOrder(institutions), beforeOrder)) {
    const i = decide(values.map((v) => JSON.parse(v) as InstitutionRow));
    node('Entity', i.id, ['Institution', 'Entity'], { id: i.id, ...institutionFacts(i) });
    // The institution exists (MARK sorts before its children) …
    add(partOf, `${key}${MARK}`, '""');
    add(affiliations, `${key}${MARK}`, '""');
    // … and its parent link waits for the parent's mark.
    if (i.parentId !== null) add(partOf, `${sortKey(i.parentId)}${AFTER}`, JSON.stringify(i.id));
  }
  for (const { key, values, rests } of groupBy(await inOrder(partOf), beforeMark)) {
    if (!rests[0]!.startsWith(MARK)) continue; // the parent is no institution: no link (as MATCH finds none)
    for (const v of values.slice(1)) rel('PART_OF', JSON.parse(v) as string, unKey(key));
  }
  // AFFILIATED_WITH: articles counted per author and institution, when the institution exists.
  for (const { key, values, rests } of groupBy(await inOrder(affiliations), beforeMark)) {
    if (!rests[0]!.startsWith(MARK)) continue;
    const counts = new Map<string, number>();
    for (const v of values.slice(1)) {
      const [authorId, articles] = JSON.parse(v) as [string, number];
      counts.set(authorId, (counts.get(authorId) ?? 0) + articles);
    }
    for (const [authorId, articles] of counts) rel('AFFILIATED_WITH', authorId, unKey(key), { articles });
  }
  for (const { values } of groupBy(await inOrder(authors), beforeOrder)) {
    const au = decide(values.map((v) => JSON.parse(v) as AuthorRow));
    node('Entity', au.id, ['Author', 'Entity'], { id: au.id, ...authorFacts(au) });
  }

  // Citations (planCitations over every new source): references sharing a key are one work.
  const { find: root, union: sameWork } = disjointSets(entryCount);
  for (const { values } of groupBy(await inOrder(refKeys), (k) => k)) {
    const first = Number.parseInt(values[0]!, 36);
    for (const v of values.slice(1)) sameWork(first, Number.parseInt(v, 36));
  }
  // Each work's keys looked up as FIND_CITED does: identifier aliases of articles, and article ids.
  // The entries go on in their order to a file of their own, read back beside the resolved targets
  // (one target per entry, in the same order): only the target is sorted twice more, not the entry
  // (at a million records that took the spilled rows from 8.6 to 6.3 GB).
  const byWork = sorter('byWork');
  const works = sorter('works');
  const entriesFile = path.join(spillDir, 'entries.rows');
  const entryLines = new LineFile(entriesFile);
  for (const [order, line] of await inOrder(entries)) {
    const [e, keys, value] = fields(line, 3) as [string, string, string];
    const work = numberKey(root(Number.parseInt(e, 36)));
    add(byWork, `${work}${AFTER}${order}`, '');
    entryLines.write(value);
    for (const key of JSON.parse(keys) as string[]) {
      add(works, work, JSON.stringify({ id: entityId('Article', key) }));
      if (!key.startsWith('rec:')) add(lookups, `a:${sortKey(aliasValue(key))}${AFTER}`, JSON.stringify(work));
      add(lookups, `i:${sortKey(entityId('Article', key))}${AFTER}`, JSON.stringify(work));
    }
  }
  entryLines.close();
  for (const { values, rests } of groupBy(await inOrder(lookups), beforeMark)) {
    const found = values.filter((_, k) => rests[k] === MARK).map((v) => JSON.parse(v) as string);
    if (found.length === 0) continue;
    const asked = new Set(values.filter((_, k) => rests[k] !== MARK).map((v) => JSON.parse(v) as string));
    for (const work of asked) for (const id of found) add(works, work, JSON.stringify({ found: id }));
  }
  // Each work's target: the strongest article found, else the strongest id its keys give (a new reference-only article).
  for (const { key, values } of groupBy(await inOrder(works), (k) => k)) {
    const ids: string[] = [];
    const found: string[] = [];
    for (const v of values) {
      const x = JSON.parse(v) as { id?: string; found?: string };
      if (x.found !== undefined) found.push(x.found);
      else ids.push(x.id!);
    }
    const existing = strongestArticleId(found);
    const target = existing ? { id: existing, exists: true } : { id: strongestArticleId(ids)!, exists: false };
    add(byWork, `${key}${MARK}`, JSON.stringify(target));
  }
  const resolved = sorter('resolved');
  for (const { values, rests } of groupBy(await inOrder(byWork), (k) => k.slice(0, WORK_KEY_LENGTH))) {
    // The target row (MARK) sorts before the work's references (AFTER their order).
    const target = values[0]!;
    for (let k = 1; k < values.length; k += 1) add(resolved, rests[k]!.slice(AFTER.length), target);
  }
  // In the loader's order of sources and positions: reference-only works, and one edge per source and work.
  const referenceOnly = sorter('referenceOnly');
  const cites = sorter('cites');
  let edgeSource = '';
  let edgeTargets = new Set<string>();
  const entryRows = LineFile.read(entriesFile);
  for (const [order, value] of await inOrder(resolved)) {
    const target = JSON.parse(value) as { id: string; exists: boolean };
    const next = entryRows.next();
    const entry = next.done ? undefined : (JSON.parse(next.value) as Entry);
    if (!entry || !order.endsWith(numberKey(entry.position)))
      throw new Error(`bulk plan: the cited references and their targets are out of step at ${order}`);
    if (target.id === entry.articleId) continue; // the article's own identifier in its own list
    if (!target.exists)
      add(referenceOnly, sortKey(target.id), JSON.stringify({ ref: entry.ref, strong: entry.strong, id: target.id }));
    if (entry.sourceId !== edgeSource) {
      edgeSource = entry.sourceId;
      edgeTargets = new Set();
    }
    if (edgeTargets.has(target.id)) continue;
    edgeTargets.add(target.id);
    const ref = entry.ref;
    add(
      cites,
      `${sortKey(entry.articleId)}${AFTER}${sortKey(target.id)}`,
      JSON.stringify({
        from: entry.articleId,
        to: target.id,
        source: entry.sourceId,
        position: entry.position,
        text: ref.text ?? null,
        title: ref.title ?? null,
        year: ref.year ?? null,
        author: ref.firstAuthor ?? null,
        journal: ref.journal ?? null,
        volume: ref.volume ?? null,
        firstPage: ref.firstPage ?? null,
      }),
    );
  }
  if (!entryRows.next().done) throw new Error('bulk plan: cited references without a target');
  for (const { values } of groupBy(await inOrder(referenceOnly), (k) => k)) {
    // As planCitations: the first printing's properties, what later printings add to them, every printing's aliases.
    let id = '';
    let props: ReturnType<typeof referenceProps> | undefined;
    const nodeAliases = new Set<string>();
    for (const v of values) {
      const x = JSON.parse(v) as { ref: SourceReference; strong: string[]; id: string };
      id = x.id;
      for (const k of x.strong) nodeAliases.add(aliasValue(k));
      const more = referenceProps(x.ref, x.strong);
      if (!props) props = more;
      else {
        const known = props as Record<string, unknown>;
        for (const [k, value] of Object.entries(more)) if (known[k] === null && value !== null) known[k] = value;
        if (!props.titleStated && more.titleStated) Object.assign(props, { title: more.title, titleStated: true });
      }
    }
    node('Entity', id, ['Article', 'Entity', 'ReferenceOnly'], {
      id,
      ...props!,
      titleLower: props!.title.toLowerCase(),
      doiLower: props!.doi === null ? null : props!.doi.toLowerCase(),
    });
    for (const v of nodeAliases) alias(v, id);
  }
  for (const { values } of groupBy(await inOrder(cites), (k) => k)) {
    const p: Record<string, PropertyValue> = {};
    const sources: string[] = [];
    let from = '';
    let to = '';
    for (const v of values) {
      const e = JSON.parse(v) as Record<string, string | number | null> & { from: string; to: string; source: string };
      ({ from, to } = e);
      if (!sources.includes(e.source)) sources.push(e.source);
      const first = (name: string, value: PropertyValue) => {
        if (p[name] === undefined && value !== null && value !== undefined) p[name] = value;
      };
      first('position', e['position']);
      first('text', e['text']);
      first('refTitle', e['title']);
      first('refYear', e['year']);
      first('refAuthor', e['author']);
      first('refJournal', e['journal']);
      first('refVolume', e['volume']);
      first('refFirstPage', e['firstPage']);
    }
    rel('CITES', from, to, { sources, ...p });
  }

  // Aliases: each value one node, each (value, entity) one link.
  for (const { values } of groupBy(await inOrder(aliases), beforeEntity)) {
    let made = false;
    const linked = new Set<string>();
    for (const v of values) {
      const [value, entity] = JSON.parse(v) as [string, string | null];
      if (!made) {
        node('Alias', value, ['Alias'], { value });
        made = true;
      }
      if (entity !== null && !linked.has(entity)) {
        linked.add(entity);
        rel('ALIAS_OF', value, entity, {}, 'Alias', 'Entity');
      }
    }
  }

  const { files, placeholders } = writer.finish();
  outcomes?.sort((a, b) => a[0] - b[0]);
  return {
    files,
    placeholders,
    counts: writer.counts,
    records: n,
    outcomes: outcomes ? outcomes.map(([, o]) => o) : null,
    statuses,
    spill,
  };
}

type Rows = ReturnType<typeof entityRows>;
type TopicRow = Rows['topicRows'][number];
type JournalRow = Rows['journalRows'][number] & { g: number };
type InstitutionRow = Rows['institutionRows'][number];
type AuthorRow = Rows['authorRows'][number];

/** The deciding description of an entity: the first most trusted (entityRows' decide over the views in order). */
function decide<R extends Described>(rows: readonly R[]): R {
  let best = rows[0]!;
  for (const r of rows.slice(1)) if (better(r, best)) best = r;
  return best;
}

/**
 * Bytes of the plan's memory budget per entity a FirstBest or AffiliationSum, or per alias link the
 * recent set, holds at most (rows held as objects, a few hundred bytes each): at the default budget
 * 65,536 apiece, under 200 MB for the six together, beside the budget the sorters share.
 */
const HELD_BYTES = 16 * 1024;

/**
 * The first best row of each entity among the rows added since the last flush, held in memory and
 * passed on to the entity's sorter (keyed by id and the place of the first row it saw) when `limit`
 * entities are held, and at the end. The reduction over the passed rows in key order is then the
 * reduction over all rows: the first best of consecutive runs of rows is the first best of the runs'
 * first bests, since `better` is a strict order. What is lost is only rows that could never decide:
 * at 100k articles an author is described by about eight articles, a topic by hundreds.
 */
/**
 * At most `limit` entries, kept by second chance: when it is full, the entries not met again since
 * they were added or it was last full are passed on (`release`) and the others kept, or all of them
 * when that would free less than half. Popularity is skewed (a few institutions, topics and authors are named by a large share
 * of the articles): passing all on whenever it was full, as it did, wrote each popular entity again
 * after every few thousand articles. At a million records with a 128 MB budget the institutions'
 * descriptions were then the largest sorter (1.2 GB). Which entries are passed on when does not
 * change what the reductions decide: each passed-on entry covers consecutive articles, as before.
 */
export class HeldEntries<V> {
  private readonly held = new Map<string, { value: V; seen: number }>();
  private round = 0;
  constructor(
    private readonly limit: number,
    private readonly release: (key: string, value: V) => void,
  ) {}
  /** The value held for `key` (marked as met), if any. */
  get(key: string): V | undefined {
    const known = this.held.get(key);
    if (known === undefined) return undefined;
    known.seen = this.round;
    return known.value;
  }
  set(key: string, value: V): void {
    const known = this.held.get(key);
    if (known !== undefined) {
      known.value = value;
      known.seen = this.round;
      return;
    }
    // Added, not yet met again: the first to go when it is full.
    this.held.set(key, { value, seen: this.round - 1 });
    if (this.held.size < this.limit) return;
    let stale = 0;
    for (const entry of this.held.values()) if (entry.seen < this.round) stale += 1;
    if (stale * 2 < this.limit) this.flush();
    else
      for (const [k, entry] of this.held)
        if (entry.seen < this.round) {
          this.held.delete(k);
          this.release(k, entry.value);
        }
    this.round += 1;
  }
  /** Passes every entry on. */
  flush(): void {
    for (const [k, entry] of this.held) this.release(k, entry.value);
    this.held.clear();
  }
}

class FirstBest<R extends { id: string }> {
  private readonly held: HeldEntries<{ g: number; row: R }>;
  constructor(
    sorter: ExternalSorter,
    limit: number,
    private readonly better: (a: R, b: R) => boolean,
    /** The row held after `row` meets `kept` (what both say, for a row that also gathers). */
    private readonly merge: (best: R, kept: R, row: R) => R = (best) => best,
  ) {
    this.held = new HeldEntries(limit, (id, { g, row }) =>
      sorter.add(`${sortKey(id)}${AFTER}${numberKey(g)}`, JSON.stringify(row)),
    );
  }
  add(id: string, g: number, row: R): void {
    const known = this.held.get(id);
    if (known === undefined) this.held.set(id, { g, row });
    else known.row = this.merge(this.better(row, known.row) ? row : known.row, known.row, row);
  }
  flush(): void {
    this.held.flush();
  }
}

/** Articles per author and institution summed in memory before they are sorted (the reduction sums them too). */
class AffiliationSum {
  private readonly held: HeldEntries<{ institutionId: string; authorId: string; articles: number }>;
  constructor(sorter: ExternalSorter, limit: number) {
    this.held = new HeldEntries(limit, (_, { institutionId, authorId, articles }) =>
      sorter.add(`${sortKey(institutionId)}${AFTER}${sortKey(authorId)}`, JSON.stringify([authorId, articles])),
    );
  }
  add(institutionId: string, authorId: string, articles: number): void {
    const key = `${institutionId}${MARK}${authorId}`;
    const known = this.held.get(key);
    if (known !== undefined) known.articles += articles;
    else this.held.set(key, { institutionId, authorId, articles });
  }
  flush(): void {
    this.held.flush();
  }
}

/** The id part of a key `id AFTER order`. */
function beforeOrder(key: string): string {
  const at = key.lastIndexOf(AFTER);
  return at < 0 ? key : key.slice(0, at);
}

/** The joined part of a key `id MARK` (the existing node) or `id AFTER …` (what joins it). */
function beforeMark(key: string): string {
  const mark = key.indexOf(MARK);
  const after = key.indexOf(AFTER);
  const cut = Math.min(mark < 0 ? key.length : mark, after < 0 ? key.length : after);
  return key.slice(0, cut);
}

/** An alias value's part of its key (`value MARK` or `value AFTER entity`). */
const beforeEntity = beforeMark;

/** The text a sortKey was made from. */
function unKey(key: string): string {
  return JSON.parse(`"${key}"`) as string;
}

/**
 * Consecutive rows whose keys have the same `part` as one group: `values` are the rows' values, `rests`
 * what each key has after the part (so a join can tell its kinds of rows apart: MARK or AFTER first).
 */
function* groupBy(
  lines: Iterable<[string, string]>,
  part: (key: string) => string,
): Generator<{ key: string; values: string[]; rests: string[] }> {
  let current: string | undefined;
  let values: string[] = [];
  let rests: string[] = [];
  for (const [k, v] of lines) {
    const p = part(k);
    if (p !== current) {
      if (current !== undefined) yield { key: current, values, rests };
      current = p;
      values = [];
      rests = [];
    }
    values.push(v);
    rests.push(k.slice(p.length));
  }
  if (current !== undefined) yield { key: current, values, rests };
}

/** The first `count - 1` tab-separated fields of a line, and the rest of it as the last. */
function fields(line: string, count: number): string[] {
  const out: string[] = [];
  let from = 0;
  for (let k = 1; k < count; k += 1) {
    const at = line.indexOf(TAB, from);
    out.push(line.slice(from, at));
    from = at + 1;
  }
  out.push(line.slice(from));
  return out;
}
