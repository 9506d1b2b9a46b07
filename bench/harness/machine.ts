/**
 * What a benchmark says about the machine it ran on, and the CPU and memory figures it reads from
 * the kernel: facts (CPU model, cores, memory, software), the load average, CPU time of this and of
 * other processes, and peak resident memory of a phase.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

function sh(command: string, argv: string[]): string {
  const result = spawnSync(command, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
}

export interface MachineFacts {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  java: string;
  /** `git rev-parse --short HEAD` of the checkout measured. */
  commit: string;
  /** 1, 5 and 15-minute load averages when the facts were read. */
  loadAverage: number[];
}

/** The machine and software, read now. */
export function machineFacts(): MachineFacts {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  return {
    cpu: /model name\s*:\s*(.+)/.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Number((os.totalmem() / 2 ** 30).toFixed(1)),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    java: sh('java', ['-version']).split('\n')[0] ?? 'unknown',
    commit: sh('git', ['rev-parse', '--short', 'HEAD']) || 'unknown',
    loadAverage: os.loadavg().map((x) => Number(x.toFixed(2))),
  };
}

/** The 1-minute load average now. */
export const loadAverage1m = (): number => os.loadavg()[0]!;

/**
 * Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ). Asked once, because
 * `getconf` is the only way Node has to it; 100 on every common Linux.
 */
const CLOCK_TICKS_PER_SECOND = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  const ticks = Number(answer.stdout?.trim());
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
})();

function statFields(pid: number): string[] | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
  // There field 3 (state) is index 0.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * CPU time (user + system, all threads) of another process so far, in milliseconds, from
 * /proc/<pid>/stat; null where there is no /proc or the process is gone. The Neo4j JVM cannot be
 * asked the way the Node servers are, so the kernel's count is read instead.
 */
export function procCpuMs(pid: number): number | null {
  const fields = statFields(pid);
  if (!fields) return null;
  // utime (14) and stime (15) are indexes 11 and 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : null;
}

/** This process's CPU time so far (user + system), in milliseconds. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Resident memory of a process now, in bytes; 0 when gone or unreadable. */
function rssBytes(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Every process whose parent chain leads to `root` (from /proc; empty without it). */
function descendants(root: number): number[] {
  if (!existsSync('/proc')) return [];
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (!fields) continue;
    const parent = Number(fields[1]);
    children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
  }
  const out: number[] = [];
  const stack = [root];
  while (stack.length > 0) {
    for (const child of children.get(stack.pop()!) ?? []) {
      out.push(child);
      stack.push(child);
    }
  }
  return out;
}

export interface PeakRss {
  /** Peak resident memory of this process during the phase, in MB (the kernel's high-water mark when it can be reset, else sampled). */
  peakRssMb: number;
  /**
   * Peak of the summed resident memory of the processes this one started during the phase (e.g. the
   * bulk path's import tool and the Neo4j it then starts), sampled every 250 ms, in MB; 0 when none.
   */
  peakChildRssMb: number;
}

/**
 * Runs `phase` and reads the peak resident memory of this process and of the processes it starts
 * meanwhile. The high-water mark VmHWM is reset first by writing 5 to /proc/self/clear_refs
 * (Linux 4.0+), so it is this phase's peak, not the process's; where that is refused, the peak of
 * 100 ms samples stands in (which may miss a short spike).
 */
export async function withPeakRss<T>(phase: () => Promise<T>): Promise<{ value: T } & PeakRss> {
  let resettable = false;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    resettable = true;
  } catch {
    // Not Linux, or not allowed: sampled below.
  }
  const before = new Set(descendants(process.pid));
  let sampled = process.memoryUsage().rss;
  let children = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage().rss);
    ticks += 1;
    // The process tree is read less often: a /proc scan is not free on a busy machine.
    if (ticks % 3 === 0)
      children = Math.max(
        children,
        descendants(process.pid)
          .filter((pid) => !before.has(pid))
          .reduce((sum, pid) => sum + rssBytes(pid), 0),
      );
  }, 100);
  try {
    const value = await phase();
    sampled = Math.max(sampled, process.memoryUsage().rss);
    let peak = sampled;
    if (resettable) {
      const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
      if (match) peak = Number(match[1]) * 1024;
    }
    return { value, peakRssMb: Math.round(peak / 2 ** 20), peakChildRssMb: Math.round(children / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}
