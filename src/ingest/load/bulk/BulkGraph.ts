/** Which id space a node's key is in: entities by `id`, aliases by `value`, sources and imports by `id`. */
export type NodeGroup = 'Entity' | 'Alias' | 'Source' | 'Import';

/** A property value as Neo4j stores it; null and undefined mean "no property" (as Cypher's SET x = null). */
export type PropertyValue = string | number | boolean | readonly string[] | null | undefined;

export interface BulkNode {
  group: NodeGroup;
  key: string;
  labels: string[];
  props: Record<string, PropertyValue>;
}

export interface BulkRelationship {
  type: string;
  startGroup: NodeGroup;
  start: string;
  endGroup: NodeGroup;
  end: string;
  props: Record<string, PropertyValue>;
}

/**
 * An in-memory property graph with the few operations the loader's Cypher performs on an empty graph
 * (MERGE by key, SET with null removing, CREATE of a relationship, MERGE of a relationship between
 * two nodes). The bulk path plans into it and writes it out as import files (writeImportFiles.ts).
 */
export class BulkGraph {
  private readonly entities = new Map<string, BulkNode>();
  private readonly aliases = new Map<string, BulkNode>();
  private readonly aliasOf = new Map<string, string[]>();
  private readonly sources = new Map<string, BulkNode>();
  private readonly describes = new Map<string, string[]>();
  private readonly imports = new Map<string, BulkNode>();
  private readonly relations: BulkRelationship[] = [];
  private readonly relationIndex = new Map<string, BulkRelationship>();

  entity(id: string): BulkNode | undefined {
    return this.entities.get(id);
  }

  source(id: string): BulkNode | undefined {
    return this.sources.get(id);
  }

  /** MERGE (n:<labels> {id}): the labels are added when the node exists. */
  mergeEntity(id: string, labels: readonly string[]): BulkNode {
    let node = this.entities.get(id);
    if (!node) this.entities.set(id, (node = { group: 'Entity', key: id, labels: [], props: { id } }));
    for (const label of labels) if (!node.labels.includes(label)) node.labels.push(label);
    return node;
  }

  mergeSource(id: string): BulkNode {
    let node = this.sources.get(id);
    if (!node) this.sources.set(id, (node = { group: 'Source', key: id, labels: ['Source'], props: { id } }));
    return node;
  }

  /** MERGE (i:Import {id}) ON CREATE SET ... */
  mergeImport(id: string, onCreate: Record<string, PropertyValue>): void {
    if (!this.imports.has(id)) {
      const node: BulkNode = { group: 'Import', key: id, labels: ['Import'], props: { id } };
      this.set(node, onCreate);
      this.imports.set(id, node);
    }
  }

  /** SET n.k = v for each entry; a null or undefined value removes the property. */
  set(node: BulkNode, props: Record<string, PropertyValue>): void {
    for (const [key, value] of Object.entries(props)) {
      if (value === null || value === undefined) delete node.props[key];
      else node.props[key] = value; // rows are fresh objects of the planner: no copy (the planned graph is large)
    }
  }

  /** MERGE (a:Alias {value}). */
  mergeAlias(value: string): void {
    if (!this.aliases.has(value))
      this.aliases.set(value, { group: 'Alias', key: value, labels: ['Alias'], props: { value } });
  }

  /** MERGE (a:Alias {value})-[:ALIAS_OF]->(n {id}). */
  mergeAliasOf(value: string, entityId: string): void {
    this.mergeAlias(value);
    let targets = this.aliasOf.get(value);
    if (!targets) this.aliasOf.set(value, (targets = []));
    if (!targets.includes(entityId)) targets.push(entityId);
  }

  /** The loader's alias statement: MATCH (n:Entity {id}) UNWIND aliases MERGE alias MERGE ALIAS_OF. */
  mergeAliases(entityId: string, values: readonly string[]): void {
    if (!this.entities.has(entityId)) return;
    for (const value of values) this.mergeAliasOf(value, entityId);
  }

  /** The entities an alias value points at. */
  aliasTargets(value: string): readonly string[] {
    return this.aliasOf.get(value) ?? [];
  }

  /** MERGE (s:Source {id})-[:DESCRIBES]->(a:Article {id}). */
  mergeDescribes(sourceId: string, articleId: string): void {
    let targets = this.describes.get(sourceId);
    if (!targets) this.describes.set(sourceId, (targets = []));
    if (!targets.includes(articleId)) targets.push(articleId);
  }

  /** The first relationship of a type between two entities, if any (among those created as `merged`). */
  relation(type: string, from: string, to: string): BulkRelationship | undefined {
    return this.relationIndex.get(`${type}\u0000${from}\u0000${to}`);
  }

  /**
   * CREATE (from)-[:type {props}]->(to) between two entities (null values are no property, as Neo4j
   * stores them). `merged`: the relationship may be looked up later (relation()); only those are
   * indexed, as the index of all of them (over a million at 100k articles) costs more than the rest.
   */
  createRelation(
    type: string,
    from: string,
    to: string,
    props: Record<string, PropertyValue>,
    merged = false,
  ): BulkRelationship {
    const relation: BulkRelationship = { type, startGroup: 'Entity', start: from, endGroup: 'Entity', end: to, props };
    this.relations.push(relation);
    if (merged) {
      const key = `${type}\u0000${from}\u0000${to}`;
      if (!this.relationIndex.has(key)) this.relationIndex.set(key, relation);
    }
    return relation;
  }

  /** MATCH (from {id}), (to {id}) MERGE (from)-[:type]->(to). */
  mergeRelation(type: string, from: string, to: string): void {
    if (!this.entities.has(from) || !this.entities.has(to)) return;
    if (!this.relation(type, from, to)) this.createRelation(type, from, to, {}, true);
  }

  *nodes(): Generator<BulkNode> {
    yield* this.entities.values();
    yield* this.aliases.values();
    yield* this.sources.values();
    yield* this.imports.values();
  }

  *relationships(): Generator<BulkRelationship> {
    yield* this.relations;
    for (const [value, targets] of this.aliasOf) {
      for (const id of targets)
        yield { type: 'ALIAS_OF', startGroup: 'Alias', start: value, endGroup: 'Entity', end: id, props: {} };
    }
    for (const [sourceId, targets] of this.describes) {
      for (const id of targets)
        yield { type: 'DESCRIBES', startGroup: 'Source', start: sourceId, endGroup: 'Entity', end: id, props: {} };
    }
  }

  get counts(): { nodes: number; relationships: number } {
    let aliasLinks = 0;
    for (const targets of this.aliasOf.values()) aliasLinks += targets.length;
    let described = 0;
    for (const targets of this.describes.values()) described += targets.length;
    return {
      nodes: this.entities.size + this.aliases.size + this.sources.size + this.imports.size,
      relationships: this.relations.length + aliasLinks + described,
    };
  }
}
