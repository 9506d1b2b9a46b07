/**
 * The argument checks of the API, made at its edge before the repository is asked: ranges, lengths,
 * list sizes, identifiers and names, each failing as BAD_USER_INPUT naming the argument
 * (src/errors.ts). The repository takes checked values. The arguments of nested article lists and
 * relation lists are read where those lists are compiled (src/db/cypher/nodeStatement.ts), as one
 * statement may answer them for a whole selection.
 */
export { articleIdentifier, type ArticleIdentifier } from './articleIdentifier.ts';
export { nodeArgument } from './nodeArgument.ts';
export { autocompleteArguments, searchArguments, type FullTextRequest } from './searchArguments.ts';
export {
  citationPathMaxLength,
  neighborhoodArguments,
  shortestPathArguments,
  topicGraphArguments,
} from './graphArguments.ts';
export { citationPageArguments, entityPageArguments, listFirst, topicName } from './listArguments.ts';
export { enumList } from './lists.ts';
