import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

describe('configuration', () => {
  it('defaults to the local Neo4j and port 4000 when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      neo4jUri: undefined,
      port: 4000,
      queryTimeoutMs: 10_000,
      seedOnStart: true,
      localDataDir: '.data/neo4j',
      sourceMappedStacks: false,
    });
  });

  it('maps stack traces to the TypeScript sources only when SOURCE_MAPS=true', () => {
    expect(loadConfig({ SOURCE_MAPS: 'true' }).sourceMappedStacks).toBe(true);
    expect(() => loadConfig({ SOURCE_MAPS: 'yes' })).toThrow(/SOURCE_MAPS/);
  });

  it('reads a Neo4j URI, credentials and database, treating empty strings as unset', () => {
    const config = loadConfig({
      NEO4J_URI: 'neo4j+s://abc.databases.neo4j.io',
      NEO4J_USER: 'reader',
      NEO4J_PASSWORD: 'pw',
      NEO4J_DATABASE: '',
      PORT: '8080',
    });
    expect(config).toMatchObject({
      neo4jUri: 'neo4j+s://abc.databases.neo4j.io',
      neo4jUser: 'reader',
      neo4jPassword: 'pw',
      neo4jDatabase: undefined,
      port: 8080,
    });
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474', PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ NEO4J_URI: 'http://localhost:7474', PORT: 'eighty' })).toThrow(
      /NEO4J_URI: must be a neo4j:\/\/ or bolt:\/\/ URI.*PORT/,
    );
  });
});
