/**
 * A deterministic synthetic corpus, for the benchmarks (bench/) and the tests that need volume
 * (the bulk load test).
 *
 * Pure: the same options always give the same articles (own seeded PRNG, no Date, no Math.random,
 * no I/O). Every name is clearly fake ("Synthetic Author 00042", "Synthetic Topic 0007",
 * "Synthetic Journal 03", "Synthetic Institute 12", DOIs under the unused prefix 10.99999), except
 * the optional real vocabulary topics that are mixed in so that paths to real diseases exist.
 *
 * Popularity is power-law (Zipf) distributed: a few topics, authors, journals and title words are
 * very frequent and most are rare. Entity counts scale with the corpus:
 *   authors      ≈ articles × 0.6            (Zipf exponent AUTHOR_EXPONENT)
 *   topics       = 200 + articles / 50       (Zipf exponent TOPIC_EXPONENT; real topics at fixed ranks)
 *   journals     = 10 + articles / 1000      (Zipf exponent 1)
 *   institutions = 10 + articles / 250, each with DEPARTMENTS_PER_INSTITUTION departments PART_OF it
 * With `references`, every article also has a reference list of 0–REFERENCES_MAX entries (mean
 * about 4, so a few hundred thousand CITES edges at 100k articles): EXTERNAL_REFERENCE_SHARE of them
 * name works outside the corpus (reference-only articles, DOIs 10.99999/external.N), the rest cite
 * corpus articles, Zipf by citation popularity (CITATION_EXPONENT), so a few articles are cited
 * thousands of times and most a few times, as in real citation data. Without it, the corpus is the
 * same as before references existed (no random draws are spent on them).
 */
import {
  type AuthorEntity,
  type AuthorshipEntity,
  type InstitutionEntity,
  type JournalEntity,
  type NormalizedArticle,
  type TopicEntity,
} from '../../src/ingest/index.ts';

export interface CorpusOptions {
  /** Number of articles. */
  articles: number;
  /** PRNG seed. */
  seed: number;
  /**
   * Real vocabulary topics (e.g. loadReferenceData().vocabulary.topics) to place among the
   * synthetic ones at fixed popularity ranks. Optional so the generator stays a pure function.
   */
  realTopics?: readonly TopicEntity[];
  /** Give every article a reference list (see above). */
  references?: boolean;
}

export const REFERENCES_MAX = 8;
export const EXTERNAL_REFERENCE_SHARE = 0.2;
export const CITATION_EXPONENT = 0.9;
/** A prime: rank -> article index by (rank × CITATION_STRIDE) mod articles spreads the most cited over the corpus. */
const CITATION_STRIDE = 7919;

export const AUTHOR_EXPONENT = 0.75;
export const TOPIC_EXPONENT = 0.9;
export const WORD_EXPONENT = 0.8;
export const DEPARTMENTS_PER_INSTITUTION = 3;
/** Share of articles written in Chinese (language "chi", with a vernacular title). */
export const CHINESE_SHARE = 0.15;
/** Popularity ranks (0-based) the real vocabulary topics take, in vocabulary order. */
export const REAL_TOPIC_RANKS = [1, 4, 9, 16, 25, 40, 60, 90, 130, 180];

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Zipf sampler over ranks 0..n-1: P(rank r) ∝ 1 / (r + 1)^exponent. */
export function zipfSampler(n: number, exponent: number, random: () => number): () => number {
  const cumulative = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r += 1) {
    sum += 1 / Math.pow(r + 1, exponent);
    cumulative[r] = sum;
  }
  return () => {
    const target = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

const SYLLABLES = [
  'ka',
  'lo',
  'mi',
  'ren',
  'ta',
  'vo',
  'sel',
  'dra',
  'ne',
  'qui',
  'bor',
  'fen',
  'gal',
  'hu',
  'jin',
  'pra',
  'zet',
  'wu',
  'cor',
  'syl',
];

/** Pseudo-words for titles and abstracts: obviously not English, unique, deterministic. */
export function titleWords(count: number): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  const random = mulberry32(0x5eed);
  while (words.length < count) {
    const length = 2 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < length; i += 1) word += SYLLABLES[Math.floor(random() * SYLLABLES.length)];
    if (!seen.has(word)) {
      seen.add(word);
      words.push(word);
    }
  }
  return words;
}

/** The number of title words the corpus draws from (fixed, so search inputs are the same at every size). */
export const TITLE_WORD_COUNT = 2000;

/** Entity counts for a corpus size. */
export function corpusShape(articles: number) {
  return {
    authors: Math.max(20, Math.round(articles * 0.6)),
    topics: 200 + Math.floor(articles / 50),
    journals: 10 + Math.floor(articles / 1000),
    institutions: 10 + Math.floor(articles / 250),
  };
}

export function syntheticAuthor(rank: number): AuthorEntity {
  const name = `Synthetic Author ${pad(rank + 1, 5)}`;
  return { key: name.toLowerCase(), name };
}

export function syntheticTopic(rank: number): TopicEntity {
  const name = `Synthetic Topic ${pad(rank + 1, 4)}`;
  return { key: `kw:${name.toLowerCase()}`, name, synonyms: [] };
}

function syntheticJournal(rank: number): JournalEntity {
  const title = `Synthetic Journal ${pad(rank + 1, 2)}`;
  return { key: `title:${title.toLowerCase()}`, title, issns: [] };
}

function institution(index: number): InstitutionEntity {
  return {
    key: `syn-inst:${index + 1}`,
    name: `Synthetic Institute ${pad(index + 1, 2)}`,
    city: 'Synthetic City',
    country: 'China',
  };
}

function department(index: number, dept: number): InstitutionEntity {
  return {
    key: `syn-inst:${index + 1}:dept:${dept + 1}`,
    name: `Synthetic Department ${dept + 1}, Synthetic Institute ${pad(index + 1, 2)}`,
    city: 'Synthetic City',
    country: 'China',
    parentKey: `syn-inst:${index + 1}`,
  };
}

/**
 * The topic at each popularity rank (0 = most popular): synthetic topics, with the real
 * vocabulary topics inserted at REAL_TOPIC_RANKS (when those ranks exist).
 */
export function topicsByRank(count: number, realTopics: readonly TopicEntity[] = []): TopicEntity[] {
  const ranked: TopicEntity[] = [];
  let synthetic = 0;
  let real = 0;
  for (let rank = 0; rank < count; rank += 1) {
    if (real < realTopics.length && REAL_TOPIC_RANKS[real] === rank) {
      ranked.push(realTopics[real]!);
      real += 1;
    } else {
      ranked.push(syntheticTopic(synthetic));
      synthetic += 1;
    }
  }
  return ranked;
}

/** Generates `articles` synthetic articles, deterministically from `seed`. */
export function generateCorpus(options: CorpusOptions): NormalizedArticle[] {
  return Array.from(generateArticles(options));
}

/**
 * The articles of generateCorpus one at a time, for a consumer that does not need them all at once
 * (a streaming load, a file written record by record, the new articles of an incremental import).
 * Authors, journals and institutions are one object per entity, shared by the articles that name it
 * (the loaders copy what they change), so a held corpus costs little beyond its articles' own fields:
 * at 1M articles with reference lists 2.5 GB of heap (2.7 GB RSS) where unshared entities took about
 * 5 GB (508 MB of heap at 100k); streamed, nothing but the samplers and the entity caches is held.
 */
export function* generateArticles(options: CorpusOptions): Generator<NormalizedArticle> {
  const random = mulberry32(options.seed);
  const shape = corpusShape(options.articles);
  const topics = topicsByRank(shape.topics, options.realTopics ?? []);
  const words = titleWords(TITLE_WORD_COUNT);
  const pickAuthor = zipfSampler(shape.authors, AUTHOR_EXPONENT, random);
  const pickTopic = zipfSampler(shape.topics, TOPIC_EXPONENT, random);
  const pickJournal = zipfSampler(shape.journals, 1, random);
  const pickWord = zipfSampler(words.length, WORD_EXPONENT, random);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const pickCited = options.references ? zipfSampler(options.articles, CITATION_EXPONENT, random) : undefined;
  const pickExternal = options.references
    ? zipfSampler(Math.max(10, Math.floor(options.articles / 2)), CITATION_EXPONENT, random)
    : undefined;

  // Each author has a home department (fixed per author, so AFFILIATED_WITH stays small).
  const homeDepartment = (authorRank: number) => {
    const inst = (authorRank * 2654435761) % shape.institutions;
    const dept = (authorRank >>> 3) % DEPARTMENTS_PER_INSTITUTION;
    return { inst, dept };
  };
  const interned = <T>(cache: Map<number, T>, id: number, make: () => T): T => {
    let entity = cache.get(id);
    if (entity === undefined) cache.set(id, (entity = make()));
    return entity;
  };
  const authorCache = new Map<number, AuthorEntity>();
  const journalCache = new Map<number, JournalEntity>();
  const institutionCache = new Map<number, InstitutionEntity>();
  const departmentCache = new Map<number, InstitutionEntity>();
  const affiliationCache = new Map<number, string>();

  for (let n = 1; n <= options.articles; n += 1) {
    // Authors: 1–8 distinct, Zipf by productivity.
    const authorCount = int(1, 8);
    const authorRanks: number[] = [];
    for (let tries = 0; authorRanks.length < authorCount && tries < 50; tries += 1) {
      const rank = pickAuthor();
      if (!authorRanks.includes(rank)) authorRanks.push(rank);
    }
    // Topics: 2–7 distinct, Zipf by popularity.
    const topicCount = int(2, 7);
    const topicRanks: number[] = [];
    for (let tries = 0; topicRanks.length < topicCount && tries < 50; tries += 1) {
      const rank = pickTopic();
      if (!topicRanks.includes(rank)) topicRanks.push(rank);
    }
    const articleTopics = topicRanks.map((rank) => topics[rank]!);

    const institutions = new Map<string, InstitutionEntity>();
    const authorships: AuthorshipEntity[] = authorRanks.map((rank, i) => {
      const { inst, dept } = homeDepartment(rank);
      const unit = interned(departmentCache, inst * DEPARTMENTS_PER_INSTITUTION + dept, () => department(inst, dept));
      institutions.set(unit.key, unit);
      const parent = interned(institutionCache, inst, () => institution(inst));
      institutions.set(parent.key, parent);
      return {
        position: i + 1,
        author: interned(authorCache, rank, () => syntheticAuthor(rank)),
        institutionKeys: [unit.key],
        rawAffiliation: interned(
          affiliationCache,
          inst * DEPARTMENTS_PER_INSTITUTION + dept,
          () => `${unit.name}, Synthetic City`,
        ),
        markers: ['1'],
      };
    });

    const titleWordCount = int(3, 6);
    const picked: string[] = [];
    for (let i = 0; i < titleWordCount; i += 1) picked.push(words[pickWord()]!);
    const abstractWords: string[] = [];
    for (let i = 0; i < 12; i += 1) abstractWords.push(words[pickWord()]!);
    const chinese = random() < CHINESE_SHARE;
    // Years 2000–2024, more recent years more likely (publication volume grows).
    const year = 2000 + Math.floor(Math.sqrt(random()) * 25);
    const journalRank = pickJournal();
    const journal = interned(journalCache, journalRank, () => syntheticJournal(journalRank));
    const firstPage = int(1, 2000);

    const article: NormalizedArticle = {
      key: `doi:10.99999/synthetic.${n}`,
      recordKey: `rec:synthetic-${n}`,
      origin: { format: 'wprim', file: `synthetic/${n}.txt`, index: 0, line: 1 },
      doi: `10.99999/synthetic.${n}`,
      title: `Synthetic article ${n}: ${picked.join(' ')} in ${articleTopics[0]!.name.toLowerCase()}`,
      abstract: `Synthetic abstract. ${abstractWords.join(' ')}.`,
      language: chinese ? 'chi' : 'eng',
      country: 'China',
      year,
      volume: String(year - 1990),
      issue: String(int(1, 24)),
      firstPage: String(firstPage),
      lastPage: String(firstPage + int(2, 12)),
      keywords: articleTopics.map((topic) => topic.name),
      journal,
      authorships,
      institutions: [...institutions.values()],
      topics: articleTopics,
    };
    if (chinese) article.vernacularTitle = `合成文章 第${n}号`;
    if (pickCited && pickExternal) {
      const count = int(0, REFERENCES_MAX);
      article.references = [];
      for (let i = 0; i < count; i += 1) {
        if (random() < EXTERNAL_REFERENCE_SHARE) {
          const external = pickExternal() + 1;
          // With a year, as references usually state one (older than the corpus): a year-sorted page then
          // means the same on both sides (Neo4j's ORDER BY puts missing years first when descending).
          article.references.push({
            doi: `10.99999/external.${external}`,
            title: `Synthetic external work ${external}`,
            year: 1980 + (external % 20),
          });
          continue;
        }
        const cited = ((pickCited() * CITATION_STRIDE) % options.articles) + 1;
        if (cited !== n) article.references.push({ doi: `10.99999/synthetic.${cited}` });
      }
    }
    yield article;
  }
}
