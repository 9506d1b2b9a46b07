import { spawnSync } from 'node:child_process';

/**
 * Runs a Python 3 script with networkx and returns what it prints as JSON. The script reads its
 * input as JSON from stdin (`json.load(sys.stdin)`). Tests that check exports against networkx use
 * it: networkx is what many researchers open GEXF and edge lists with, so it is the independent
 * reader. Needs `python3` with networkx (`pip install networkx`); without them the test fails
 * saying so, rather than passing unchecked.
 */
export function runNetworkx<T>(script: string, input: unknown): T {
  const result = spawnSync('python3', ['-c', script], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error)
    throw new Error(
      `python3 could not be run (${result.error.message}); install Python 3 and networkx (pip install networkx)`,
    );
  if (result.status !== 0) {
    if (/No module named 'networkx'/.test(result.stderr))
      throw new Error('networkx is not installed for python3: pip install networkx');
    throw new Error(`the networkx script failed (exit ${result.status}):\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}
