import type { Resolvers } from '../generated/resolvers-types.ts';
import { Query } from './Query.ts';
import { Article, Authorship } from './Article.ts';
import { Author } from './Author.ts';
import { Institution } from './Institution.ts';
import { Journal } from './Journal.ts';
import { Topic } from './Topic.ts';
import { Graph, GraphEdge, GraphNode } from './Graph.ts';
import { Node, SearchHit } from './SearchHit.ts';
import {
  ArticleConnection,
  AuthorConnection,
  InstitutionConnection,
  JournalConnection,
  TopicConnection,
} from './connections.ts';
import { JSONScalar } from './JSON.ts';
import { CitationArticle, CitationConnection, CitationCount, CitationEdge, CitationQuery } from './citations.ts';
import { Mutation, importQuery } from './write.ts';
import { Upload } from '../../write/multipartUpload.ts';
import { ScienceMap, Thesaurus, mapMutation, mapQuery } from './maps.ts';

/** Every resolver of the schema. */
export const resolvers: Resolvers = {
  Query: { ...Query, ...CitationQuery, ...importQuery, ...mapQuery },
  Mutation: { ...Mutation, ...mapMutation },
  Thesaurus,
  ScienceMap,
  Upload,
  Node,
  Article: { ...Article, ...CitationArticle },
  CitationConnection,
  CitationEdge,
  CitationCount,
  Authorship,
  Author,
  Institution,
  Journal,
  Topic,
  Graph,
  GraphNode,
  GraphEdge,
  SearchHit,
  ArticleConnection,
  AuthorConnection,
  InstitutionConnection,
  JournalConnection,
  TopicConnection,
  JSON: JSONScalar,
};
