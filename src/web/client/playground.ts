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
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', ...options?.headers },
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

/**
 * GraphiQL 4 opens the first of `defaultTabs` without its variables (it takes
 * the editor's initial variables from the `variables` prop or storage only),
 * so on a first visit, with no saved tabs, pass them explicitly.
 */
function firstVisitVariables(): string | undefined {
  try {
    if (window.localStorage.getItem('graphiql:tabState')) return undefined;
  } catch {
    // Storage unavailable: GraphiQL falls back to memory, so this is a first visit.
  }
  return config.tabs[0]?.variables;
}

const root = document.getElementById('graphiql');
if (!root) throw new Error('#graphiql is missing from the page');

createRoot(root).render(
  createElement(
    GraphiQL,
    {
      fetcher,
      defaultTabs: config.tabs,
      variables: firstVisitVariables(),
      defaultEditorToolsVisibility: true,
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
    },
    createElement(
      GraphiQL.Logo,
      null,
      createElement('a', { href: config.homePath, className: 'sg-logo', title: 'Scholarly graph home' }, 'Scholarly graph'),
    ),
  ),
);
