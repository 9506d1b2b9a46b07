import { spawn } from 'node:child_process';

/**
 * Runs a Python 3 script with networkx and returns what it prints as JSON. The script reads its
 * input as JSON from stdin (`json.load(sys.stdin)`). Tests that check exports against networkx use
 * it: networkx is what many researchers open GEXF and edge lists with, so it is the independent
 * reader. Needs `python3` with networkx (`pip install networkx`); without them the test fails
 * saying so, rather than passing unchecked.
 *
 * Asynchronous on purpose: the test process also runs the service under test, and a synchronous
 * child (spawnSync) froze its event loop for the seconds Python ran, so the client's and the
 * server's keep-alive timers fired late and together, and the next request could go out on a
 * connection the server was closing (ECONNRESET).
 */
export function runNetworkx<T>(script: string, input: unknown): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-c', script], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(
        new Error(`python3 could not be run (${error.message}); install Python 3 and networkx (pip install networkx)`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) {
        resolve(JSON.parse(stdout) as T);
        return;
      }
      if (/No module named 'networkx'/.test(stderr)) {
        reject(new Error('networkx is not installed for python3: pip install networkx'));
        return;
      }
      reject(new Error(`the networkx script failed (exit ${code ?? signal}):\n${stderr}`));
    });
    // A script that exits without reading all of stdin closes the pipe: not an error of the run.
    child.stdin.on('error', () => {});
    child.stdin.end(JSON.stringify(input));
  });
}
