import { pino, type Logger } from 'pino';

/** The process logger: JSON lines on stderr (stdout stays free for command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: undefined }, pino.destination(2));
}
