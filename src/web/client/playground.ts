/**
 * Playground entry: GraphiQL 4 (bundled, CSS and fonts included) talking to
 * the same origin's GraphQL endpoint, opened with the example operations the
 * server put in the page config. History and the docs explorer are GraphiQL's
 * built-in plugins.
 */
import 'graphiql/style.css';
import './playground.css';
import { GraphiQL, type GraphiQLProps } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { PlaygroundConfig } from '../playgroundConfig.ts';
import { readPageConfig } from './pageConfig.ts';

const config = readPageConfig<PlaygroundConfig>();

const fetcher: GraphiQLProps['fetcher'] = async (params, options) => {
  const response = await fetch(config.graphqlPath, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...options?.headers,
    },
    body: JSON.stringify(params),
    credentials: 'same-origin',
  });
  const text = await response.text();
  try {
    return JSON.parse(text) as Awaited<ReturnType<GraphiQLProps['fetcher']>>;
  } catch {
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] } as never;
  }
};

/** GraphiQL's localStorage keys (namespace `graphiql`). */
const STORAGE = { tabs: 'graphiql:tabState', query: 'graphiql:query', variables: 'graphiql:variables' } as const;

type StoredTabs = { activeTabIndex: number; tabs: { query: string | null; variables: string | null }[] };

/**
 * Makes a returning visit open the tabs it left, unchanged. GraphiQL 4 restores the saved tabs,
 * then looks for the tab whose query and variables equal the last editor contents it saved
 * separately (`graphiql:query`, `graphiql:variables`); when the two disagree (the variables of a
 * first visit are set by prop and never saved, for one) it appends a copy of the query as a new
 * tab with empty variables. So before GraphiQL starts, the saved editor contents are set to the
 * saved active tab's. Returns true when there were saved tabs.
 */
function alignSavedEditorsWithActiveTab(): boolean {
  try {
    const raw = window.localStorage.getItem(STORAGE.tabs);
    if (!raw) return false;
    const saved = JSON.parse(raw) as StoredTabs;
    const active = saved.tabs?.[saved.activeTabIndex];
    if (!active) return true;
    const set = (key: string, value: string | null): void => {
      if (value === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, value);
    };
    set(STORAGE.query, active.query);
    set(STORAGE.variables, active.variables);
    return true;
  } catch {
    // Storage unavailable or unreadable: GraphiQL falls back to its defaults.
    return false;
  }
}

/**
 * GraphiQL 4 opens the first of `defaultTabs` without its variables (it takes the editor's
 * initial variables from the `variables` prop or storage only), so on a first visit, with no
 * saved tabs, pass them explicitly.
 */
const returning = alignSavedEditorsWithActiveTab();
const firstVisitVariables = returning ? undefined : config.tabs[0]?.variables;

const root = document.getElementById('graphiql');
if (!root) throw new Error('#graphiql is missing from the page');

createRoot(root).render(
  createElement(
    GraphiQL,
    {
      fetcher,
      defaultTabs: config.tabs,
      variables: firstVisitVariables,
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    },
    createElement(
      GraphiQL.Logo,
      null,
      createElement(
        'a',
        { href: config.homePath, className: 'sg-logo', title: 'Scholarly graph home' },
        'Scholarly graph',
      ),
    ),
  ),
);
