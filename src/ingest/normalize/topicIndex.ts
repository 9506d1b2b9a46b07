import type { TopicEntity } from '../model.ts';
import type { MeshDescriptors, ReferenceData } from './ReferenceData.ts';
import { normalizeKeyText, normalizeMeshUi, topicKey } from '../../identity/index.ts';

/**
 * Keyword and heading -> topic matching against the curated vocabulary and the full MeSH descriptor list.
 *
 * Rules, strongest first (a weaker rule is only tried when every stronger one found nothing):
 *  1. the printed form, case- and blank-insensitive (normalizeKeyText), equals a curated name or synonym
 *     or a MeSH preferred name;
 *  2. the punctuation-insensitive form (hyphens, commas, periods, parentheses... are blanks, apostrophes
 *     vanish: `enterocolitis necrotizing`) equals that form of a name;
 *  3. a derived form of the term equals a form of a name, or the term equals a derived form of a name:
 *     the natural order of an inverted heading
 *     (`Leukemia, Myeloid, Acute` -> `acute myeloid leukemia`), a hyphen between letters dropped
 *     (`Anti-Bacterial Agents` ~ `antibacterial agents`), a possessive `'s` dropped (`Alzheimer's disease`
 *     ~ `Alzheimer Disease`);
 *  4. the singular/plural of the last word (`Mesenchymal stem cell` -> `Mesenchymal Stem Cells`), unless
 *     that word is printed in capitals (an acronym such as `PET` is not the plural-less `Pets`).
 * At rules 1-4, curated vocabulary entries win over the plain MeSH list (they carry synonyms, typed links
 * and their source), and a curated topic with a MeSH UI is the MeSH list's descriptor with that UI (one topic,
 * `mesh:<UI>`). When two MeSH descriptors share a form at the same rule, the form names neither: the
 * keyword stays a keyword rather than being given a guessed descriptor (rule 1 still tells them apart).
 */
export interface TopicIndex {
  /**
   * Rule 1: normalizeKeyText of every curated name and synonym, and of the MeSH names rules 2-3 do not
   * lead back to (every other MeSH name is found by its rule-2 form, which gives the same answer).
   */
  readonly exact: ReadonlyMap<string, Target>;
  /** Rules 2-3 for the curated vocabulary: own forms, then derived forms; the first topic keeps a form. */
  readonly curated: ReadonlyMap<string, TopicEntity>;
  /** Rule 2 for the MeSH list: each name's punctuation-insensitive form; null where descriptors collide. */
  readonly own: ReadonlyMap<string, Target | null>;
  /** Rule 3 for the MeSH list: derived forms no name has as its own form; null where descriptors collide. */
  readonly derived: ReadonlyMap<string, Target | null>;
  /** Curated topics by their MeSH UI. */
  readonly curatedByUi: ReadonlyMap<string, TopicEntity>;
  readonly mesh: MeshDescriptors;
  /** MeSH-list topics made so far, by UI (made on first use: most of the ~30,500 are never used). */
  readonly meshTopics: Map<string, TopicEntity>;
  /** Forms that two or more MeSH descriptors share under the same rule, with their topic keys (matched by none). */
  readonly collisions: ReadonlyMap<string, readonly string[]>;
}

/** A curated topic, or the UI of a MeSH-list descriptor (made into a topic when matched). */
type Target = TopicEntity | string;

const APOSTROPHES = /['’ʼ`´]/gu;
const POSSESSIVE = /(?<=\p{L})['’ʼ]s(?!\p{L})/gu;
const HYPHEN_BETWEEN_LETTERS = /(?<=\p{L})[-‐‑‒–](?=\p{L})/gu;
const PUNCTUATION_OR_BLANK = /[\p{P}\s]+/gu;
const NON_ASCII = /[^\u0000-\u007f]/;
/** Already in loose form once lower-cased: most MeSH names, so the index is built without the regexes. */
const PLAIN = /^[a-z0-9]+(?: [a-z0-9]+)*$/;
const HAS_HYPHEN = /[-‐‑‒–]/u;
const HAS_POSSESSIVE = /['’ʼ]s/u;

/** Rule 2: NFKC, lower case, apostrophes dropped, every other punctuation mark a blank, blanks collapsed. */
function looseForm(text: string): string {
  const lower = (NON_ASCII.test(text) ? text.normalize('NFKC') : text).toLowerCase();
  if (PLAIN.test(lower)) return lower;
  return lower.replace(APOSTROPHES, '').replace(PUNCTUATION_OR_BLANK, ' ').trim();
}

/** Rule 3 forms of a printed text (other than its loose form): hyphens between letters dropped, possessive dropped, both. */
function derivedForms(text: string): string[] {
  const forms: string[] = [];
  const hasHyphen = HAS_HYPHEN.test(text);
  const hasPossessive = HAS_POSSESSIVE.test(text);
  if (hasHyphen) forms.push(looseForm(text.replace(HYPHEN_BETWEEN_LETTERS, '')));
  if (hasPossessive) {
    const plain = text.replace(POSSESSIVE, '');
    forms.push(looseForm(plain));
    if (hasHyphen) forms.push(looseForm(plain.replace(HYPHEN_BETWEEN_LETTERS, '')));
  }
  return forms;
}

/** `Enterocolitis, Necrotizing` -> `Necrotizing Enterocolitis`; `Leukemia, Myeloid, Acute` -> `Acute Myeloid Leukemia`. */
function naturalOrder(name: string): string | undefined {
  if (!name.includes(', ')) return undefined;
  const parts = name.split(', ');
  if (parts.length < 2 || parts.some((p) => p.trim() === '')) return undefined;
  return parts.reverse().join(' ');
}

/** Singular/plural variants of the last word: `cell`<->`cells`, `injury`<->`injuries`, `process`->`processes`. */
function numberVariants(form: string): string[] {
  const m = /^(.*?)(\p{L}+)$/u.exec(form);
  if (!m) return [];
  const head = m[1] ?? '';
  const last = m[2] ?? '';
  const variants: string[] = [];
  if (/[^aeiou]y$/.test(last)) variants.push(`${last.slice(0, -1)}ies`);
  else if (/ies$/.test(last)) variants.push(`${last.slice(0, -3)}y`);
  else if (/(?:s|x|z|ch|sh)es$/.test(last)) variants.push(last.slice(0, -2));
  else if (/[^s]s$/.test(last)) variants.push(last.slice(0, -1));
  if (/(?:s|x|z|ch|sh)$/.test(last)) variants.push(`${last}es`);
  else if (!/s$/.test(last) && !/[^aeiou]y$/.test(last)) variants.push(`${last}s`);
  return variants.map((v) => head + v);
}

/** The last word as printed is in capitals (`PET`, `ROS`): an acronym, whose "plural" is another word. */
function endsWithAcronym(term: string): boolean {
  const m = /(\p{L}+)[^\p{L}]*$/u.exec(term);
  return m?.[1] !== undefined && m[1].length >= 2 && m[1] === m[1].toUpperCase() && m[1] !== m[1].toLowerCase();
}

const targetKey = (target: Target): string => (typeof target === 'string' ? `mesh:${target}` : target.key);

/** Rule 2 and rule 3 forms of a name (rule 3 without the rule 2 form). */
function formsOf(name: string): { own: string; derived: string[] } {
  const lower = name.toLowerCase();
  // Most MeSH names are plain words already: no regex work for them.
  if (PLAIN.test(lower)) return { own: lower, derived: [] };
  const own = looseForm(name);
  const natural = naturalOrder(name);
  const derived = new Set([...derivedForms(name), ...(natural ? [looseForm(natural), ...derivedForms(natural)] : [])]);
  derived.delete(own);
  return { own, derived: [...derived] };
}

function buildTopicIndex(reference: ReferenceData): TopicIndex {
  const { vocabulary, mesh } = reference;
  const curatedByUi = new Map<string, TopicEntity>();
  for (const topic of vocabulary.topics)
    if (topic.meshId && !curatedByUi.has(topic.meshId)) curatedByUi.set(topic.meshId, topic);

  // Curated: names and synonyms, then their derived forms; the first topic keeps a form (file order).
  const exact = new Map<string, Target>();
  const curated = new Map<string, TopicEntity>();
  const curatedForms = vocabulary.topics.flatMap((topic) =>
    [topic.name, ...topic.synonyms].map((form) => ({ topic, form, forms: formsOf(form) })),
  );
  for (const { topic, form } of curatedForms) {
    const key = normalizeKeyText(form);
    if (key !== '' && !exact.has(key)) exact.set(key, topic);
  }
  for (const { topic, forms } of curatedForms)
    if (forms.own !== '' && !curated.has(forms.own)) curated.set(forms.own, topic);
  for (const { topic, forms } of curatedForms)
    for (const f of forms.derived) if (!curated.has(f)) curated.set(f, topic);

  // The MeSH list: a descriptor a curated topic carries is that curated topic.
  const own = new Map<string, Target | null>();
  const derived = new Map<string, Target | null>();
  const collisions = new Map<string, string[]>();
  const collided = new Set<Target>();
  const put = (map: Map<string, Target | null>, form: string, target: Target) => {
    const held = map.get(form);
    if (held === undefined) {
      map.set(form, target);
      return;
    }
    if (held === target) return; // targets are canonical: the curated topic object, or the UI string
    const keys = collisions.get(form) ?? (held === null ? [] : [targetKey(held)]);
    if (!keys.includes(targetKey(target))) keys.push(targetKey(target));
    collisions.set(form, keys);
    if (map === own) {
      if (held !== null) collided.add(held);
      collided.add(target);
    }
    map.set(form, null);
  };
  const pending: Array<{ target: Target; derived: string[] }> = [];
  mesh.names.forEach((name, ui) => {
    const target: Target = curatedByUi.get(ui) ?? ui;
    const lower = name.toLowerCase();
    // Most names are plain words: their own form is the lower-case name and they have no derived forms.
    if (PLAIN.test(lower)) {
      put(own, lower, target);
      return;
    }
    const forms = formsOf(name);
    if (forms.own !== '') put(own, forms.own, target);
    if (forms.derived.length > 0) pending.push({ target, derived: forms.derived });
  });
  // A derived form that is some name's own form belongs to that name (rule 2 before rule 3).
  for (const { target, derived: forms } of pending) for (const f of forms) if (!own.has(f)) put(derived, f, target);

  // Rule 1 for the MeSH names whose own form leads elsewhere: names that collide, and names whose own
  // form a curated topic of another UI claims. Every other MeSH name is found by its own form.
  const uiOf = (target: Target) => (typeof target === 'string' ? target : target.meshId);
  const addExactName = (target: Target) => {
    const ui = uiOf(target);
    const name = ui === undefined ? undefined : mesh.names.get(ui);
    if (name === undefined) return;
    const key = normalizeKeyText(name);
    if (!exact.has(key)) exact.set(key, target);
  };
  for (const target of collided) addExactName(target);
  for (const [form, topic] of curated) {
    const held = own.get(form);
    if (held && held !== topic) addExactName(held);
  }
  return { exact, curated, own, derived, curatedByUi, mesh, meshTopics: new Map(), collisions };
}

/** Topic index per reference data object, built once (reference data is immutable during a run). */
const cache = new WeakMap<ReferenceData, TopicIndex>();

/** The topic index of a reference data object: built on first use (tens of milliseconds), then cached. */
export function topicIndexFor(reference: ReferenceData): TopicIndex {
  let index = cache.get(reference);
  if (!index) {
    index = buildTopicIndex(reference);
    cache.set(reference, index);
  }
  return index;
}

/** The topic a target names: the curated topic itself, or the MeSH-list descriptor as a topic (no synonyms, no links). */
function topicOf(target: Target, index: TopicIndex): TopicEntity | undefined {
  if (typeof target !== 'string') return target;
  let topic = index.meshTopics.get(target);
  if (!topic) {
    const name = index.mesh.names.get(target);
    if (name === undefined) return undefined;
    topic = { key: topicKey({ meshId: target, name }), name, meshId: target, synonyms: [], source: index.mesh.source };
    index.meshTopics.set(target, topic);
  }
  return topic;
}

/** The one topic the forms name, "none" when none does, "ambiguous" when they name several or a colliding form. */
function lookUp(forms: readonly string[], index: TopicIndex): Target | 'none' | 'ambiguous' {
  let found: Target | undefined;
  for (const form of forms) {
    const hit = index.curated.get(form) ?? index.own.get(form) ?? index.derived.get(form);
    if (hit === undefined) continue;
    if (hit === null) return 'ambiguous';
    if (found !== undefined && targetKey(found) !== targetKey(hit)) return 'ambiguous';
    found = hit;
  }
  return found ?? 'none';
}

/**
 * The topic a printed keyword or MEDLINE heading names (see TopicIndex for the rules), or undefined when
 * neither the curated vocabulary nor the MeSH list names it unambiguously.
 */
export function matchTopic(term: string, index: TopicIndex): TopicEntity | undefined {
  const exact = index.exact.get(normalizeKeyText(term));
  if (exact) return topicOf(exact, index);
  const own = looseForm(term);
  if (own === '') return undefined;
  const stages = [[own], derivedForms(term).filter((f) => f !== own)];
  for (const forms of stages) {
    const hit = lookUp(forms, index);
    if (hit === 'ambiguous') return undefined;
    if (hit !== 'none') return topicOf(hit, index);
  }
  if (endsWithAcronym(term)) return undefined;
  for (const forms of stages) {
    const hit = lookUp(forms.flatMap(numberVariants), index);
    if (hit === 'ambiguous') return undefined;
    if (hit !== 'none') return topicOf(hit, index);
  }
  return undefined;
}

/**
 * The topic for a descriptor UI a source states (PubMed XML `DescriptorName UI`, OpenAlex `descriptor_ui`),
 * in any printed form normalizeMeshUi accepts: the curated topic carrying that UI, else the MeSH-list
 * descriptor; undefined for a UI neither knows (the list has topical descriptors only: no publication
 * types, check tags or geographic descriptors).
 */
export function topicForMeshUi(ui: string, index: TopicIndex): TopicEntity | undefined {
  const normalized = normalizeMeshUi(ui);
  if (!normalized) return undefined;
  return index.curatedByUi.get(normalized) ?? topicOf(normalized, index);
}
