/**
 * This project's GraphQL API for the benchmark, in its own Node process (forked by bench/run.ts)
 * so the load generator does not share an event loop with the server it measures. Statements are
 * counted at the driver (bench/countingDriver.ts), not by the API itself.
 */
import { Database } from '../src/db/index.ts';
import { createServer } from '../src/server.ts';
import { benchDriver, serve } from './serverProcess.ts';

const { base, driver, log } = benchDriver();
const db = new Database(driver, { timeoutMs: 60_000 });
const { app, stop } = await createServer({ db });
serve(app, log, async () => {
  await stop();
  await base.close();
});
