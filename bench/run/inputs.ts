/**
 * The inputs each operation cycles through, picked from the corpus: mid-to-high popularity topics,
 * authors and cited articles, topic pairs, and the most popular topic.
 */
import type { NormalizedArticle } from '../../src/ingest/index.ts';
import type { InputKind } from '../operations.ts';

export const INPUTS_PER_OP = 50;

export type Inputs = Record<InputKind, string[]> & { facts: Record<string, string> };

/**
 * The inputs, in one pass over the corpus's `size` articles: an array, or the articles streamed from
 * the generator (a million articles are then never held; only the counts per topic, author and cited
 * work are). The DOI inputs are the articles at evenly spaced positions, which is why the size must
 * be known before the pass; a corpus of another length is refused.
 */
export function chooseInputs(articles: Iterable<NormalizedArticle>, size: number): Inputs {
  const topicCounts = new Map<string, number>();
  const authorCounts = new Map<string, number>();
  const citedCounts = new Map<string, number>();
  const step = Math.max(1, Math.floor(size / INPUTS_PER_OP));
  // The corpus position of each DOI input, in order (the last article's beyond the end of a small corpus).
  const doiAt = Array.from({ length: INPUTS_PER_OP }, (_, i) => Math.min(size - 1, i * step));
  const dois: string[] = [];
  let position = 0;
  for (const article of articles) {
    for (const topic of article.topics) topicCounts.set(topic.name, (topicCounts.get(topic.name) ?? 0) + 1);
    for (const w of article.authorships)
      authorCounts.set(`Author:${w.author.key}`, (authorCounts.get(`Author:${w.author.key}`) ?? 0) + 1);
    for (const ref of new Set((article.references ?? []).map((r) => r.doi!)))
      if (ref.startsWith('10.99999/synthetic.')) citedCounts.set(ref, (citedCounts.get(ref) ?? 0) + 1);
    // Positions repeat when there are fewer articles than inputs: one article then gives several.
    while (dois.length < INPUTS_PER_OP && doiAt[dois.length] === position) dois.push(article.doi!);
    position += 1;
  }
  if (position !== size) throw new Error(`chooseInputs: the corpus has ${position} articles, not ${size}`);
  const ranked = (counts: Map<string, number>) =>
    [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  // Synthetic topics only: the real vocabulary topics have narrower topics, whose articles the
  // project counts in (a filter includes narrower topics) and the peer's plain relationship does not.
  const topics = ranked(topicCounts).filter(([name]) => name.startsWith('Synthetic Topic'));
  const authors = ranked(authorCounts);
  // 50 evenly spaced popularity ranks from the top 1 % to the top 25 %: mid-to-high popularity.
  const spread = <T>(list: T[]): T[] => {
    const lo = Math.max(1, Math.floor(list.length * 0.01));
    const hi = Math.max(lo + INPUTS_PER_OP - 1, Math.floor(list.length * 0.25));
    return Array.from(
      { length: INPUTS_PER_OP },
      (_, i) => list[Math.min(list.length - 1, lo + Math.round((i * (hi - lo)) / (INPUTS_PER_OP - 1)))]!,
    );
  };
  const pickedTopics = spread(topics);
  const pickedAuthors = spread(authors);
  const top = topics[0]!;
  const pickedCited = spread(ranked(citedCounts));
  const median = (list: Array<[string, number]>) =>
    list.map(([, n]) => n).sort((a, b) => a - b)[Math.floor(list.length / 2)];
  return {
    doi: dois,
    topic: pickedTopics.map(([name]) => name),
    author: pickedAuthors.map(([id]) => id),
    // A popular topic with a mid-popularity one: the intersection is small, the first topic large.
    topicPair: Array.from({ length: INPUTS_PER_OP }, (_, i) => `${topics[i % 10]![0]}|${pickedTopics[i]![0]}`),
    none: ['-'],
    topTopic: [top[0]],
    cited: pickedCited.map(([doi]) => doi),
    facts: {
      cited: `ranks ${Math.floor(citedCounts.size * 0.01) + 1}–${Math.floor(citedCounts.size * 0.25) + 1} of ${citedCounts.size} cited articles, median ${median(pickedCited)} citing articles`,
      topics: `ranks ${Math.floor(topics.length * 0.01) + 1}–${Math.floor(topics.length * 0.25) + 1} of ${topics.length} synthetic topics, median ${median(pickedTopics)} articles`,
      authors: `ranks ${Math.floor(authors.length * 0.01) + 1}–${Math.floor(authors.length * 0.25) + 1} of ${authors.length} authors, median ${median(pickedAuthors)} articles`,
      topTopic: `${top[0]} (${top[1]} articles)`,
    },
  };
}
