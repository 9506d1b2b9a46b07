/** A GraphiQL tab: one example operation with its variables (JSON text). */
export type ExampleTab = { query: string; variables?: string };

/** What the playground page embeds for its bundle (see `client/playground.ts`). */
export type PlaygroundConfig = {
  /** The same-origin GraphQL endpoint the fetcher posts to. */
  graphqlPath: string;
  /** Link target of the logo. */
  homePath: string;
  /** GraphiQL's `defaultTabs` (used when the browser has no saved tabs). */
  tabs: ExampleTab[];
};
