import { parentPort, workerData } from 'node:worker_threads';
import { loadReferenceData } from '../normalize/loadReferenceData.ts';
import { readerFor } from '../parse/formats.ts';
import type { RecordReader } from '../parse/RecordReader.ts';
import { checkedRecords, type CheckedRecord } from './checkRecords.ts';
import type { ImportSource } from './importSource.ts';
import type { FromWorker, ToWorker } from './checkPool.ts';

/**
 * The thread a RecordCheckPool reads and normalizes files in (see checkPool.ts for the protocol).
 * It loads the reference data once, then checks one file at a time: it pulls the file's text from
 * the main thread chunk by chunk and sends the checked records back in batches, waiting after each
 * batch until the main thread asks for more, so neither side buffers more than a batch and a chunk.
 */

/** Checked records sent per message: few enough to keep the main thread's turns short. */
const BATCH = 64;

const port = parentPort!;
const inbox: ToWorker[] = [];
let waiting: ((message: ToWorker) => void) | undefined;
port.on('message', (message: ToWorker) => {
  if (waiting) {
    const resolve = waiting;
    waiting = undefined;
    resolve(message);
  } else inbox.push(message);
});

function next(): Promise<ToWorker> {
  const message = inbox.shift();
  if (message) return Promise.resolve(message);
  return new Promise((resolve) => (waiting = resolve));
}

function send(message: FromWorker): void {
  port.postMessage(message);
}

/** Thrown inside the reader when the main thread gave up on the file. */
class Cancelled extends Error {}

async function checkOne(
  task: Extract<ToWorker, { type: 'check' }>,
  reference: Awaited<ReturnType<typeof loadReferenceData>>,
): Promise<void> {
  let batch: CheckedRecord[] = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    send({ type: 'records', records: batch });
    batch = [];
    const reply = await next();
    if (reply.type === 'cancel') throw new Cancelled();
  };
  const source: ImportSource = {
    name: task.name,
    explicit: task.explicit,
    open: async function* () {
      for (;;) {
        await flush(); // records ahead of a pull are sent first, so the main thread never waits on a full batch
        send({ type: 'pull' });
        const reply = await next();
        if (reply.type === 'cancel') throw new Cancelled();
        if (reply.type !== 'chunk') throw new Error(`unexpected ${reply.type} while reading`);
        if (reply.text === undefined) return;
        yield reply.text;
      }
    },
  };
  const readers = task.formats.map((f) => readerFor(f)).filter((r): r is RecordReader => r !== undefined);
  try {
    for await (const checked of checkedRecords(
      source,
      { reference, readers, ...(task.format ? { format: task.format } : {}) },
      (format) => send({ type: 'format', format: format ?? null }),
    )) {
      batch.push(checked);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    send({ type: 'done' });
  } catch (error) {
    if (error instanceof Cancelled) send({ type: 'done' });
    else send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

async function main(): Promise<void> {
  const reference = await loadReferenceData((workerData as { referenceDir?: string } | undefined)?.referenceDir);
  send({ type: 'ready' });
  for (;;) {
    const message = await next();
    if (message.type === 'check') await checkOne(message, reference);
  }
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
});
