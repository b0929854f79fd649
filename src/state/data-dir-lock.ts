import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Thrown when another live process holds the data directory; the CLI exits 2 with its message. */
export class DataDirLocked extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data directory ${dataDir} is in use by another mockca (pid ${pid}); stop it or choose another --data-dir`);
  }
}

export interface DataDirLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

const lockName = 'mockca.lock';
/** Lock files this process holds (by absolute path): its own pid in a lock file is stale unless listed here. */
const held = new Set<string>();
let exitHookInstalled = false;
const maxAttempts = 6;

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists, it just is not ours to signal.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid in the lock file if a live process other than a dead run of this one holds it. */
function liveHolder(path: string): number | undefined {
  const pid = holderOf(path);
  if (pid === undefined) return undefined;
  if (pid === process.pid) return held.has(path) ? pid : undefined;
  return alive(pid) ? pid : undefined;
}

function removeIfOurs(path: string): void {
  if (!held.delete(path)) return;
  try {
    if (holderOf(path) === process.pid) unlinkSync(path);
  } catch {
    // Already gone.
  }
}

/**
 * Takes `mockca.lock` in the data directory: created atomically (`wx`) with this process's pid.
 * A lock whose process is gone (a crash, `kill -9`) is taken over; a live holder is a
 * DataDirLocked error that names the directory and its pid.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(join(dataDir, lockName));
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, `${process.pid}\n`);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = liveHolder(path);
      if (holder !== undefined) throw new DataDirLocked(dataDir, holder);
      if (attempt >= maxAttempts) throw new DataDirLocked(dataDir, holderOf(path) ?? 0);
      // An empty lock file may be one another start has just created and not written yet.
      if (holderOf(path) === undefined && attempt < maxAttempts - 1) {
        pause(25);
        continue;
      }
      // Stale (the holder is gone): remove it and try to create it again; a racing start that got
      // there first makes the next openSync fail, and is then a live holder.
      try {
        unlinkSync(path);
      } catch {
        // Someone else removed it.
      }
    }
  }
  held.add(path);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => [...held].forEach(removeIfOurs));
  }
  return { path, release: () => removeIfOurs(path) };
}
