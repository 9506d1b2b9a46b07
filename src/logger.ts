import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths pino censors wherever a request or its headers get logged (an error carrying the request,
 * a debugging line): bearer tokens and cookies never reach the log.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'request.headers.authorization',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  '*.authorization',
  'token',
  '*.token',
];

/** The process logger: JSON lines on stderr (stdout stays free for command output). */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino({ level, base: undefined, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, destination);
}
