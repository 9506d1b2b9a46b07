import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * Resolves with the base URL (`http://host:port`) of a spawned service once it logs that it listens
 * (`API listening on HOST:PORT: GraphQL URL`); rejects with its last lines when it exits first or
 * does not listen within `timeoutMs`. `what` names it in those errors. Its stdout and stderr must be
 * pipes.
 */
export function whenListening(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} not listening in time: ${output.slice(-10).join(' | ')}`)),
      timeoutMs,
    );
    for (const stream of [child.stdout!, child.stderr!]) {
      createInterface({ input: stream }).on('line', (line) => {
        output.push(line);
        const ready = /API listening on [^:]+:\d+: GraphQL (http:\/\/[^/\s]+)\/graphql/.exec(line);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
    }
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}): ${output.slice(-10).join(' | ')}`));
    });
  });
}
