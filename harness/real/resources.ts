// Everything one real run creates, recorded the moment it is created, and the one synchronous
// teardown that removes it all: processes we started (signalled by PID, never by name), then the
// network namespaces (their veths and bridges go with them), then the run's scratch directory.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { commandSync } from './shell.js';

export class RunResources {
  readonly namespaces: string[] = [];
  readonly pids = new Set<number>();
  readonly closers: (() => void)[] = [];
  dir: string | null = null;
  private torn = false;

  constructor(readonly prefix: string) {}

  /** Stops every process we started and removes every namespace and file. Safe to call twice. */
  teardown(): void {
    if (this.torn) return;
    this.torn = true;
    for (const close of this.closers.splice(0)) {
      try {
        close();
      } catch {
        // a socket already closed
      }
    }
    const pids = [...this.pids];
    // Freeze first, so no process reacts to another's death (keepalived's VRRP child turns its
    // parent's death into a clean stop, and the parent respawns a dead child).
    for (const pid of pids) signal(pid, 'SIGSTOP');
    for (const pid of pids) signal(pid, 'SIGKILL');
    waitGone(pids, 2_000);
    for (const ns of this.namespaces.splice(0).reverse()) commandSync('ip', ['netns', 'del', ns]);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Sends a signal to a process we started; false when it is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/** A process is gone when it no longer exists or is a zombie waiting for its parent. */
export function alive(pid: number): boolean {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  try {
    const text = readFileSync(stat, 'utf8');
    const state = text.slice(text.lastIndexOf(')') + 2, text.lastIndexOf(')') + 3);
    return state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function waitGone(pids: readonly number[], limitMs: number): void {
  for (let waited = 0; waited < limitMs && pids.some(alive); waited += 20) Atomics.wait(sleeper, 0, 0, 20);
}
