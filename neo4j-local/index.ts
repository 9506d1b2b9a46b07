/**
 * Starts a real, embedded Neo4j 5.26 Community (from Maven Central jars) in a child JVM, for when
 * no NEO4J_URI is configured. See README.md beside this file.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  type WriteStream,
} from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface LocalNeo4j {
  /** bolt://127.0.0.1:PORT; the port stays the same across supervised restarts */
  uri: string;
  user: string;
  /** the generated password of user neo4j (kept in {@link LocalNeo4j.passwordFile}) */
  password: string;
  /** the file in dataDir that holds the password, readable only by its owner (0600) */
  passwordFile: string;
  /** always false: authentication is on */
  authDisabled: boolean;
  dataDir: string;
  /** the current JVM's process id (a new one after a supervised restart) */
  readonly pid: number;
  /** running; restarting after an unexpected exit (supervised only); stopped */
  readonly state: LocalNeo4jState;
  /** how many times a supervised restart brought the JVM back */
  readonly restarts: number;
  /** Stops the JVM cleanly (SIGTERM, SIGKILL after 20 s), ends supervision and removes dataDir when ephemeral. Idempotent. */
  stop(): Promise<void>;
}

/** What a local Neo4j is doing. */
export type LocalNeo4jState = 'running' | 'restarting' | 'stopped';

/** How serious a log line is: an unexpected JVM exit is an error. */
export type LocalNeo4jLogLevel = 'info' | 'warn' | 'error';

export interface LocalNeo4jOptions {
  /** Neo4j home: the store goes to dataDir/data, Neo4j's logs to dataDir/logs. Created when missing. */
  dataDir: string;
  /** delete dataDir on stop */
  ephemeral?: boolean;
  /** Bolt port on 127.0.0.1; 0 or absent picks a free one */
  port?: number;
  /** JVM max heap, e.g. '512m' (default; env NEO4J_LOCAL_HEAP) */
  heap?: string;
  /** Neo4j page cache, e.g. '64m' (default; env NEO4J_LOCAL_PAGECACHE) */
  pageCache?: string;
  /**
   * Further Neo4j settings (name to value, as in neo4j.conf), over the launcher's own: for example a
   * lower `db.memory.transaction.max` to see how a client meets Neo4j's memory limits.
   */
  settings?: Readonly<Record<string, string>>;
  /** progress and diagnostics; defaults to console.error */
  log?: (line: string, level?: LocalNeo4jLogLevel) => void;
  /** default 120000 (env NEO4J_LOCAL_START_TIMEOUT_MS) */
  startTimeoutMs?: number;
  /**
   * Compile with the JVM's quick compiler only (-XX:TieredStopAtLevel=1): a start costs about half
   * the CPU (most of a start is compiling Neo4j's start-up code with the optimizing compiler), and
   * long or heavy query work runs slower. For short-lived databases such as the tests' (default
   * false; env NEO4J_LOCAL_QUICK_START=1).
   */
  quickStart?: boolean;
  /**
   * Restart the JVM when it exits unexpectedly (killed, crashed, out of memory): on the same data
   * folder and the same port, so the URI stays valid for every client, with backoff between failed
   * attempts. The store is on disk and Neo4j recovers committed transactions from its log on start.
   */
  supervise?: boolean;
}

/** First delay before a supervised restart, and the most it grows to between failed attempts. */
const RESTART_FIRST_DELAY_MS = 250;
const RESTART_MAX_DELAY_MS = 30_000;

const MODULE_DIR = path.dirname(fileURLToPath(import.meta.url));
const POM = path.join(MODULE_DIR, 'pom.xml');
const SOURCE = path.join(MODULE_DIR, 'Neo4jLocal.java');
const LIB_DIR = path.join(MODULE_DIR, 'lib');
const CACHE_DIR = path.join(MODULE_DIR, '.cache');
const MARKER = path.join(LIB_DIR, '.complete');
const PID_FILE = 'neo4j-local.pid';
/** The generated password of user neo4j, in the data folder, mode 0600. */
export const PASSWORD_FILE = 'neo4j-local.password';
const JVM_LOG = 'neo4j-local-jvm.log';

const ALTERNATIVE = 'or set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD to use an existing Neo4j.';

const defaultLog = (line: string): void => console.error(line);

/** The Neo4j version pinned in pom.xml. */
export function localNeo4jVersion(): string {
  const match = /<neo4j\.version>([^<]+)<\/neo4j\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new Error('neo4j-local/pom.xml has no <neo4j.version> property');
  return match[1].trim();
}

function sha256(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** What lib/.complete must hold: the pinned version and a hash of pom.xml, so editing the pom re-downloads. */
function expectedMarker(): string {
  return `${localNeo4jVersion()} ${sha256(readFileSync(POM, 'utf8'))}\n`;
}

function onPath(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error) return { ok: false, output: String(result.error.message) };
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

let javaChecked = false;
function checkJava(): void {
  if (javaChecked) return;
  const java = onPath('java', ['-version']);
  if (!java.ok) {
    throw new Error(
      `Cannot start a local Neo4j: 'java' (JDK 17+) not found on PATH. Install a JDK 17 (e.g. apt-get install openjdk-17-jdk-headless), ${ALTERNATIVE}`,
    );
  }
  const major = /version "(\d+)(?:\.(\d+))?/.exec(java.output);
  const version = major ? (major[1] === '1' ? Number(major[2]) : Number(major[1])) : NaN;
  if (!(version >= 17)) {
    throw new Error(
      `Cannot start a local Neo4j: 'java' on PATH is version ${major?.[1] ?? 'unknown'}, Neo4j 5.26 needs 17 or 21. Install a JDK 17, ${ALTERNATIVE}`,
    );
  }
  javaChecked = true;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A cross-process lock as an atomically created folder; stale after 15 minutes. */
async function withInstallLock<T>(fn: () => Promise<T>, log: (line: string) => void): Promise<T> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const lock = path.join(CACHE_DIR, 'install.lock');
  let announced = false;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) {
          rmSync(lock, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue; // vanished meanwhile
      }
      if (!announced) log('waiting for another process that is installing the local Neo4j');
      announced = true;
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function libComplete(): boolean {
  try {
    return readFileSync(MARKER, 'utf8') === expectedMarker();
  } catch {
    return false;
  }
}

/**
 * Downloads Neo4j's jars with Maven into neo4j-local/lib (once; a marker file records the version).
 * A no-op when lib/ is complete.
 */
export async function ensureLocalNeo4jInstalled(log: (line: string) => void = defaultLog): Promise<void> {
  if (libComplete()) return;
  checkJava();
  if (!onPath('mvn', ['-v']).ok) {
    throw new Error(
      `Cannot start a local Neo4j: 'mvn' (Maven 3) not found on PATH, needed once to download Neo4j's jars. Install Maven (e.g. apt-get install maven), ${ALTERNATIVE}`,
    );
  }
  await withInstallLock(async () => {
    if (libComplete()) return;
    const version = localNeo4jVersion();
    const started = Date.now();
    log(`downloading Neo4j ${version} jars from Maven Central into ${LIB_DIR} (once)`);
    const staging = path.join(CACHE_DIR, `lib-download-${process.pid}`);
    rmSync(staging, { recursive: true, force: true });
    const output: string[] = [];
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(
        'mvn',
        ['-q', '-B', '-f', POM, 'dependency:copy-dependencies', `-DoutputDirectory=${staging}`],
        {
          cwd: MODULE_DIR,
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const collect = (chunk: Buffer): void => {
        output.push(
          ...chunk
            .toString('utf8')
            .split('\n')
            .filter((line) => line.trim() !== ''),
        );
        if (output.length > 200) output.splice(0, output.length - 200);
      };
      child.stdout.on('data', collect);
      child.stderr.on('data', collect);
      child.on('error', reject);
      child.on('close', resolve);
    });
    if (code !== 0) {
      rmSync(staging, { recursive: true, force: true });
      throw new Error(
        `Cannot start a local Neo4j: downloading Neo4j ${version} with Maven failed (exit ${code}): ${output.slice(-15).join(' | ')}`,
      );
    }
    writeFileSync(path.join(staging, '.complete'), expectedMarker());
    rmSync(LIB_DIR, { recursive: true, force: true });
    renameSync(staging, LIB_DIR);
    log(`downloaded Neo4j ${version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }, log);
}

/**
 * Compiles Neo4jLocal.java once into .cache/ (faster start and less memory than a single-source
 * launch, which compiles in the server's own JVM each time). Returns the java arguments that name
 * the main class.
 */
function launcherArgs(log: (line: string) => void): string[] {
  const classpath = `${LIB_DIR}${path.sep}*`;
  const key = sha256(readFileSync(SOURCE, 'utf8'), readFileSync(MARKER, 'utf8'));
  const classes = path.join(CACHE_DIR, `classes-${key}`);
  if (!existsSync(path.join(classes, 'Neo4jLocal.class'))) {
    const staging = `${classes}.tmp-${process.pid}`;
    const javac = spawnSync('javac', ['-nowarn', '-d', staging, '-cp', classpath, SOURCE], { encoding: 'utf8' });
    if (javac.error || javac.status !== 0) {
      rmSync(staging, { recursive: true, force: true });
      // A JDK without javac on PATH can still launch the single source file.
      log(
        `javac unavailable or failed (${javac.error?.message ?? javac.stderr.trim().split('\n')[0]}), launching Neo4jLocal.java from source`,
      );
      return ['-cp', classpath, SOURCE];
    }
    try {
      renameSync(staging, classes);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another process won the race
    }
  }
  return ['-cp', `${classes}${path.delimiter}${classpath}`, 'Neo4jLocal'];
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // Guard against pid reuse where /proc exists.
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('Neo4jLocal');
  } catch {
    return true;
  }
}

function storeLockedError(dataDir: string, detail: string): Error {
  return new Error(
    `Cannot start a local Neo4j: its data folder ${dataDir} is in use by another running local Neo4j (${detail}). Stop that one, or use another data folder.`,
  );
}

interface Running {
  child: ChildProcess;
  exited: Promise<void>;
}

const running = new Set<Running>();
let exitHookInstalled = false;
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // Node exiting normally: ask each JVM to stop (its shutdown hook closes the store cleanly).
  // Node crashing or killed: the JVM sees its stdin close and stops by itself.
  process.on('exit', () => {
    for (const r of running) r.child.kill('SIGTERM');
  });
}

/**
 * The password of user neo4j for the local Neo4j in `dataDir`: read from its password file, or
 * generated (24 random bytes) and written there with mode 0600 on first use. A file other users
 * can read is tightened to 0600. Exported so other tools (the seed CLI) can reach a running local
 * Neo4j without being told the password.
 */
export function localNeo4jPassword(dataDir: string): { password: string; file: string } {
  const file = path.join(path.resolve(dataDir), PASSWORD_FILE);
  mkdirSync(path.dirname(file), { recursive: true });
  if (!existsSync(file)) {
    try {
      // 'wx': two processes starting at once do not overwrite each other's password. Hex, not
      // base64url: a password starting with "-" is taken for an option by neo4j-admin's
      // set-initial-password (usage error, exit code 64: one start in 64 failed).
      writeFileSync(file, `${randomBytes(24).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const password = readFileSync(file, 'utf8').trim();
  if (!password)
    throw new Error(
      `Cannot start a local Neo4j: its password file ${file} is empty; delete it to generate a new password.`,
    );
  return { password, file };
}

/** One JVM launched and ready. */
interface Launched extends Running {
  uri: string;
  port: number;
  jvmLog: WriteStream;
}

interface LaunchSettings {
  dataDir: string;
  port: number;
  heap: string;
  pageCache: string;
  quickStart: boolean;
  settings: Readonly<Record<string, string>>;
  passwordFile: string;
  timeoutMs: number;
  log: (line: string, level?: LocalNeo4jLogLevel) => void;
}

const jvmLogPathOf = (dataDir: string): string => path.join(dataDir, 'logs', JVM_LOG);

/** Starts one JVM and resolves once it printed its READY line; kills it and rejects otherwise. */
async function launchJvm(settings: LaunchSettings): Promise<Launched> {
  const { dataDir, log, timeoutMs } = settings;
  const jvmFlags = [
    '-Xms64m',
    `-Xmx${settings.heap}`,
    '-XX:+UseSerialGC',
    '-XX:+ExitOnOutOfMemoryError',
    ...(settings.quickStart ? ['-XX:TieredStopAtLevel=1'] : []),
    '-Dfile.encoding=UTF-8',
    '--add-opens=java.base/java.nio=ALL-UNNAMED',
    '--add-opens=java.base/java.io=ALL-UNNAMED',
    '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
    '--add-opens=java.base/java.lang=ALL-UNNAMED',
  ];
  const args = [
    ...jvmFlags,
    ...launcherArgs(log),
    '--home',
    dataDir,
    '--port',
    String(settings.port),
    '--pagecache',
    settings.pageCache,
    '--password-file',
    settings.passwordFile,
    ...Object.entries(settings.settings).flatMap(([name, value]) => ['--set', `${name}=${value}`]),
  ];

  const jvmLogPath = jvmLogPathOf(dataDir);
  const jvmLog = createWriteStream(jvmLogPath, { flags: 'a' });
  // The JVM's last lines can arrive after its exit closed the log: drop them rather than crash.
  jvmLog.on('error', () => {});
  const logLine = (text: string | Buffer): void => {
    if (!jvmLog.writableEnded) jvmLog.write(text);
  };
  logLine(`--- ${new Date().toISOString()} java ${args.join(' ')}\n`);
  const tail: string[] = [];

  const child = spawn('java', args, { cwd: dataDir, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const entry: Running = { child, exited };
  running.add(entry);
  installExitHook();
  child.stdin?.on('error', () => {}); // EPIPE when the JVM is already gone
  child.stderr?.on('data', (chunk: Buffer) => {
    logLine(chunk);
    tail.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((line) => line.trim() !== ''),
    );
    if (tail.length > 40) tail.splice(0, tail.length - 40);
  });

  let uri: string;
  try {
    uri = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no READY line within ${timeoutMs} ms`)), timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        logLine(`[stdout] ${line}\n`);
        if (line.startsWith('NEO4J_LOCAL_READY ')) {
          clearTimeout(timer);
          resolve(line.slice('NEO4J_LOCAL_READY '.length).trim());
        } else if (line.startsWith('NEO4J_LOCAL_FAILED ')) {
          clearTimeout(timer);
          const [, reason = 'error', ...rest] = line.split(' ');
          const message = rest.join(' ');
          if (reason === 'store-locked') reject(storeLockedError(dataDir, message.slice(0, 300)));
          else if (reason === 'port-in-use')
            reject(
              new Error(
                `Cannot start a local Neo4j: Bolt port ${settings.port} on 127.0.0.1 is already in use (${message.slice(0, 300)})`,
              ),
            );
          else reject(new Error(message));
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the JVM exited during start-up (${signal ?? `exit code ${code}`})`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    running.delete(entry);
    await new Promise<void>((resolve) => jvmLog.end(resolve));
    const message = (error as Error).message;
    if (message.startsWith('Cannot start a local Neo4j')) throw error;
    throw new Error(
      `Cannot start a local Neo4j: ${message} (JVM output in ${jvmLogPath}, Neo4j's log in ${path.join(dataDir, 'logs', 'debug.log')}). Last JVM output: ${tail.slice(-12).join(' | ') || '(none)'}`,
    );
  }

  writeFileSync(path.join(dataDir, PID_FILE), `${child.pid}\n`);
  // Let Node exit even if stop() is never called; the 'exit' hook then stops the JVM.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  const port = Number(new URL(uri.replace(/^bolt:/, 'http:')).port);
  return { child, exited, uri, port, jvmLog };
}

/**
 * Starts an embedded Neo4j 5.26 Community on 127.0.0.1, with authentication (user neo4j and the
 * password kept in the data folder), and resolves once Bolt accepts connections. With
 * `supervise`, an unexpected exit of the JVM is logged as an error and followed by restarts on
 * the same data folder and port until one succeeds or stop() is called.
 */
export async function startLocalNeo4j(options: LocalNeo4jOptions): Promise<LocalNeo4j> {
  const log = options.log ?? defaultLog;
  const started = Date.now();
  checkJava();
  await ensureLocalNeo4jInstalled(log);

  const dataDir = path.resolve(options.dataDir);
  mkdirSync(path.join(dataDir, 'logs'), { recursive: true });
  const pidFile = path.join(dataDir, PID_FILE);
  if (existsSync(pidFile)) {
    const other = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(other) && other > 0 && other !== process.pid && processAlive(other)) {
      throw storeLockedError(dataDir, `JVM pid ${other}`);
    }
  }
  const { password, file: passwordFile } = localNeo4jPassword(dataDir);

  const settings: LaunchSettings = {
    dataDir,
    port: options.port ?? 0,
    heap: options.heap ?? process.env.NEO4J_LOCAL_HEAP ?? '512m',
    pageCache: options.pageCache ?? process.env.NEO4J_LOCAL_PAGECACHE ?? '64m',
    quickStart: options.quickStart ?? process.env.NEO4J_LOCAL_QUICK_START === '1',
    settings: options.settings ?? {},
    passwordFile,
    timeoutMs: options.startTimeoutMs ?? (Number(process.env.NEO4J_LOCAL_START_TIMEOUT_MS) || 120_000),
    log,
  };

  let current: Launched;
  try {
    current = await launchJvm(settings);
  } catch (error) {
    if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  // Restarts reuse the port the first start got, so the URI handed out stays valid.
  settings.port = current.port;
  const uri = current.uri;
  let state: LocalNeo4jState = 'running';
  let restarts = 0;
  let stopping: Promise<void> | undefined;
  let restartLoop: Promise<void> | undefined;
  const stopSignal = new AbortController();

  const restart = async (): Promise<void> => {
    const diedAt = Date.now();
    let delay = RESTART_FIRST_DELAY_MS;
    for (let attempt = 1; !stopping; attempt += 1) {
      await sleepUnless(delay, stopSignal.signal);
      if (stopping) return;
      log(`restarting the local Neo4j on ${uri} (attempt ${attempt})`, 'warn');
      try {
        const next = await launchJvm(settings);
        if (stopping) {
          next.child.kill('SIGTERM');
          await next.exited;
          running.delete(next);
          return;
        }
        current = next;
        restarts += 1;
        state = 'running';
        watch(next);
        log(
          `local Neo4j is back on ${uri} (pid ${next.child.pid}), ${((Date.now() - diedAt) / 1000).toFixed(1)} s after it died`,
          'warn',
        );
        return;
      } catch (error) {
        log(
          `restarting the local Neo4j failed (attempt ${attempt}): ${(error as Error).message}; next try in ${Math.min(delay * 2, RESTART_MAX_DELAY_MS) / 1000} s`,
          'error',
        );
        delay = Math.max(1_000, Math.min(delay * 2, RESTART_MAX_DELAY_MS));
      }
    }
  };

  const watch = (jvm: Launched): void => {
    jvm.child.once('exit', (code, signal) => {
      running.delete(jvm);
      jvm.jvmLog.end();
      if (stopping) return;
      log(
        `local Neo4j (pid ${jvm.child.pid}) exited unexpectedly (${signal ?? `exit code ${code}`}); see ${jvmLogPathOf(dataDir)}` +
          (options.supervise ? '; restarting it on the same data folder and port' : ''),
        'error',
      );
      if (!options.supervise) {
        state = 'stopped';
        return;
      }
      state = 'restarting';
      restartLoop = restart().finally(() => {
        restartLoop = undefined;
      });
    });
  };
  watch(current);

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopSignal.abort();
      await restartLoop;
      const jvm = current;
      if (jvm.child.exitCode === null && jvm.child.signalCode === null) {
        jvm.child.kill('SIGTERM');
        const killer = setTimeout(() => jvm.child.kill('SIGKILL'), 20_000);
        await jvm.exited;
        clearTimeout(killer);
      }
      running.delete(jvm);
      state = 'stopped';
      await new Promise<void>((resolve) => (jvm.jvmLog.writableEnded ? resolve() : jvm.jvmLog.end(resolve)));
      if (options.ephemeral) rmSync(dataDir, { recursive: true, force: true });
      else rmSync(pidFile, { force: true });
    })();
    return stopping;
  };

  log(
    `Neo4j ${localNeo4jVersion()} ready at ${uri} (data in ${dataDir}${options.ephemeral ? ', removed on stop' : ''}; user neo4j, password in ${passwordFile}) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    uri,
    user: 'neo4j',
    password,
    passwordFile,
    authDisabled: false,
    dataDir,
    get pid() {
      return current.child.pid!;
    },
    get state() {
      return state;
    },
    get restarts() {
      return restarts;
    },
    stop,
  };
}

function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });
}

/** Options of importIntoLocalNeo4j. */
export interface LocalImportOptions {
  /** The local Neo4j's data folder (as for startLocalNeo4j); it must not hold a database yet, nor run. */
  dataDir: string;
  /** `[labels=]file` values of --nodes and --relationships, each file's first line its header. */
  nodes: readonly string[];
  relationships: readonly string[];
  /** Separator of array elements within a field (e.g. U+001F). */
  arrayDelimiter: string;
  /** Files holding values with line breaks (read with multi-line fields on; slower, so only those). */
  multilineFiles?: readonly string[];
  /** Where the tool's configuration and report go (a scratch folder the caller removes). */
  workDir: string;
  /**
   * JVM heap of the tool (default 2g: for 100k articles it estimates 1 GiB, warns that 1g may be too
   * small and spent about an eighth more CPU there) and its off-heap budget (default 2g).
   */
  heap?: string;
  offHeap?: string;
  log?: (line: string, level?: LocalNeo4jLogLevel) => void;
}

/** The local Neo4j's default database, the one the import tool writes. */
const LOCAL_DATABASE = 'neo4j';

/** Whether the local Neo4j in `dataDir` has its database already (created by a start or an import). */
export function localNeo4jHasDatabase(dataDir: string): boolean {
  return existsSync(path.join(path.resolve(dataDir), 'data', 'databases', LOCAL_DATABASE));
}

/** Whether a JVM of the local Neo4j in `dataDir` is running (its pid file names a live process). */
export function localNeo4jRunning(dataDir: string): boolean {
  const pidFile = path.join(path.resolve(dataDir), PID_FILE);
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid);
}

/**
 * Runs Neo4j's own bulk importer (`neo4j-admin database import full`, entry point
 * org.neo4j.cli.AdminTool from the jars in lib/) with the same java and jars the local Neo4j runs on,
 * writing the store of the local Neo4j in `dataDir` directly. Only for a database that does not
 * exist yet: the tool writes store files, it does not merge into a graph. Resolves when the tool
 * exits 0; rejects with its last output lines otherwise.
 */
export async function importIntoLocalNeo4j(options: LocalImportOptions): Promise<void> {
  const log = options.log ?? defaultLog;
  checkJava();
  await ensureLocalNeo4jInstalled(log);
  const dataDir = path.resolve(options.dataDir);
  if (localNeo4jRunning(dataDir))
    throw storeLockedError(dataDir, 'a local Neo4j runs on it; stop it before a bulk import');
  if (localNeo4jHasDatabase(dataDir))
    throw new Error(
      `Cannot bulk-import into the local Neo4j in ${dataDir}: it already has a database (the import tool only creates new ones)`,
    );
  mkdirSync(dataDir, { recursive: true });
  // The tool reads neo4j.conf from NEO4J_CONF: an empty one, so the store goes to the default place
  // under NEO4J_HOME (dataDir/data), where the local Neo4j (Neo4jLocal.java) opens it.
  const conf = path.join(options.workDir, 'conf');
  mkdirSync(conf, { recursive: true });
  writeFileSync(path.join(conf, 'neo4j.conf'), '');
  const multiline = options.multilineFiles ?? [];
  const args = [
    '-Xms64m',
    `-Xmx${options.heap ?? '2g'}`,
    '-XX:+UseParallelGC',
    '-Dfile.encoding=UTF-8',
    '-cp',
    `${LIB_DIR}${path.sep}*`,
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    LOCAL_DATABASE,
    `--array-delimiter=${toCodePoint(options.arrayDelimiter)}`,
    `--max-off-heap-memory=${options.offHeap ?? '2g'}`,
    '--read-buffer-size=16m',
    `--report-file=${path.join(options.workDir, 'import.report')}`,
    ...(multiline.length > 0 ? ['--multiline-fields-format=v2', `--multiline-fields=${multiline.join(',')}`] : []),
    ...options.nodes.map((n) => `--nodes=${n}`),
    ...options.relationships.map((r) => `--relationships=${r}`),
  ];
  const tail: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('java', args, {
      cwd: options.workDir,
      env: { ...process.env, NEO4J_HOME: dataDir, NEO4J_CONF: conf },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() === '' || /^[. ]+\d+%/.test(line.trim())) continue;
        tail.push(line);
        if (/^(IMPORT DONE|Imported:|\s+\d+ (nodes|relationships|properties))/.test(line))
          log(`neo4j-admin import: ${line.trim()}`);
      }
      if (tail.length > 60) tail.splice(0, tail.length - 60);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    // A failed import may leave a partial store: remove it, so the folder is as before.
    rmSync(path.join(dataDir, 'data', 'databases', LOCAL_DATABASE), { recursive: true, force: true });
    rmSync(path.join(dataDir, 'data', 'transactions', LOCAL_DATABASE), { recursive: true, force: true });
    throw new Error(`neo4j-admin database import failed (exit ${code}): ${tail.slice(-15).join(' | ')}`);
  }
}

/** 'U+001F' for a control character, as the import tool's options take it. */
function toCodePoint(char: string): string {
  const code = char.codePointAt(0)!;
  return code < 0x20 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : char;
}
