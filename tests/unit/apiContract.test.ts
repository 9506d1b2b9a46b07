import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildSchema,
  findBreakingChanges,
  GraphQLObjectType,
  isObjectType,
  isInterfaceType,
  isInputObjectType,
  isEnumType,
} from 'graphql';
import { loadTypeDefs } from '../../src/typeDefs.ts';

/** The public contract clients are written against; our schema may add to it, never break it. */
const contract = buildSchema(readFileSync(new URL('../fixtures/api-contract.graphql', import.meta.url), 'utf8'));
const schema = buildSchema(loadTypeDefs());

describe('the schema against the public API contract', () => {
  it('has no breaking change from the contract (every type, field and argument, compatible types)', () => {
    expect(findBreakingChanges(contract, schema)).toEqual([]);
  });

  it('describes every type, field, argument and enum value', () => {
    const missing: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (type.name.startsWith('__') || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(type.name)) continue;
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values((type as GraphQLObjectType).getFields())) {
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of 'args' in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type))
        for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });
});
