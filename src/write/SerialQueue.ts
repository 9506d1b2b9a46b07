/**
 * Runs tasks one at a time, in the order they were added: writes to one database queue behind each
 * other instead of failing on a lock (reads never enter it). `waiting` counts the tasks not yet
 * started, for the position an import reports while it waits.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private queued = 0;

  /** Tasks added and not yet started. */
  get waiting(): number {
    return this.queued;
  }

  /** Adds a task; `onStart` runs when its turn comes. Resolves or rejects with the task's result. */
  add<T>(task: () => Promise<T>, onStart?: () => void): Promise<T> {
    this.queued += 1;
    const run = this.tail.then(
      () => {
        this.queued -= 1;
        onStart?.();
        return task();
      },
      () => {
        this.queued -= 1;
        onStart?.();
        return task();
      },
    );
    // The next task waits for this one to settle, whatever its outcome.
    this.tail = run.catch(() => undefined);
    return run;
  }
}
