import { GraphQLError } from 'graphql';
import type { MutationResolvers, QueryResolvers } from '../generated/resolvers-types.ts';
import type { GraphQLContext } from '../../context.ts';
import { badUserInput, ErrorCode } from '../../errors.ts';
import { ImportBudgetError, SourceEncodingError } from '../../ingest/index.ts';
import { writeAccessError } from '../../write/writeAccess.ts';
import {
  ImportInterruptedError,
  ImportQueueFullError,
  WriteRequestError,
  type ImportRequest,
  type WriteService,
} from '../../write/WriteService.ts';
import type { ImportInput } from '../generated/resolvers-types.ts';

/** Longest file name recorded for an import (a relative path, as the CLI records). */
const MAX_FILE_NAME = 500;
/** Longest id accepted by retractSource and removeArticle. */
const MAX_ID = 1000;

/** The write service and the caller's token name, or the error that refuses the write. */
function writer(context: GraphQLContext): { service: WriteService; by: string } {
  const write = context.write;
  const refused = writeAccessError({ tokensEnabled: write?.tokensEnabled ?? false, tokenName: write?.tokenName });
  if (refused || !write?.tokenName) throw refused;
  return { service: write.service, by: write.tokenName };
}

function importRequest(input: ImportInput, by: string): ImportRequest {
  const { content, file } = input;
  if ((content == null) === (file == null))
    throw badUserInput('input', 'give exactly one of content (the text) and file (an upload)');
  const fileName = input.fileName ?? file?.filename ?? 'upload.txt';
  if (fileName.trim() === '' || fileName.length > MAX_FILE_NAME || /[\u0000-\u001f\u007f]/.test(fileName)) {
    throw badUserInput('input.fileName', `must be 1-${MAX_FILE_NAME} characters without control characters`);
  }
  let text: string;
  try {
    text = content ?? file!.content;
  } catch (error) {
    if (error instanceof SourceEncodingError)
      throw badUserInput('input.file', `${error.problem.file}: ${error.problem.reason}`);
    throw error;
  }
  return {
    fileName,
    content: text,
    format: input.format ?? null,
    dryRun: input.dryRun ?? false,
    keepGoing: input.keepGoing ?? false,
    importedBy: by,
  };
}

function asUserError(error: unknown): never {
  if (error instanceof WriteRequestError) throw badUserInput(error.argument, error.message);
  if (error instanceof ImportQueueFullError) {
    throw new GraphQLError(error.message, {
      extensions: { code: ErrorCode.IMPORT_QUEUE_FULL, limit: 'IMPORT_QUEUE_MAX_BYTES', maximum: error.maximum },
    });
  }
  if (error instanceof ImportBudgetError) {
    throw new GraphQLError(error.message, {
      extensions: {
        code: ErrorCode.IMPORT_BUDGET_EXCEEDED,
        file: error.file,
        limit: error.limit,
        maximum: error.value,
      },
    });
  }
  throw error;
}

/**
 * An interrupted import as the client sees it: the import's id, what of it was committed, and in
 * the message how to finish it or take it back (DATABASE_UNAVAILABLE, hence 503 with Retry-After,
 * when the database went away). Never the cause's own text (it may name a host or a query).
 */
function asImportError(error: unknown): never {
  if (error instanceof ImportInterruptedError) {
    throw new GraphQLError(error.message, {
      extensions: {
        code: error.code,
        importId: error.importId,
        committed: { ...error.committed },
        recordsInDoubt: error.inDoubt,
        totalRecords: error.totalRecords,
      },
    });
  }
  return asUserError(error);
}

function checkId(argument: string, id: string): string {
  if (id.length === 0 || id.length > MAX_ID) throw badUserInput(argument, `must be 1-${MAX_ID} characters`);
  return id;
}

/** Imports, retractions and removals: access and argument checks, then the write service. */
export const Mutation: MutationResolvers = {
  importRecords: async (_parent, { input }, context) => {
    const { service, by } = writer(context);
    return service.importAndWait(importRequest(input, by)).catch(asImportError);
  },
  startImport: async (_parent, { input }, context) => {
    const { service, by } = writer(context);
    return service.startImport(importRequest(input, by)).catch(asUserError);
  },
  retractSource: async (_parent, { sourceId, importId }, context) => {
    const { service, by } = writer(context);
    if ((sourceId == null) === (importId == null))
      throw badUserInput('sourceId', 'give exactly one of sourceId and importId');
    if (sourceId != null) checkId('sourceId', sourceId);
    if (importId != null) checkId('importId', importId);
    return service.retract({ sourceId, importId }, by).catch(asUserError);
  },
  removeArticle: async (_parent, { id }, context) => {
    const { service, by } = writer(context);
    return service.removeArticle(checkId('id', id), by).catch(asUserError);
  },
};

/** Query.import: an import's progress (open to whoever may read). */
export const importQuery: Pick<QueryResolvers, 'import'> = {
  import: async (_parent, { id }, context) => {
    if (!context.write)
      throw new GraphQLError('Imports are not available on this server.', { extensions: { code: 'FORBIDDEN' } });
    return (await context.write.service.job(checkId('id', id))) ?? null;
  },
};
