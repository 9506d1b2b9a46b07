import { entityStyle } from '../../export/entityStyles.ts';
import { h } from './dom.ts';
import type { ApiArticleList, ApiDetails, ApiLink, ApiYearBucket } from './explorerQueries.ts';

/** What the panel can ask the page to do. */
export type DetailsActions = {
  /** Draw this entity's neighbourhood as the new centre. */
  open(id: string): void;
};

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
  return h('section', { class: 'detail-section' }, h('h3', {}, title), present.length ? h('ul', { class: 'refs' }, present) : h('p', { class: 'muted' }, empty ?? ''));
}

function ref(actions: DetailsActions, id: string, text: string, type: string, note?: string): HTMLElement {
  return h(
    'li',
    {},
    h('button', { type: 'button', class: 'ref', title: `Draw the neighbourhood of ${text}`, style: `--type-color:${entityStyle(type).color}`, onclick: () => actions.open(id) }, text),
    note ? h('span', { class: 'note' }, ` ${note}`) : null,
  );
}

/** The article list of an entity; `year` titles it as filtered to one year. */
export function articleRefs(actions: DetailsActions, list: ApiArticleList, year?: number | null): HTMLElement {
  const title = year ? `Articles of ${year} (${list.totalCount})` : `Articles (${list.totalCount})`;
  const element = section(
    title,
    list.edges.map(({ node }) => ref(actions, node.id, node.title, 'ARTICLE', node.year ? `(${node.year})` : undefined)),
    'None',
  )!;
  element.dataset.slot = 'articles';
  return element;
}

/** Links out (DOI resolver, PubMed, MeSH Browser, ORCID, ROR, ISSN Portal, ...), whatever the API lists. */
function linksOut(links: readonly ApiLink[] | undefined): HTMLElement | null {
  if (!links?.length) return null;
  return h(
    'nav',
    { class: 'links-out', 'aria-label': 'Pages elsewhere' },
    links.map((link) =>
      h('a', { class: 'link-out', href: link.url, target: '_blank', rel: 'noopener noreferrer', 'data-kind': link.kind, title: `${link.label}: ${link.identifier}` }, `${link.label} ↗`),
    ),
  );
}

/**
 * A bar chart of articles per year (from the `facets` query). Each bar is a button: pressing it
 * filters to that year (`onPick(year)`), pressing the pressed one again clears the filter
 * (`onPick(null)`). Years without articles between the first and the last are drawn empty, so
 * the time axis stays even.
 */
export function yearHistogram(buckets: readonly ApiYearBucket[], selected: number | null, onPick: (year: number | null) => void): HTMLElement | null {
  const counts = new Map(buckets.map((b) => [Number(b.key), b.count] as const).filter(([year]) => Number.isInteger(year)));
  if (counts.size === 0) return null;
  const years = [...counts.keys()];
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...counts.values());
  const bars: HTMLElement[] = [];
  for (let year = first; year <= last; year += 1) {
    const count = counts.get(year) ?? 0;
    const pressed = selected === year;
    bars.push(
      h(
        'button',
        {
          type: 'button',
          class: `bar${pressed ? ' pressed' : ''}`,
          'data-year': year,
          'aria-pressed': pressed ? 'true' : 'false',
          disabled: count === 0,
          title: `${year}: ${count} article${count === 1 ? '' : 's'}${pressed ? ' (click to show all years)' : ' (click to show only this year)'}`,
          onclick: () => onPick(pressed ? null : year),
        },
        h('span', { class: 'bar-fill', style: `height:${Math.max(count ? 8 : 0, Math.round((count / max) * 100))}%` }),
        h('span', { class: 'bar-count' }, count ? String(count) : ''),
      ),
    );
  }
  return h(
    'section',
    { class: 'detail-section years', 'data-slot': 'years' },
    h('h3', {}, 'Articles per year', selected ? h('button', { type: 'button', class: 'clear-year', onclick: () => onPick(null) }, `${selected} × show all`) : null),
    h('div', { class: 'histogram', role: 'group', 'aria-label': 'Articles per year; press a year to filter' }, bars),
    h('div', { class: 'histogram-axis' }, h('span', {}, String(first)), first === last ? null : h('span', {}, String(last))),
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
          row('Volume (issue)', details.volume ? `${details.volume}${details.issue ? ` (${details.issue})` : ''}` : null),
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
              authorship.institutions.length ? `— ${authorship.institutions.map((i) => i.name).join('; ')}` : authorship.rawAffiliation ? `— ${authorship.rawAffiliation}` : undefined,
            ),
          ),
        ),
        section('Topics', details.topics.map((topic) => ref(actions, topic.id, topic.name, 'TOPIC'))),
        details.journal ? section('Journal', [ref(actions, details.journal.id, details.journal.title, 'JOURNAL')]) : null,
        details.abstract ? h('details', { class: 'abstract' }, h('summary', {}, 'Abstract'), h('p', {}, details.abstract)) : null,
      );
      break;
    }
    case 'Author':
      title = details.name;
      parts.push(
        section('Institutions', details.institutions.map((i) => ref(actions, i.id, i.name, 'INSTITUTION', [i.city, i.country].filter(Boolean).join(', ') || undefined)), 'None recorded'),
        section('Co-authors', details.coauthors.map((c) => ref(actions, c.author.id, c.author.name, 'AUTHOR', `(${c.sharedArticles} shared)`)), 'None'),
        h('div', { 'data-slot': 'years' }),
        articleRefs(actions, details.articles),
      );
      break;
    case 'Institution':
      title = details.name;
      parts.push(
        h('dl', { class: 'facts' }, row('Local name', details.localName), row('City', details.city), row('Postal code', details.postalCode), row('Country', details.country)),
        details.parent ? section('Part of', [ref(actions, details.parent.id, details.parent.name, 'INSTITUTION')]) : null,
        section('Authors', details.authors.slice(0, 20).map((a) => ref(actions, a.id, a.name, 'AUTHOR'))),
        articleRefs(actions, details.articles),
      );
      break;
    case 'Journal':
      title = details.title;
      parts.push(h('dl', { class: 'facts' }, row('Local title', details.localTitle), row('ISSN', details.issn)), articleRefs(actions, details.articles));
      break;
    case 'Topic':
      title = details.name;
      parts.push(
        h('dl', { class: 'facts' }, row('MeSH', details.meshId), row('Synonyms', details.synonyms.length ? details.synonyms.join('; ') : null)),
        section('Broader', details.broader.map((t) => ref(actions, t.id, t.name, 'TOPIC'))),
        section('Narrower', details.narrower.map((t) => ref(actions, t.id, t.name, 'TOPIC'))),
        section('Related', details.related.map((r) => ref(actions, r.topic.id, r.topic.name, 'TOPIC', r.outgoing ? `(this ${r.relation} it)` : `(it ${r.relation} this)`))),
        section('Co-occurring topics', details.coOccurring.map((c) => ref(actions, c.topic.id, c.topic.name, 'TOPIC', `(${c.articleCount})`))),
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
    h('button', { type: 'button', class: 'primary', onclick: () => actions.open(details.id) }, 'Centre the graph here'),
    parts,
  );
}
