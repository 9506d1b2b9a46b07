import { startLocalNeo4j } from '/work/wt/hardening/neo4j-local/index.ts';
const t0 = Date.now();
const el = () => ((Date.now() - t0) / 1000).toFixed(1);
const neo = await startLocalNeo4j({ dataDir: '/tmp/h-exp/sup-data', ephemeral: true, supervise: true, log: (l, lv) => console.log(el(), lv ?? 'info', l) });
console.log(el(), 'pid', neo.pid, neo.state);
process.kill(neo.pid, 'SIGKILL');
for (let i = 0; i < 400; i++) { await new Promise((r) => setTimeout(r, 500)); if (neo.restarts > 0) break; }
console.log(el(), 'after: pid', neo.pid, 'restarts', neo.restarts, neo.state);
await neo.stop();
console.log(el(), 'stopped');
