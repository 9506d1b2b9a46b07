import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { RecordFormat, RecordProblem } from '../model.ts';
import { READERS } from '../parse/formats.ts';
import type { RecordReader } from '../parse/RecordReader.ts';
import type { CheckedRecord } from './checkRecords.ts';
import { SourceEncodingError } from './decodeText.ts';
import type { ImportSource } from './importSource.ts';
import { startModuleWorker } from './startModuleWorker.ts';

/** Messages from the main thread to a check worker. */
export type ToWorker =
  | { type: 'check'; name: string; explicit: boolean; formats: RecordFormat[]; format?: RecordFormat }
  /** The next chunk of the file's text; no text: the file has ended. */
  | { type: 'chunk'; text?: string }
  /** The last batch of records was taken: send the next. */
  | { type: 'more' }
  /** Stop reading this file (the main thread failed to read it). */
  | { type: 'cancel' };

/** Messages from a check worker to the main thread. */
export type FromWorker =
  | { type: 'ready' }
  | { type: 'pull' }
  | { type: 'format'; format: RecordFormat | null }
  | { type: 'records'; records: CheckedRecord[] }
  | { type: 'done' }
  | { type: 'failed'; message: string };

/** The budgets of the import worker pool and their environment variables (see docs/limits.md). */
export interface CheckPoolOptions {
  /** Worker threads checking files at once (IMPORT_WORKERS); more files wait for a free one. */
  workers: number;
  /** Heap of one worker, in MB (IMPORT_WORKER_MEMORY_MB): V8's old generation limit of the thread. */
  memoryMb: number;
  /** Busy time one file may take to be read and checked, in milliseconds (IMPORT_FILE_TIME_MS). */
  fileTimeMs: number;
  /** Reference data folder (default: the bundled one). */
  referenceDir?: string;
}

export const DEFAULT_CHECK_POOL: CheckPoolOptions = {
  workers: Math.max(1, Math.min(2, availableParallelism() - 1)),
  memoryMb: 512,
  fileTimeMs: 120_000,
};

/** The pool's options from IMPORT_WORKERS, IMPORT_WORKER_MEMORY_MB and IMPORT_FILE_TIME_MS; a bad value throws naming the variable. */
export function checkPoolOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): CheckPoolOptions {
  const whole = (name: string, fallback: number, min: number, max: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max)
      throw new Error(`${name}: must be a whole number from ${min} to ${max}, got "${text}"`);
    return value;
  };
  return {
    workers: whole('IMPORT_WORKERS', DEFAULT_CHECK_POOL.workers, 1, 64),
    memoryMb: whole('IMPORT_WORKER_MEMORY_MB', DEFAULT_CHECK_POOL.memoryMb, 64, 65_536),
    fileTimeMs: whole('IMPORT_FILE_TIME_MS', DEFAULT_CHECK_POOL.fileTimeMs, 100, 86_400_000),
  };
}

/** Which budget a file exceeded. */
export type ImportBudget = 'IMPORT_FILE_TIME_MS' | 'IMPORT_WORKER_MEMORY_MB';

/**
 * A file that took more time or memory to read and check than one file may: it is not imported,
 * the worker that read it is replaced. The message names the file, the budget and its variable.
 */
export class ImportBudgetError extends Error {
  static readonly code = 'IMPORT_BUDGET_EXCEEDED';
  readonly code = ImportBudgetError.code;
  readonly problem: RecordProblem;

  constructor(
    readonly file: string,
    readonly limit: ImportBudget,
    readonly value: number,
  ) {
    const reason =
      limit === 'IMPORT_FILE_TIME_MS'
        ? `reading and checking the file took more than ${value / 1000} s, the time one file may take (IMPORT_FILE_TIME_MS); it was stopped and nothing of it is imported (split it into smaller files)`
        : `reading and checking the file needed more than ${value} MB of memory, what one file may take (IMPORT_WORKER_MEMORY_MB); it was stopped and nothing of it is imported`;
    super(`The file "${file}": ${reason}.`);
    this.name = 'ImportBudgetError';
    this.problem = { file, line: 1, field: '(file)', reason };
  }
}

/** A check worker (checkWorker.ts) with the pool's heap limit. */
function spawnWorker(options: CheckPoolOptions): Worker {
  return startModuleWorker(new URL('./checkWorker.ts', import.meta.url), {
    workerData: options.referenceDir !== undefined ? { referenceDir: options.referenceDir } : {},
    resourceLimits: {
      maxOldGenerationSizeMb: options.memoryMb,
      maxYoungGenerationSizeMb: Math.min(64, Math.max(8, Math.floor(options.memoryMb / 8))),
    },
    stdout: false,
    stderr: false,
  });
}

interface Slot {
  worker: Worker;
  /** Set while the slot runs a file: where its messages go. */
  onMessage?: (message: FromWorker) => void;
  onGone?: (error: Error | undefined, outOfMemory: boolean) => void;
}

/**
 * A maintained pool of worker threads that read and normalize record files (the first pass of an
 * import, and the second when records are read again), so that parsing never runs on the thread
 * that answers requests: however long or large a file's parse gets, /health and reads keep their
 * latency. Each file runs under a budget: busy time (IMPORT_FILE_TIME_MS, the worker's own event
 * loop activity, so time spent waiting for the main thread or the database does not count) and heap
 * (IMPORT_WORKER_MEMORY_MB, V8's resource limit of the thread). A file over either is refused with
 * ImportBudgetError naming the file and the budget; its worker is terminated and replaced.
 *
 * Workers load the reference data once each; idle ones stay (unreferenced, so they never keep a
 * process alive) for the next file.
 */
export class RecordCheckPool {
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<{ resolve: (slot: Slot) => void; reject: (error: Error) => void }> = [];
  private live = 0;
  private closed = false;

  constructor(readonly options: CheckPoolOptions = DEFAULT_CHECK_POOL) {}

  /** Starts a worker and waits until it has loaded the reference data. */
  private start(): Promise<Slot> {
    this.live += 1;
    return new Promise<Slot>((resolve, reject) => {
      const slot: Slot = { worker: spawnWorker(this.options) };
      let ready = false;
      let outOfMemory = false;
      let startFailure: string | undefined;
      slot.worker.on('message', (message: FromWorker) => {
        if (!ready) {
          if (message.type === 'ready') {
            ready = true;
            slot.worker.unref();
            resolve(slot);
          } else if (message.type === 'failed') {
            startFailure = message.message;
            void slot.worker.terminate();
          }
          return;
        }
        slot.onMessage?.(message);
      });
      slot.worker.on('error', (error: Error & { code?: string }) => {
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') outOfMemory = true;
        slot.onGone?.(error, outOfMemory);
      });
      slot.worker.on('exit', () => {
        this.forget(slot);
        if (!ready) {
          reject(
            new Error(
              outOfMemory
                ? `An import worker could not start within IMPORT_WORKER_MEMORY_MB=${this.options.memoryMb} (it needs memory for the reference data); raise it.`
                : `An import worker could not start${startFailure ? ` (${startFailure})` : ''}.`,
            ),
          );
        } else slot.onGone?.(undefined, outOfMemory);
      });
    });
  }

  private forget(slot: Slot): void {
    const at = this.idle.indexOf(slot);
    if (at >= 0) this.idle.splice(at, 1);
    this.live -= 1;
    slot.onGone = undefined;
    slot.onMessage = undefined;
    // A place became free: a file waiting for a worker gets a new one.
    const next = this.waiting.shift();
    if (next) this.start().then(next.resolve, next.reject);
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('The import worker pool is closed.'));
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    if (this.live < this.options.workers) return this.start();
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private release(slot: Slot): void {
    slot.onMessage = undefined;
    slot.onGone = undefined;
    slot.worker.unref();
    const next = this.waiting.shift();
    if (next) next.resolve(slot);
    else this.idle.push(slot);
  }

  /**
   * Reads and checks one source in a worker: its records in order, normalized or with their
   * problem, exactly as checkedRecords yields them on this thread. The file's text is read here
   * (the source may be a file or an upload) and handed over chunk by chunk.
   */
  async *check(
    source: ImportSource,
    options: { readers?: readonly RecordReader[]; format?: RecordFormat },
    onFormat: (format: RecordFormat | undefined) => void,
  ): AsyncGenerator<CheckedRecord> {
    const slot = await this.acquire();
    const { worker } = slot;
    worker.ref(); // a running file keeps the process alive (a CLI dry run has nothing else pending)
    const events: FromWorker[] = [];
    let wake: (() => void) | undefined;
    let failure: Error | undefined;
    let encodingProblem: RecordProblem | undefined;
    let finished = false;
    const notify = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const chunks = source.open()[Symbol.asyncIterator]();
    const pull = async () => {
      try {
        const next = await chunks.next();
        worker.postMessage({ type: 'chunk', ...(next.done ? {} : { text: next.value }) } satisfies ToWorker);
      } catch (error) {
        if (error instanceof SourceEncodingError) encodingProblem = error.problem;
        else failure ??= error instanceof Error ? error : new Error(String(error));
        worker.postMessage({ type: 'cancel' } satisfies ToWorker);
        notify();
      }
    };
    slot.onMessage = (message) => {
      if (message.type === 'pull') void pull();
      else {
        events.push(message);
        notify();
      }
    };
    slot.onGone = (error, outOfMemory) => {
      failure ??= outOfMemory
        ? new ImportBudgetError(source.name, 'IMPORT_WORKER_MEMORY_MB', this.options.memoryMb)
        : new Error(
            `The import worker reading "${source.name}" stopped unexpectedly${error ? ` (${error.message})` : ''}.`,
          );
      notify();
    };

    // The time budget counts the worker's busy time only (its event loop utilization since the start).
    const started = worker.performance.eventLoopUtilization();
    let timer: NodeJS.Timeout | undefined;
    const watch = (after: number) => {
      timer = setTimeout(() => {
        const used = worker.performance.eventLoopUtilization(started).active;
        if (used >= this.options.fileTimeMs) {
          failure ??= new ImportBudgetError(source.name, 'IMPORT_FILE_TIME_MS', this.options.fileTimeMs);
          void worker.terminate();
          notify();
        } else watch(Math.max(50, this.options.fileTimeMs - used));
      }, after);
      timer.unref();
    };
    watch(this.options.fileTimeMs);

    const formats = (options.readers ?? READERS).map((r) => r.format);
    worker.postMessage({
      type: 'check',
      name: source.name,
      explicit: source.explicit,
      formats,
      ...(options.format ? { format: options.format } : {}),
    } satisfies ToWorker);
    try {
      for (;;) {
        while (events.length === 0 && !failure) await new Promise<void>((resolve) => (wake = resolve));
        if (failure) throw failure;
        const message = events.shift()!;
        if (message.type === 'format') onFormat(message.format ?? undefined);
        else if (message.type === 'records') {
          for (const record of message.records) yield record;
          if (failure) throw failure;
          worker.postMessage({ type: 'more' } satisfies ToWorker);
        } else if (message.type === 'done') {
          finished = true;
          if (encodingProblem) yield { problem: encodingProblem };
          return;
        } else if (message.type === 'failed') {
          throw new Error(`Reading "${source.name}" failed: ${message.message}`);
        }
      }
    } finally {
      clearTimeout(timer);
      if (finished && !failure) this.release(slot);
      else {
        // Stopped mid-file (budget, crash, or the caller stopped reading): this worker's state is unknown.
        slot.onMessage = undefined;
        slot.onGone = undefined;
        void worker.terminate();
      }
      await chunks.return?.();
    }
  }

  /** Stops every worker (a running file fails). */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('The import worker pool is closed.'));
    await Promise.all(this.idle.splice(0).map((slot) => slot.worker.terminate()));
  }
}

let shared: RecordCheckPool | undefined;

/** The process's pool, configured from the environment (IMPORT_WORKERS, IMPORT_WORKER_MEMORY_MB, IMPORT_FILE_TIME_MS) on first use. */
export function sharedCheckPool(): RecordCheckPool {
  shared ??= new RecordCheckPool(checkPoolOptionsFromEnv());
  return shared;
}
