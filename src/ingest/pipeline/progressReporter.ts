import { Presets, SingleBar } from 'cli-progress';
import type { ImportProgress } from './importRecords.ts';

/** Seconds as `1h02m`, `4m10s` or `12s`. */
function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}

/** Shows an import's progress: a bar with records per second and ETA on a terminal, a plain line every few seconds otherwise (logs, CI). */
export interface ProgressReporter {
  update(progress: ImportProgress): void;
  /** Clears the bar so a message can be printed (it comes back at the next update). */
  interrupt(): void;
  /** Ends the display (prints the last state once when not on a terminal). */
  stop(): void;
}

/**
 * A progress display for `stream` (stderr). On a terminal: a cli-progress bar per phase (checking
 * counts files, loading counts records) with the rate and ETA. Not on a terminal: one line every
 * `intervalMs` and one at the end of each phase, so logs stay readable.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr, intervalMs = 5_000): ProgressReporter {
  let phase: ImportProgress['phase'] | undefined;
  let started = Date.now();
  let lastLine = Date.now();
  let bar: SingleBar | undefined;
  let last: ImportProgress | undefined;
  let lastShown: ImportProgress | undefined;
  const rate = (records: number) => records / Math.max((Date.now() - started) / 1000, 0.001);

  const describe = (p: ImportProgress) => {
    const r = rate(p.records);
    if (p.phase === 'checking') {
      const done = p.totalBytes
        ? `, ${Math.round((100 * p.bytes) / Math.max(p.totalBytes, 1))}%, ETA ${duration(((p.totalBytes - p.bytes) / Math.max(p.bytes, 1)) * ((Date.now() - started) / 1000))}`
        : '';
      return `checking: ${p.files}/${p.totalFiles} files, ${p.records} records (${Math.round(r)} records/s), ${p.rejected} rejected${done}`;
    }
    const total = p.totalRecords ?? 0;
    return `loading: ${p.records}/${total} records (${Math.round(r)} records/s), ETA ${duration((total - p.records) / r)}`;
  };
  const show = (p: ImportProgress) => {
    stream.write(`${describe(p)}\n`);
    lastShown = p;
    lastLine = Date.now();
  };
  const clearBar = () => {
    bar?.stop();
    bar = undefined;
  };
  const endPhase = () => {
    clearBar();
    if (!stream.isTTY && last && last !== lastShown) show(last);
  };

  return {
    update(p) {
      if (p.phase !== phase) {
        endPhase();
        phase = p.phase;
        started = Date.now();
        lastLine = Date.now();
      }
      last = p;
      if (stream.isTTY) {
        // Checking counts bytes when the sizes are known (so one big file shows progress too), else files.
        const byBytes = p.phase === 'checking' && p.totalBytes !== undefined;
        if (!bar) {
          const shown =
            p.phase === 'checking' ? '{files}/{totalFiles} files, {records} records' : '{value}/{total} records';
          bar = new SingleBar(
            {
              format: `${p.phase} {bar} {percentage}% | ${shown} | {rate} records/s | ETA {eta_formatted}`,
              stream,
              etaBuffer: 50,
              hideCursor: true,
            },
            Presets.shades_classic,
          );
          bar.start(
            byBytes ? Math.max(p.totalBytes ?? 0, 1) : p.phase === 'checking' ? p.totalFiles : (p.totalRecords ?? 0),
            0,
            { rate: 0, files: 0, totalFiles: p.totalFiles, records: 0 },
          );
        }
        const value = byBytes ? p.bytes : p.phase === 'checking' ? p.files : p.records;
        bar.update(value, {
          rate: Math.round(rate(p.records)),
          files: p.files,
          totalFiles: p.totalFiles,
          records: p.records,
        });
      } else if (Date.now() - lastLine >= intervalMs) {
        show(p);
      }
    },
    interrupt: clearBar,
    stop: endPhase,
  };
}
