import { articleRelations, authorFacts, institutionFacts, journalFacts, topicFacts } from './plannedProperties.ts';
import type { NormalizedArticle, Vocabulary } from '../../model.ts';
import type { ImportNode } from '../../../graph/index.ts';
import { entityId } from '../../../identity/index.ts';
import {
  affiliationChanges,
  articleParams,
  assignJournalKeys,
  entityRows,
  mergeViews,
  sourceRow,
  type ImportContext,
} from '../applyPlan.ts';
import { planCitations, type CitedLookup } from '../citations.ts';
import { TOPIC_RELATION_STATEMENTS, vocabularyTopicParams } from '../loadGraph.ts';
import { planRecordSources, prepareRecords, type CurrentSource, type RecordOutcome } from '../loadStatements.ts';
import { assignTargets } from '../resolveArticles.ts';
import { comparePrecedence } from '../../merge/precedence.ts';
import { BulkGraph, type PropertyValue } from './BulkGraph.ts';

/** What a bulk load writes: the whole graph, and each record's outcome (as loadArticles reports it). */
export interface BulkPlan {
  graph: BulkGraph;
  outcomes: RecordOutcome[];
}

/**
 * The graph the transactional loader builds when it loads `vocabulary` and then `articles` (one import,
 * `context`) into an EMPTY graph, computed in memory: the plain statement of the bulk path's plan. The
 * bulk path itself (bulkLoad.ts) makes the same plan in streaming passes in bounded memory
 * (planBulkFiles.ts), and is tested to write exactly this graph's import files. Every decision is
 * made by the loader's own pure steps, called in the loader's order: identity (assignTargets), sources
 * (planRecordSources), journal identity (assignJournalKeys), merging (mergeViews), entity precedence
 * (entityRows), derived affiliations (affiliationChanges), sources (sourceRow) and citations
 * (planCitations). What this file adds is only what the loader's Cypher does with their rows (MERGE,
 * SET, property removal on null, toLower), which for an empty graph is plain creation.
 *
 * The articles are planned as ONE write (the loader's batch): in an empty graph the batches of the
 * transactional loader reach the same graph as long as a later batch decides nothing differently for
 * what an earlier one wrote. Journals, authors and institutions are decided by the whole precedence
 * order (rank, import, source id; entityDescriptions.ts) in both, so batches agree on their properties
 * and on the facts each article's link keeps. Where batches can differ: a keyword topic described with
 * the same rank but different facts by records of two batches (the later batch's description stays
 * there, the first in load order here); a journal, author or institution described differently by
 * records of two batches, whose aliases there are those of each batch's deciding description (a batch
 * adds to them), here those of the one deciding description; a reference that names a work by a
 * weaker identifier than its own record in a later batch (there the reference-only node keeps its id);
 * and a record with identifiers joining an article without identifiers of an earlier batch by record
 * key. None occurs in the synthetic corpus (the benchmark compares both graphs) nor in the test fixtures.
 */
export async function planBulkGraph(input: {
  vocabulary: Vocabulary;
  articles: readonly NormalizedArticle[];
  context: ImportContext;
}): Promise<BulkPlan> {
  const { vocabulary, articles, context: ctx } = input;
  const graph = new BulkGraph();

  // loadVocabulary: topics (rank 0, marked as vocabulary), their aliases, their typed links.
  const unknown = vocabulary.relations.find((relation) => !(relation.type in TOPIC_RELATION_STATEMENTS));
  if (unknown) {
    throw new Error(
      `Vocabulary relation type "${unknown.type}" (${unknown.fromKey} -> ${unknown.toKey}) is not one of ${Object.keys(TOPIC_RELATION_STATEMENTS).join(', ')}`,
    );
  }
  const vocabularyTopics = vocabulary.topics.map(vocabularyTopicParams);
  for (const t of vocabularyTopics) {
    graph.set(graph.mergeEntity(t.id, ['Topic', 'Entity']), {
      name: t.name,
      nameLower: lower(t.name),
      meshId: t.meshId,
      synonyms: t.synonyms,
      synonymsText: t.synonymsText,
      source: t.source,
      kind: t.kind,
      rank: 0,
      vocabulary: true,
    });
  }
  for (const t of vocabularyTopics) graph.mergeAliases(t.id, t.aliases);
  for (const type of Object.keys(TOPIC_RELATION_STATEMENTS)) {
    for (const relation of vocabulary.relations.filter((r) => r.type === type)) {
      graph.mergeRelation(type, entityId('Topic', relation.fromKey), entityId('Topic', relation.toKey));
    }
  }

  // loadStatementBatch: identity and sources, in an empty graph (nothing is found, nothing folds).
  const prepared = prepareRecords(articles);
  const { targets } = assignTargets(articles, []);
  const current = new Map<string, CurrentSource[]>(targets.map((id) => [id, []]));
  const { outcomes, created, rebuild } = planRecordSources(articles, prepared, targets, current);
  const planned = [...rebuild].map((id) => ({
    id,
    sources: current.get(id)!.map((s) => ({
      id: s.planned!.id,
      format: s.planned!.format,
      file: s.planned!.file,
      importedAt: ctx.importedAt,
      article: s.planned!.stated,
    })),
  }));

  // applyPlan: entities, then articles, sources, the import and affiliations, then citations.
  const views = mergeViews(assignJournalKeys(planned, []).articles);
  const { topicRows, journalRows, institutionRows, authorRows, aliasRows } = entityRows(views);
  const better = (id: string, rank: number) => {
    const known = graph.entity(id)?.props['rank'];
    return known === undefined || rank <= (known as number);
  };
  // WRITE_ENTITIES' factsDecide (fragments.ts) for journals, institutions and authors: the precedence order
  // of sources; a node without decidedAt gives way to an equal rank. (In an empty graph each of them is
  // written once: entityRows has already chosen the deciding description among all articles.)
  const decides = (id: string, row: { rank: number; decidedBy: string; decidedAt: string }) => {
    const known = graph.entity(id)?.props;
    if (known?.['rank'] === undefined) return true;
    const decidedAt = known['decidedAt'] as string | undefined;
    if (decidedAt === undefined) return row.rank <= (known['rank'] as number);
    return (
      comparePrecedence(
        { rank: row.rank, importedAt: row.decidedAt, id: row.decidedBy },
        { rank: known['rank'] as number, importedAt: decidedAt, id: known['decidedBy'] as string },
      ) <= 0
    );
  };
  for (const t of topicRows) {
    const write = better(t.id, t.rank);
    const node = graph.mergeEntity(t.id, ['Topic', 'Entity']);
    if (write) {
      graph.set(node, topicFacts(t));
    }
  }
  for (const j of journalRows) {
    const write = decides(j.id, j);
    const node = graph.mergeEntity(j.id, ['Journal', 'Entity']);
    if (write) {
      // SET_JOURNAL_FACTS
      graph.set(node, journalFacts(j));
    }
    // WRITE_ENTITIES adds every ISSN any description states, whichever decides (one write here: all of them).
    if (j.statedIssns.length > 0) graph.set(node, { statedIssns: j.statedIssns });
  }
  // ISSN identifier aliases, unless another journal already holds that ISSN (the alias node is made either way, as MERGE does).
  for (const j of journalRows) {
    for (const v of j.identifiers) {
      graph.mergeAlias(v);
      if (!graph.aliasTargets(v).some((id) => id !== j.id && graph.entity(id)!.labels.includes('Journal')))
        graph.mergeAliasOf(v, j.id);
    }
  }
  for (const i of institutionRows) {
    const write = decides(i.id, i);
    const node = graph.mergeEntity(i.id, ['Institution', 'Entity']);
    if (write) {
      // SET_INSTITUTION_FACTS
      graph.set(node, institutionFacts(i));
    }
  }
  for (const i of institutionRows) {
    // The PART_OF link of the description that decided (the one just written).
    const props = graph.entity(i.id)!.props;
    if (props['rank'] !== i.rank || props['decidedBy'] !== i.decidedBy || props['decidedAt'] !== i.decidedAt) continue;
    if (i.parentId !== null && graph.entity(i.parentId)?.labels.includes('Institution'))
      graph.mergeRelation('PART_OF', i.id, i.parentId);
  }
  for (const au of authorRows) {
    const write = decides(au.id, au);
    const node = graph.mergeEntity(au.id, ['Author', 'Entity']);
    if (write) {
      // SET_AUTHOR_FACTS
      graph.set(node, authorFacts(au));
    }
  }
  for (const e of aliasRows) graph.mergeAliases(e.id, e.aliases);

  for (const { id, view, sourceCount } of views) {
    const art = articleParams(id, view, sourceCount);
    const node = graph.mergeEntity(art.id, ['Article', 'Entity']);
    graph.set(node, { ...art.props, doiLower: lowerOrNull(art.props.doi), titleLower: lower(art.props.title) });
    // A relationship to an entity the plan does not hold (none was described) is left out.
    for (const r of articleRelations(art)) {
      const other = r.start === art.id ? r.end : r.start;
      if (graph.entity(other)) graph.createRelation(r.type, r.start, r.end, r.props);
    }
    graph.mergeAliases(art.id, art.aliases);
  }
  const sources = [...created.values()];
  for (const s of sources) {
    const row = sourceRow(s, ctx);
    if (!graph.entity(row.articleId)) continue;
    graph.set(graph.mergeSource(row.id), row.props);
    graph.mergeDescribes(row.id, row.articleId);
  }
  if (sources.length > 0)
    graph.mergeImport(ctx.importId, {
      startedAt: ctx.importedAt,
      importedBy: ctx.importedBy,
      tool: ctx.tool,
    } satisfies Omit<ImportNode, 'id'>);
  const { affiliationGains } = affiliationChanges(views, []);
  for (const g of affiliationGains) {
    for (const x of g.institutions) {
      if (!graph.entity(x.id)?.labels.includes('Institution')) continue;
      const known = graph.relation('AFFILIATED_WITH', g.authorId, x.id);
      if (known) known.props['articles'] = (known.props['articles'] as number) + x.articles;
      else graph.createRelation('AFFILIATED_WITH', g.authorId, x.id, { articles: x.articles }, true);
    }
  }

  // writeCitations, with the planned graph answering the lookups FIND_CITED answers.
  const citing = sources.filter((s) => (s.references?.length ?? 0) > 0);
  if (citing.length > 0) {
    const find = (lookups: CitedLookup[]) =>
      lookups.map((l) => {
        const found = new Set<string>();
        for (const v of l.aliases)
          for (const id of graph.aliasTargets(v)) if (graph.entity(id)!.labels.includes('Article')) found.add(id);
        for (const id of l.ids) if (graph.entity(id)?.labels.includes('Article')) found.add(id);
        return { i: l.i, found: [...found] };
      });
    const plan = await planCitations(
      citing.map((s) => ({ sourceId: s.id, articleId: s.articleId, references: s.references! })),
      find,
    );
    for (const t of plan.texts) {
      const node = graph.source(t.id);
      if (node) graph.set(node, { referenceTexts: t.texts, referenceCount: t.count });
    }
    for (const r of plan.nodes) {
      // Only works the graph lacks come here (planCitations): created as reference-only articles.
      const node = graph.mergeEntity(r.id, ['Article', 'Entity', 'ReferenceOnly']);
      graph.set(node, { ...r.props, titleLower: lower(r.props.title), doiLower: lowerOrNull(r.props.doi) });
      graph.mergeAliases(r.id, r.aliases);
    }
    for (const e of plan.edges) {
      if (!graph.entity(e.from) || !graph.entity(e.to)) continue;
      const c = graph.relation('CITES', e.from, e.to) ?? graph.createRelation('CITES', e.from, e.to, {}, true);
      const p = c.props;
      const known = (p['sources'] as string[] | undefined) ?? [];
      p['sources'] = known.includes(e.source) ? known : [...known, e.source];
      const first = (name: string, value: PropertyValue) => {
        if (p[name] === undefined && value !== null && value !== undefined) p[name] = value;
      };
      first('position', e.position);
      first('text', e.text);
      first('refTitle', e.title);
      first('refYear', e.year);
      first('refAuthor', e.author);
      first('refJournal', e.journal);
      first('refVolume', e.volume);
      first('refFirstPage', e.firstPage);
    }
  }
  return { graph, outcomes };
}

/** Cypher's toLower (Java's String.toLowerCase, locale-independent here), as JavaScript's toLowerCase. */
function lower(text: string): string {
  return text.toLowerCase();
}

function lowerOrNull(text: string | null): string | null {
  return text === null ? null : text.toLowerCase();
}
