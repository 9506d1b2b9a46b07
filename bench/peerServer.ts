/**
 * The peer for the benchmark: @neo4j/graphql (the official GraphQL library for Neo4j) over the same
 * graph, with type definitions mapping the same labels, properties and relationships
 * (bench/peer/typeDefs.graphql), served the way this project serves its API (Apollo Server on
 * Express, in its own process), so the two differ only in how they answer.
 */
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { Neo4jGraphQL } from '@neo4j/graphql';
import { benchDriver, serve } from './serverProcess.ts';

const { base, driver, log } = benchDriver();
const typeDefs = readFileSync(new URL('./peer/typeDefs.graphql', import.meta.url), 'utf8');
const schema = await new Neo4jGraphQL({ typeDefs, driver }).getSchema();
// The plugins the API switches off (src/server.ts) are off here too: left on, cache control cost the
// peer 12-14 % of its server CPU for hints neither side gives. The API's own plugins (armor, complexity,
// status, write access) are its safety work and stay on its side only, counted against it.
const apollo = new ApolloServer({
  schema,
  introspection: false,
  stopOnTerminationSignals: false,
  includeStacktraceInErrorResponses: false,
  plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginCacheControlDisabled()],
});
await apollo.start();
const app = express();
app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo, { context: async () => ({}) }));
serve(app, log, async () => {
  await apollo.stop();
  await base.close();
});
