import { createRequire } from 'node:module';
import type { GraphQLScalarType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { complexityLimitPlugin, nestsDeeperThan } from '../../../src/plugins/complexityLimit.ts';
import { Upload, UploadedFile } from '../../../src/write/multipartUpload.ts';

/**
 * The complexity limit looks at the variables' structure (lists, objects); an uploaded file is one
 * value. Its bytes are a Buffer, whose entries (a million per megabyte) were walked and serialized
 * on the request thread, seconds per upload on a loaded machine: here a Buffer that throws when
 * its entries are touched stands for them.
 */
const untouchable = new Proxy(Buffer.from('TY  - JOUR\nER  - \n'), {
  ownKeys() {
    throw new Error('the bytes were walked');
  },
  get(target, property) {
    if (property === 'toJSON') throw new Error('the bytes were serialized');
    return Reflect.get(target, property);
  },
});
const file = new UploadedFile('records.ris', untouchable, untouchable.length);

// The copy of graphql that graphql-query-complexity loads (Node's, not the one vitest bundles): its
// schema checks reject a schema built with the other copy.
const { buildSchema, parse } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const schema = buildSchema(`
  scalar Upload
  input ImportInput { file: Upload, content: String, dryRun: Boolean }
  type Query { ok: Int }
  type Mutation { importRecords(input: ImportInput!): Int }
`);
Object.assign(schema.getType('Upload') as GraphQLScalarType, { parseValue: Upload.parseValue });
const document = parse('mutation($input: ImportInput!) { importRecords(input: $input) }');

async function check(variables: Record<string, unknown>): Promise<void> {
  const hooks = await complexityLimitPlugin({ maximumComplexity: 1_000 }).requestDidStart!({} as never);
  await hooks!.didResolveOperation!({ request: { variables }, document, schema } as never);
}

describe('the complexity limit and uploaded files', () => {
  it('the nesting check takes an uploaded file for one value', () => {
    expect(nestsDeeperThan({ input: { file, dryRun: true } }, 32)).toBe(false);
    expect(nestsDeeperThan({ input: { file: [[[file]]] } }, 3)).toBe(true);
  });

  it('estimates an upload without walking or serializing its bytes', async () => {
    await expect(check({ input: { file, dryRun: true } })).resolves.toBeUndefined();
  });

  it('estimates a record file sent as content, and still refuses variables nested too deep', async () => {
    await expect(check({ input: { content: 'TY  - JOUR\n'.repeat(100_000), dryRun: true } })).resolves.toBeUndefined();
    let deep: unknown = 1;
    for (let i = 0; i < 40; i += 1) deep = [deep];
    await expect(check({ input: { dryRun: true }, unused: deep })).rejects.toThrow(/nest deeper than 32 levels/);
  });
});
