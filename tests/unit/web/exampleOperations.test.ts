import { buildSchema, Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS, exampleDocument, exampleTabs } from '../../../src/web/exampleOperations.ts';
import { loadTypeDefs } from '../../../src/typeDefs.ts';

const schema = buildSchema(loadTypeDefs());

describe('example operations', () => {
  it('are named operations, valid against the schema as one document', () => {
    const document = parse(exampleDocument());
    const operations = document.definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(operations.map((o) => o.name?.value)).toEqual(EXAMPLE_OPERATIONS.map((o) => o.name));
    expect(new Set(operations.map((o) => o.name?.value)).size).toBe(operations.length);
    expect(validate(schema, document)).toEqual([]);
  });

  it('give every variable a default, so each runs with an empty variables pane', () => {
    for (const operation of parse(exampleDocument()).definitions as OperationDefinitionNode[]) {
      for (const variable of operation.variableDefinitions ?? []) {
        expect(variable.defaultValue, `${operation.name?.value} $${variable.variable.name.value}`).toBeDefined();
      }
    }
  });

  it('are the playground tabs, each with its defaults in the variables pane', () => {
    const tabs = exampleTabs();
    expect(tabs.map((tab) => tab.query)).toEqual(EXAMPLE_OPERATIONS.map((o) => o.query));
    expect(JSON.parse(tabs[0]!.variables!)).toEqual({ doi: '10.3760/cma.j.cn101070-20200616-01000' });
    expect(JSON.parse(tabs.find((tab) => tab.query.includes('query TopicStudies'))!.variables!)).toEqual({
      topics: ['外泌体', 'necrotizing enterocolitis'],
    });
  });

  // That docs/usage.md shows these same operations is checked with the other docs in docsDrift.test.ts.
});
