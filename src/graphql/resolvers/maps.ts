import { randomUUID } from 'node:crypto';
import type {
  MutationResolvers,
  QueryResolvers,
  ScienceMapResolvers,
  ThesaurusResolvers,
} from '../generated/resolvers-types.ts';
import { exportMap } from '../../maps/mapExports.ts';
import type { GraphQLContext } from '../../context.ts';
import { badUserInput, checkLength } from '../../errors.ts';
import { writeAccessError } from '../../write/writeAccess.ts';
import { computeScienceMap } from '../../maps/scienceMap.ts';
import { parseThesaurus } from '../../maps/thesaurus.ts';
import { ADD_THESAURUS, REMOVE_THESAURUS, THESAURI, type ThesaurusRow } from '../../db/cypher/thesaurusStatements.ts';

/** Longest thesaurus name. */
const MAX_NAME = 200;
/** Largest thesaurus text accepted (characters). */
const MAX_THESAURUS_TEXT = 1_000_000;

/** The caller's token name, or the error that refuses the write (the write plugin refuses earlier; this is the resolver's own guard). */
function writerName(context: GraphQLContext): string {
  const write = context.write;
  const refused = writeAccessError({ tokensEnabled: write?.tokensEnabled ?? false, tokenName: write?.tokenName });
  if (refused || !write?.tokenName) throw refused;
  return write.tokenName;
}

/** Query.scienceMap and Query.thesauri. */
export const mapQuery: Pick<QueryResolvers, 'scienceMap' | 'thesauri'> = {
  scienceMap: (_parent, args, { repo }) => computeScienceMap(repo.db, args),
  thesauri: (_parent, _args, { repo }) => repo.db.read<ThesaurusRow>(THESAURI),
};

/** Mutation.addThesaurus and Mutation.removeThesaurus: behind the write token; they change no record. */
export const mapMutation: Pick<MutationResolvers, 'addThesaurus' | 'removeThesaurus'> = {
  addThesaurus: async (_parent, { name, content, file }, context) => {
    const by = writerName(context);
    if (name.trim() === '' || name.length > MAX_NAME || /[\u0000-\u001f\u007f]/.test(name)) {
      throw badUserInput('name', `must be 1-${MAX_NAME} characters without control characters`);
    }
    if ((content == null) === (file == null))
      throw badUserInput('content', 'give exactly one of content (the text) and file (an upload)');
    const argument = content != null ? 'content' : 'file';
    const text = checkLength(argument, content ?? file!.content, MAX_THESAURUS_TEXT);
    const entries = parseThesaurus(text, argument);
    const [row] = await context.repo.db.write<ThesaurusRow>(ADD_THESAURUS, {
      id: `Thesaurus:${randomUUID()}`,
      name: name.trim(),
      addedBy: by,
      addedAt: new Date().toISOString(),
      labels: entries.map((entry) => entry.label),
      replacements: entries.map((entry) => entry.replaceBy),
    });
    return row!;
  },
  removeThesaurus: async (_parent, { id }, context) => {
    writerName(context);
    checkLength('id', id, 200);
    const [row] = await context.repo.db.write<{ found: boolean }>(REMOVE_THESAURUS, { id });
    return row?.found ?? false;
  },
};

/** Thesaurus: counts and entries from the stored lists. */
export const Thesaurus: ThesaurusResolvers = {
  replacements: (row) => row.replacements.filter((r) => r !== '').length,
  ignored: (row) => row.replacements.filter((r) => r === '').length,
  entries: (row) =>
    row.labels.map((label, i) => ({ label, replaceBy: row.replacements[i] ? row.replacements[i] : null })),
};

/** ScienceMap: its files on demand. */
export const ScienceMap: ScienceMapResolvers = {
  export: (map, { format }) => exportMap(map, format).body,
};
