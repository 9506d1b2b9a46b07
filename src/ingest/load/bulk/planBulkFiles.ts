import { articleRelations, authorFacts, institutionFacts, journalFacts, topicFacts } from './plannedProperties.ts';
import { disjointSets } from './disjointSets.ts';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { NormalizedArticle, SourceReference, StatedArticle, Vocabulary } from '../../model.ts';
import type { ImportNode } from '../../../graph/index.ts';
import { aliasValue, articleIdentifierKeys, entityId, strongestArticleId } from '../../../identity/index.ts';
import type { SourceStatement } from '../../merge/mergeStatements.ts';
import { precedes } from '../../merge/entityDescriptions.ts';
import {
  affiliationChanges,
  articleParams,
  assignJournalKeys,
  entityRows,
  mergeViews,
  sourceRow,
  type ImportContext,
  type NewSource,
} from '../applyPlan.ts';
import { planCitations, referenceLookup, referenceProps } from '../citations.ts';
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
import { ImportFileWriter, type ImportFile, type Placeholder } from './writeImportFiles.ts';

/** Memory for buffered rows when none is given: all sorters together (the rest of the plan holds little). */
export const DEFAULT_BULK_MEMORY_MB = 1024;

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

/** One source of an article group as carried between passes (a NewSource without its statement, rebuilt from `stated`). */
interface GroupSource {
  id: string;
  format: NewSource['format'];
  file: string;
  line: number | null;
  index: number;
  contentHash: string;
  stated: StatedArticle;
  references: readonly SourceReference[];
  /** The index of the record that created it: the order of the loader's new sources (and so of citations). */
  order: number;
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
/** The length of numberKey's keys. */
const WORK_KEY_LENGTH = numberKey(0).length;

/**
 * The bulk path's plan in streaming passes, for any number of records in bounded memory. It writes the
 * same graph as planBulkGraph (the transactional loader's graph in an empty database, one import) straight
 * into import files, keeping in memory only what does not grow with the records' content: 4 bytes per
 * record and per cited reference (union-find over indexes), the vocabulary, and one entry per distinct
 * journal statement (journal keys are decided over all of them, as assignJournalKeys does). Every other
 * global decision is a reduction over rows sorted by key (externalSort.ts), spilled to disk in sorted
 * runs when the buffered rows pass `memoryBytes`:
 *
 * 1. the records are written to a file as read, and their identity keys (identifiers, or the record key
 *    of a record without any) to a sorter; records sharing a key are one article (union-find by index,
 *    the smallest index is the root: the article's place in the loader's order);
 * 2. records alone in their group are planned as read back, the others sorted by group first; each
 *    group goes through the loader's own steps (assignTargets, prepareRecords, planRecordSources) and is
 *    sorted by its place, its journal statements too;
 * 3. in that order the distinct journal statements are given their keys (assignJournalKeys);
 * 4. each article is merged (mergeViews) and written with its links and sources; its entity
 *    descriptions (entityRows of its view alone), aliases, affiliations and cited references go to
 *    sorters;
 * 5. reductions: each topic, journal, institution and author by its first most trusted description (the
 *    order of the loader's precedence: the same as one entityRows over all views), PART_OF and
 *    AFFILIATED_WITH joined with the institutions, cited works grouped by shared keys (union-find),
 *    looked up among the articles' aliases and ids, then reference-only articles and CITES edges;
 *    aliases last, each value once.
 */
export async function planBulkFiles(options: StreamPlanOptions): Promise<StreamPlan> {
  const { vocabulary, context: ctx } = options;
  const spillDir = options.spillDir ?? options.dir;
  mkdirSync(spillDir, { recursive: true });
  const budget = options.memoryBytes ?? DEFAULT_BULK_MEMORY_MB * 1024 * 1024;
  // One budget for all sorters together (a dozen fill at once in step 4): the largest spills first.
  const pool = new SpillPool(budget);
  const spill = pool.stats;
  let sorters = 0;
  const sorter = (name: string) => new ExternalSorter(spillDir, `${name}-${sorters++}`, pool);
  const add = (s: ExternalSorter, key: string, value: string) => s.add(key, value);
  const writer = new ImportFileWriter(options.dir);
  const node = (group: BulkNode['group'], key: string, labels: string[], props: Record<string, PropertyValue>) => {
    const clean: Record<string, PropertyValue> = {};
    for (const [k, v] of Object.entries(props)) if (v !== null && v !== undefined) clean[k] = v;
    writer.node({ group, key, labels, props: clean });
  };
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
  const alias = (value: string, entity: string | null) =>
    add(
      aliases,
      `${sortKey(value)}${entity === null ? MARK : `${AFTER}${sortKey(entity)}`}`,
      JSON.stringify([value, entity]),
    );
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

  // ---- Step 1: the records to a file, their identity keys to a sorter.
  const recordsFile = path.join(spillDir, 'records.ndjson');
  const records = new LineFile(recordsFile);
  const identity = sorter('identity');
  let n = 0;
  const read = (article: NormalizedArticle) => {
    const i = n++;
    const keys = articleIdentifierKeys(article);
    // As assignTargets: records join by any shared identifier; a record without one by its record key.
    for (const key of keys.length > 0 ? keys : [`weak:${article.recordKey}`]) add(identity, sortKey(key), numberKey(i));
    records.write(JSON.stringify(article));
  };
  // An array or generator without a promise per record; a stream of records read from files as it comes.
  const input = options.articles;
  if (Symbol.iterator in input) for (const article of input) read(article);
  else for await (const article of input) read(article);
  records.close();
  const { find, union } = disjointSets(n);
  for (const { values } of groupBy(identity.sorted(), (key) => key)) {
    const first = Number.parseInt(values[0]!, 36);
    for (const v of values.slice(1)) union(first, Number.parseInt(v, 36));
  }
  const members = new Int32Array(n);
  for (let i = 0; i < n; i += 1) members[find(i)]! += 1;

  // ---- Step 2: each group through the loader's identity and source steps, then sorted by its place.
  const statuses: Record<RecordStatus, number> = { added: 0, updated: 0, unchanged: 0 };
  const outcomes: Array<[number, RecordOutcome]> | null = options.keepOutcomes ? [] : null;
  const groups = sorter('groups');
  const journalOrder = sorter('journalOrder');
  const planGroup = (g: number, indexes: number[], articles: NormalizedArticle[]) => {
    const { targets } = assignTargets(articles, []);
    const id = targets[0]!;
    const prepared = prepareRecords(articles);
    const current = new Map<string, CurrentSource[]>([[id, []]]);
    const plan = planRecordSources(articles, prepared, targets, current);
    const creator = new Map<string, number>();
    plan.outcomes.forEach((o, k) => {
      statuses[o.status] += 1;
      outcomes?.push([indexes[k]!, o]);
      creator.set(o.sourceId, indexes[k]!);
    });
    const sources: GroupSource[] = current.get(id)!.map((s) => {
      const p = s.planned!;
      return {
        id: p.id,
        format: p.format,
        file: p.file,
        line: p.line,
        index: p.index,
        contentHash: p.contentHash,
        stated: p.stated,
        references: p.references ?? [],
        order: creator.get(p.id)!,
      };
    });
    add(groups, numberKey(g), JSON.stringify({ id, sources }));
    // The journal statements in the order the loader meets them (its articles in order, each one's sources).
    sources.forEach((s, k) => {
      if (s.stated.journal) add(journalOrder, `${numberKey(g)}${numberKey(k)}`, JSON.stringify(s.stated.journal));
    });
  };
  const multi = sorter('members');
  let i = 0;
  for (const line of LineFile.read(recordsFile)) {
    const root = find(i);
    if (members[root] === 1) planGroup(i, [i], [JSON.parse(line) as NormalizedArticle]);
    else add(multi, numberKey(root), `${numberKey(i)} ${line}`);
    i += 1;
  }
  for (const { key, values } of groupBy(multi.sorted(), (k) => k)) {
    const indexes = values.map((v) => Number.parseInt(v.slice(0, v.indexOf(' ')), 36));
    const articles = values.map((v) => JSON.parse(v.slice(v.indexOf(' ') + 1)) as NormalizedArticle);
    planGroup(Number.parseInt(key, 36), indexes, articles);
  }

  // ---- Step 3: the distinct journal statements, in the loader's order, given their keys.
  const journalStatements = new Map<string, SourceStatement['article']['journal']>();
  for (const [, text] of journalOrder.sorted())
    if (!journalStatements.has(text))
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
  let entryCount = 0;
  let anySource = false;
  for (const [place, line] of groups.sorted()) {
    const g = Number.parseInt(place, 36);
    const { id, sources } = JSON.parse(line) as { id: string; sources: GroupSource[] };
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
    node('Entity', id, ['Article', 'Entity'], {
      id,
      ...art.props,
      doiLower: art.props.doi === null ? null : art.props.doi.toLowerCase(),
      titleLower: art.props.title.toLowerCase(),
    });
    for (const r of articleRelations(art)) rel(r.type, r.start, r.end, r.props);
    for (const v of art.aliases) {
      alias(v, id);
      // What a cited reference finds this article by (FIND_CITED: identifier aliases and ids).
      add(lookups, `a:${sortKey(v)}${MARK}`, JSON.stringify(id));
    }
    add(lookups, `i:${sortKey(id)}${MARK}`, JSON.stringify(id));

    // The entity descriptions of this view: entityRows of one view is its first most trusted description
    // of each entity, and a reduction in view order over them is entityRows over all views.
    const rows = entityRows(views);
    const at = `${AFTER}${numberKey(g)}`;
    for (const t of rows.topicRows) add(topics, `${sortKey(t.id)}${at}`, JSON.stringify(t));
    for (const j of rows.journalRows) add(journals, `${sortKey(j.id)}${at}`, JSON.stringify({ g, ...j }));
    for (const x of rows.institutionRows) add(institutions, `${sortKey(x.id)}${at}`, JSON.stringify(x));
    for (const a of rows.authorRows) add(authors, `${sortKey(a.id)}${at}`, JSON.stringify(a));
    for (const e of rows.aliasRows) for (const v of e.aliases) alias(v, e.id);
    for (const gain of affiliationChanges(views, []).affiliationGains)
      for (const x of gain.institutions)
        add(
          affiliations,
          `${sortKey(x.id)}${AFTER}${sortKey(gain.authorId)}`,
          JSON.stringify([gain.authorId, x.articles]),
        );

    // Sources, their reference texts, and the references that name works.
    for (const s of sources) {
      anySource = true;
      const statement = JSON.stringify(s.stated);
      const source: NewSource = {
        id: s.id,
        articleId: id,
        format: s.format,
        file: s.file,
        line: s.line,
        index: s.index,
        contentHash: s.contentHash,
        stated: s.stated,
        statement,
        references: s.references,
      };
      const row = sourceRow(source, ctx);
      const props: Record<string, PropertyValue> = { id: row.id, ...row.props };
      if (s.references.length > 0) {
        // The per-source part of planCitations (its texts do not depend on other sources or the graph).
        const { texts } = await planCitations([{ sourceId: s.id, articleId: id, references: s.references }], () => []);
        for (const t of texts) Object.assign(props, { referenceTexts: t.texts, referenceCount: t.count });
      }
      node('Source', s.id, ['Source'], props);
      rel('DESCRIBES', s.id, id, {}, 'Source', 'Entity');
      for (const [k, ref] of s.references.entries()) {
        const lookup = referenceLookup(ref);
        if (!lookup) continue;
        const entry: Entry = {
          e: entryCount++,
          sourceId: s.id,
          articleId: id,
          position: k + 1,
          ref,
          strong: lookup.keys,
          keys: lookup.keys.length > 0 ? lookup.keys : [lookup.recordKey!],
        };
        for (const key of entry.keys) add(refKeys, sortKey(key), numberKey(entry.e));
        add(entries, `${numberKey(s.order)}${numberKey(entry.position)}`, JSON.stringify(entry));
      }
    }
  }
  if (anySource)
    node('Import', ctx.importId, ['Import'], {
      id: ctx.importId,
      startedAt: ctx.importedAt,
      importedBy: ctx.importedBy,
      tool: ctx.tool,
    } satisfies ImportNode);

  // ---- Step 5: reductions.
  // Topics: the first of the lowest rank (entityRows' best), over a vocabulary topic only at rank 0.
  for (const { values } of groupBy(topics.sorted(), beforeOrder)) {
    let best: ReturnType<typeof entityRows>['topicRows'][number] | undefined;
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
  type JournalRow = ReturnType<typeof entityRows>['journalRows'][number] & { g: number };
  const identifiers = sorter('identifiers');
  for (const { values } of groupBy(journals.sorted(), beforeOrder)) {
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
  for (const { values } of groupBy(identifiers.sorted(), beforeOrder)) {
    const [v, id] = JSON.parse(values[0]!) as [string, string];
    alias(v, null);
    alias(v, id);
  }

  // Institutions, with the PART_OF link of the deciding description when its parent is an institution.
  for (const { key, values } of groupBy(institutions.sorted(), beforeOrder)) {
    const i = decide(values.map((v) => JSON.parse(v) as ReturnType<typeof entityRows>['institutionRows'][number]));
    node('Entity', i.id, ['Institution', 'Entity'], { id: i.id, ...institutionFacts(i) });
    // The institution exists (MARK sorts before its children) …
    add(partOf, `${key}${MARK}`, '""');
    add(affiliations, `${key}${MARK}`, '""');
    // … and its parent link waits for the parent's mark.
    if (i.parentId !== null) add(partOf, `${sortKey(i.parentId)}${AFTER}`, JSON.stringify(i.id));
  }
  for (const { key, values, rests } of groupBy(partOf.sorted(), beforeMark)) {
    if (!rests[0]!.startsWith(MARK)) continue; // the parent is no institution: no link (as MATCH finds none)
    for (const v of values.slice(1)) rel('PART_OF', JSON.parse(v) as string, unKey(key));
  }
  // AFFILIATED_WITH: articles counted per author and institution, when the institution exists.
  for (const { key, values, rests } of groupBy(affiliations.sorted(), beforeMark)) {
    if (!rests[0]!.startsWith(MARK)) continue;
    const counts = new Map<string, number>();
    for (const v of values.slice(1)) {
      const [authorId, articles] = JSON.parse(v) as [string, number];
      counts.set(authorId, (counts.get(authorId) ?? 0) + articles);
    }
    for (const [authorId, articles] of counts) rel('AFFILIATED_WITH', authorId, unKey(key), { articles });
  }
  for (const { values } of groupBy(authors.sorted(), beforeOrder)) {
    const au = decide(values.map((v) => JSON.parse(v) as ReturnType<typeof entityRows>['authorRows'][number]));
    node('Entity', au.id, ['Author', 'Entity'], { id: au.id, ...authorFacts(au) });
  }

  // Citations (planCitations over every new source): references sharing a key are one work.
  const { find: root, union: sameWork } = disjointSets(entryCount);
  for (const { values } of groupBy(refKeys.sorted(), (k) => k)) {
    const first = Number.parseInt(values[0]!, 36);
    for (const v of values.slice(1)) sameWork(first, Number.parseInt(v, 36));
  }
  // Each work's keys looked up as FIND_CITED does: identifier aliases of articles, and article ids.
  const byWork = sorter('byWork');
  const works = sorter('works');
  for (const [order, value] of entries.sorted()) {
    const entry = JSON.parse(value) as Entry;
    const work = numberKey(root(entry.e));
    add(byWork, `${work}${AFTER}${order}`, value);
    for (const key of entry.keys) {
      add(works, work, JSON.stringify({ id: entityId('Article', key) }));
      if (!key.startsWith('rec:')) add(lookups, `a:${sortKey(aliasValue(key))}${AFTER}`, JSON.stringify(work));
      add(lookups, `i:${sortKey(entityId('Article', key))}${AFTER}`, JSON.stringify(work));
    }
  }
  for (const { values, rests } of groupBy(lookups.sorted(), beforeMark)) {
    const found = values.filter((_, k) => rests[k] === MARK).map((v) => JSON.parse(v) as string);
    if (found.length === 0) continue;
    const asked = new Set(values.filter((_, k) => rests[k] !== MARK).map((v) => JSON.parse(v) as string));
    for (const work of asked) for (const id of found) add(works, work, JSON.stringify({ found: id }));
  }
  // Each work's target: the strongest article found, else the strongest id its keys give (a new reference-only article).
  for (const { key, values } of groupBy(works.sorted(), (k) => k)) {
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
  for (const { values, rests } of groupBy(byWork.sorted(), (k) => k.slice(0, WORK_KEY_LENGTH))) {
    // The target row (MARK) sorts before the work's references (AFTER their order).
    const target = values[0]!;
    for (let k = 1; k < values.length; k += 1)
      add(resolved, rests[k]!.slice(AFTER.length), `{"target":${target},"entry":${values[k]}}`);
  }
  // In the loader's order of sources and positions: reference-only works, and one edge per source and work.
  const referenceOnly = sorter('referenceOnly');
  const cites = sorter('cites');
  let edgeSource = '';
  let edgeTargets = new Set<string>();
  for (const [, value] of resolved.sorted()) {
    const { target, entry } = JSON.parse(value) as { target: { id: string; exists: boolean }; entry: Entry };
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
      }),
    );
  }
  for (const { values } of groupBy(referenceOnly.sorted(), (k) => k)) {
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
  for (const { values } of groupBy(cites.sorted(), (k) => k)) {
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
    }
    rel('CITES', from, to, { sources, ...p });
  }

  // Aliases: each value one node, each (value, entity) one link.
  for (const { values } of groupBy(aliases.sorted(), beforeEntity)) {
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

/** The deciding description of an entity: the first most trusted (entityRows' decide over the views in order). */
function decide<R extends { rank: number; decidedBy: string; decidedAt: string }>(rows: readonly R[]): R {
  const description = (r: R) => ({ facts: { rank: r.rank }, decidedBy: r.decidedBy, decidedAt: r.decidedAt });
  let best = rows[0]!;
  for (const r of rows.slice(1)) if (precedes(description(r), description(best))) best = r;
  return best;
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
