import { entityStyle } from '../../export/entityStyles.ts';
import { h } from './dom.ts';
import type { ApiArticleList, ApiArticlePage, ApiDetails, ApiLink, ApiYearBucket } from './explorerQueries.ts';

/** What the panel can ask the page to do. */
export type DetailsActions = {
  /** Draw this entity's neighbourhood as the new centre. */
  open(id: string): void;
  /** Add a topic or a journal to the shared filters. */
  addFilter?(field: 'topic' | 'journal', value: string, label: string): void;
  /** Make this entity one end of the path finder. */
  pathEnd?(end: 'from' | 'to', id: string, label: string): void;
  /** Show all (up to 100) references and citing articles of an article. */
  moreCitations?(id: string): void;
};

/** The words that mark a work known only from reference lists, wherever it is listed. */
export const REFERENCE_ONLY_NOTE = 'reference only';

const TYPE_OF: Readonly<Record<string, string>> = {
  Article: 'ARTICLE',
  Author: 'AUTHOR',
  Institution: 'INSTITUTION',
  Journal: 'JOURNAL',
  Topic: 'TOPIC',
};

function badge(type: string): HTMLElement {
  const style = entityStyle(type);
  return h('span', { class: 'type-badge', style: `--type-color:${style.color}` }, style.title);
}

function row(label: string, value: Node | string | number | null | undefined): HTMLElement | null {
  if (value === null || value === undefined || value === '') return null;
  return h('div', { class: 'row' }, h('dt', {}, label), h('dd', {}, value));
}

function section(title: string, items: (HTMLElement | null)[], empty?: string): HTMLElement | null {
  const present = items.filter((item): item is HTMLElement => item !== null);
  if (present.length === 0 && !empty) return null;
  return h(
    'section',
    { class: 'detail-section' },
    h('h3', {}, title),
    present.length ? h('ul', { class: 'refs' }, present) : h('p', { class: 'muted' }, empty ?? ''),
  );
}

function ref(actions: DetailsActions, id: string, text: string, type: string, note?: string): HTMLElement {
  return h(
    'li',
    {},
    h(
      'button',
      {
        type: 'button',
        class: 'ref',
        title: `Draw the neighbourhood of ${text}`,
        style: `--type-color:${entityStyle(type).color}`,
        onclick: () => actions.open(id),
      },
      text,
    ),
    note ? h('span', { class: 'note' }, ` ${note}`) : null,
  );
}

/** The article list of an entity; `year` titles it as filtered to one year. */
export function articleRefs(actions: DetailsActions, list: ApiArticleList, years?: string | null): HTMLElement {
  const title = years ? `Articles of ${years} (${list.totalCount})` : `Articles (${list.totalCount})`;
  const element = section(
    title,
    list.edges.map(({ node }) =>
      ref(actions, node.id, node.title, 'ARTICLE', node.year ? `(${node.year})` : undefined),
    ),
    'None',
  )!;
  element.dataset.slot = 'articles';
  return element;
}

/**
 * An article's references or citing articles with their count in the graph; reference-only works
 * are marked. `more` asks for the longer list when this page does not hold them all.
 */
export function citationRefs(
  actions: DetailsActions,
  slot: 'references' | 'citedBy',
  title: string,
  page: ApiArticlePage,
  more?: () => void,
): HTMLElement {
  const items = page.edges.map(({ node }) => {
    const note = [node.year ? `(${node.year})` : '', node.referenceOnly ? `— ${REFERENCE_ONLY_NOTE}` : '']
      .filter(Boolean)
      .join(' ');
    const item = ref(actions, node.id, node.title, 'ARTICLE', note || undefined);
    if (node.referenceOnly) item.classList.add('reference-only');
    return item;
  });
  const element = section(`${title} (${page.totalCount})`, items, 'None in the graph')!;
  element.dataset.slot = slot;
  if (more && page.totalCount > page.edges.length) {
    element.append(
      h(
        'button',
        { type: 'button', class: 'show-more', onclick: more },
        `Show ${Math.min(page.totalCount, 100)} of ${page.totalCount}`,
      ),
    );
  }
  return element;
}

/** Links out (DOI resolver, PubMed, MeSH Browser, ORCID, ROR, ISSN Portal, ...), whatever the API lists. */
function linksOut(links: readonly ApiLink[] | undefined): HTMLElement | null {
  if (!links?.length) return null;
  return h(
    'nav',
    { class: 'links-out', 'aria-label': 'Pages elsewhere' },
    links.map((link) =>
      h(
        'a',
        {
          class: 'link-out',
          href: link.url,
          target: '_blank',
          rel: 'noopener noreferrer',
          'data-kind': link.kind,
          title: `${link.label}: ${link.identifier}`,
        },
        `${link.label} ↗`,
      ),
    ),
  );
}

/**
 * A bar chart of articles per year (from the `facets` query). Each bar is a button: pressing it
 * sets the shared year range to that year (`onPick(year, false)`), pressing with Shift stretches
 * the range to it (`onPick(year, true)`), pressing the only pressed year again clears the range
 * (`onPick(null, false)`). Years without articles between the first and the last are drawn empty,
 * so the time axis stays even.
 */
export function yearHistogram(
  buckets: readonly ApiYearBucket[],
  range: { from: number | null; to: number | null },
  onPick: (year: number | null, extend: boolean) => void,
): HTMLElement | null {
  const counts = new Map(
    buckets.map((b) => [Number(b.key), b.count] as const).filter(([year]) => Number.isInteger(year)),
  );
  if (counts.size === 0) return null;
  const years = [...counts.keys()];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...counts.values());
  const ranged = range.from !== null || range.to !== null;
  const within = (year: number) =>
    ranged && (range.from === null || year >= range.from) && (range.to === null || year <= range.to);
  const single = range.from !== null && range.from === range.to ? range.from : null;
  const bars: HTMLElement[] = [];
  for (let year = first; year <= last; year += 1) {
    const count = counts.get(year) ?? 0;
    const pressed = within(year);
    bars.push(
      h(
        'button',
        {
          type: 'button',
          class: `bar${pressed ? ' pressed' : ''}`,
          'data-year': year,
          'aria-pressed': pressed ? 'true' : 'false',
          'aria-label': `${year}: ${count} article${count === 1 ? '' : 's'}`,
          disabled: count === 0,
          title: `${year}: ${count} article${count === 1 ? '' : 's'}${single === year ? ' (click to show all years)' : ' (click: only this year; Shift+click: stretch the range to it)'}`,
          onclick: (event: Event) => onPick(single === year ? null : year, (event as MouseEvent).shiftKey),
        },
        h('span', { class: 'bar-fill', style: `height:${Math.max(count ? 8 : 0, Math.round((count / max) * 100))}%` }),
        h('span', { class: 'bar-count', 'aria-hidden': 'true' }, count ? String(count) : ''),
      ),
    );
  }
  const label = single !== null ? String(single) : ranged ? `${range.from ?? '…'}–${range.to ?? '…'}` : null;
  return h(
    'section',
    { class: 'detail-section years', 'data-slot': 'years' },
    h(
      'h3',
      {},
      'Articles per year',
      label
        ? h(
            'button',
            { type: 'button', class: 'clear-year', onclick: () => onPick(null, false) },
            `${label} × show all`,
          )
        : null,
    ),
    h(
      'div',
      {
        class: 'histogram',
        role: 'group',
        'aria-label': 'Articles per year; press a year to filter, Shift+press to stretch the range',
      },
      bars,
    ),
    h(
      'div',
      { class: 'histogram-axis' },
      h('span', {}, String(first)),
      first === last ? null : h('span', {}, String(last)),
    ),
  );
}

/** Renders an entity's details (any of the five types) as panel content. */
export function renderDetails(details: ApiDetails, actions: DetailsActions): HTMLElement {
  const type = TYPE_OF[details.__typename] ?? details.__typename.toUpperCase();
  const parts: (HTMLElement | null)[] = [];
  let title: string;
  switch (details.__typename) {
    case 'Article': {
      title = details.title;
      const pages = details.firstPage ? `${details.firstPage}${details.lastPage ? `–${details.lastPage}` : ''}` : null;
      parts.push(
        h(
          'dl',
          { class: 'facts' },
          row('Original title', details.vernacularTitle),
          row('DOI', details.doi ? h('span', { class: 'mono' }, details.doi) : null),
          row('Journal', details.journal?.title),
          row('Year', details.year),
          row(
            'Volume (issue)',
            details.volume ? `${details.volume}${details.issue ? ` (${details.issue})` : ''}` : null,
          ),
          row('Pages', pages),
          row('Language', details.language),
          row('Country', details.country),
          row('Keywords', details.keywords.length ? details.keywords.join('; ') : null),
        ),
        section(
          'Authors',
          details.authorships.map((authorship) =>
            ref(
              actions,
              authorship.author.id,
              `${authorship.position}. ${authorship.author.name}`,
              'AUTHOR',
              authorship.institutions.length
                ? `— ${authorship.institutions.map((i) => i.name).join('; ')}`
                : authorship.rawAffiliation
                  ? `— ${authorship.rawAffiliation}`
                  : undefined,
            ),
          ),
        ),
        details.referenceOnly
          ? h(
              'p',
              { class: 'reference-only-notice' },
              h('strong', {}, 'Known only from reference lists. '),
              [details.referenceAuthor, details.referenceJournal].filter(Boolean).join(', ') ||
                'The citing records give no more than the title.',
            )
          : null,
        section(
          'Topics',
          details.topics.map((topic) => ref(actions, topic.id, topic.name, 'TOPIC')),
        ),
        details.journal
          ? section('Journal', [ref(actions, details.journal.id, details.journal.title, 'JOURNAL')])
          : null,
        details.references
          ? citationRefs(
              actions,
              'references',
              'References',
              details.references,
              actions.moreCitations ? () => actions.moreCitations!(details.id) : undefined,
            )
          : null,
        details.citedBy
          ? citationRefs(
              actions,
              'citedBy',
              'Cited by',
              details.citedBy,
              actions.moreCitations ? () => actions.moreCitations!(details.id) : undefined,
            )
          : null,
        typeof details.citedByCount === 'number'
          ? h(
              'p',
              { class: 'muted' },
              `Cited ${details.citedByCount} times according to its sources (the whole literature, not only this graph).`,
            )
          : null,
        details.abstract
          ? h('details', { class: 'abstract' }, h('summary', {}, 'Abstract'), h('p', {}, details.abstract))
          : null,
      );
      break;
    }
    case 'Author':
      title = details.name;
      parts.push(
        section(
          'Institutions',
          details.institutions.map((i) =>
            ref(actions, i.id, i.name, 'INSTITUTION', [i.city, i.country].filter(Boolean).join(', ') || undefined),
          ),
          'None recorded',
        ),
        section(
          'Co-authors',
          details.coauthors.map((c) =>
            ref(actions, c.author.id, c.author.name, 'AUTHOR', `(${c.sharedArticles} shared)`),
          ),
          'None',
        ),
        h('div', { 'data-slot': 'years' }),
        articleRefs(actions, details.articles),
      );
      break;
    case 'Institution':
      title = details.name;
      parts.push(
        h(
          'dl',
          { class: 'facts' },
          row('Local name', details.localName),
          row('City', details.city),
          row('Postal code', details.postalCode),
          row('Country', details.country),
        ),
        details.parent
          ? section('Part of', [ref(actions, details.parent.id, details.parent.name, 'INSTITUTION')])
          : null,
        section(
          'Authors',
          details.authors.slice(0, 20).map((a) => ref(actions, a.id, a.name, 'AUTHOR')),
        ),
        articleRefs(actions, details.articles),
      );
      break;
    case 'Journal':
      title = details.title;
      parts.push(
        h('dl', { class: 'facts' }, row('Local title', details.localTitle), row('ISSN', details.issn)),
        articleRefs(actions, details.articles),
      );
      break;
    case 'Topic':
      title = details.name;
      parts.push(
        h(
          'dl',
          { class: 'facts' },
          row('MeSH', details.meshId),
          row('Synonyms', details.synonyms.length ? details.synonyms.join('; ') : null),
        ),
        section(
          'Broader',
          details.broader.map((t) => ref(actions, t.id, t.name, 'TOPIC')),
        ),
        section(
          'Narrower',
          details.narrower.map((t) => ref(actions, t.id, t.name, 'TOPIC')),
        ),
        section(
          'Related',
          details.related.map((r) =>
            ref(
              actions,
              r.topic.id,
              r.topic.name,
              'TOPIC',
              r.outgoing ? `(this ${r.relation} it)` : `(it ${r.relation} this)`,
            ),
          ),
        ),
        section(
          'Co-occurring topics',
          details.coOccurring.map((c) => ref(actions, c.topic.id, c.topic.name, 'TOPIC', `(${c.articleCount})`)),
        ),
        h('div', { 'data-slot': 'years' }),
        articleRefs(actions, details.articles),
      );
      break;
    default:
      title = 'Unknown entity';
  }
  return h(
    'article',
    { class: 'entity', 'data-entity-id': details.id, 'data-entity-type': type },
    h('header', {}, badge(type), h('h2', {}, title)),
    linksOut(details.links),
    h(
      'div',
      { class: 'entity-actions' },
      h(
        'button',
        { type: 'button', class: 'primary', onclick: () => actions.open(details.id) },
        'Centre the graph here',
      ),
      actions.addFilter && (type === 'TOPIC' || type === 'JOURNAL')
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-action': 'add-filter',
              onclick: () => actions.addFilter!(type === 'TOPIC' ? 'topic' : 'journal', details.id, title),
            },
            type === 'TOPIC' ? 'Add to topic filter' : 'Filter by this journal',
          )
        : null,
      actions.pathEnd
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-action': 'path-from',
              onclick: () => actions.pathEnd!('from', details.id, title),
            },
            'Path from here',
          )
        : null,
      actions.pathEnd
        ? h(
            'button',
            {
              type: 'button',
              class: 'secondary',
              'data-action': 'path-to',
              onclick: () => actions.pathEnd!('to', details.id, title),
            },
            'Path to here',
          )
        : null,
    ),
    parts,
  );
}
