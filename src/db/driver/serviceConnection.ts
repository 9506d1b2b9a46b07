import { chmodSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * How a running service reaches the local Neo4j it started, written into that Neo4j's data folder
 * so `npm run seed` can load into it while the service runs (a second Neo4j cannot open the same
 * store). Readable by the owner only (0600: it holds the password), removed on clean shutdown; a file
 * left behind by a crashed service names a process that is gone and is ignored.
 */
export interface ServiceConnection {
  uri: string;
  user: string;
  password: string;
  /** The service's process id: the file is valid while that process runs. */
  pid: number;
  startedAt: string;
}

/** The file's name in the local Neo4j data folder. */
export const SERVICE_CONNECTION_FILE = 'service-connection.json';

/** Writes the file (atomically, mode 0600) and returns a function that removes it. */
export function publishServiceConnection(dataDir: string, connection: ServiceConnection): () => void {
  const file = path.join(dataDir, SERVICE_CONNECTION_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
  chmodSync(temporary, 0o600); // the mode above is subject to the umask; make sure
  renameSync(temporary, file);
  return () => {
    try {
      const current = JSON.parse(readFileSync(file, 'utf8')) as Partial<ServiceConnection>;
      if (current.pid !== connection.pid) return; // another service took over the folder meanwhile
    } catch {
      return;
    }
    rmSync(file, { force: true });
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The connection of a service that runs now on this data folder, or undefined (no file, unreadable, or its process is gone). */
export function readServiceConnection(dataDir: string): ServiceConnection | undefined {
  let parsed: Partial<ServiceConnection>;
  try {
    parsed = JSON.parse(
      readFileSync(path.join(dataDir, SERVICE_CONNECTION_FILE), 'utf8'),
    ) as Partial<ServiceConnection>;
  } catch {
    return undefined;
  }
  if (
    typeof parsed.uri !== 'string' ||
    typeof parsed.user !== 'string' ||
    typeof parsed.password !== 'string' ||
    typeof parsed.pid !== 'number'
  )
    return undefined;
  if (parsed.pid === process.pid || !alive(parsed.pid)) return undefined;
  return {
    uri: parsed.uri,
    user: parsed.user,
    password: parsed.password,
    pid: parsed.pid,
    startedAt: String(parsed.startedAt ?? ''),
  };
}
