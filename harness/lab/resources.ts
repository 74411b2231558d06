// Everything one real run creates, recorded the moment it is created, and the one synchronous
// teardown that removes it all: processes we started (signalled by PID, never by name), then the
// network namespaces (their veths and bridges go with them), then the run's scratch directory.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { command, commandsUnderWay, commandSync } from './shell.js';

export class RunResources {
  readonly namespaces: string[] = [];
  readonly pids = new Set<number>();
  readonly closers: (() => void)[] = [];
  dir: string | null = null;

  constructor(readonly prefix: string) {}

  /**
   * For an interruption: stops every process we started and removes every namespace and file,
   * blocking until done. Every step is idempotent, so it may follow a teardown cut short.
   */
  teardown(): void {
    this.killAll();
    waitGone([...this.pids, ...commandsUnderWay()], 5_000);
    for (const ns of [...this.namespaces].reverse()) commandSync('ip', ['netns', 'del', ns]);
    if (this.dir !== null) rmSync(this.dir, { recursive: true, force: true });
  }

  /** The same, without blocking the event loop: other runs in this process keep their timing. */
  async teardownAsync(): Promise<void> {
    this.killAll();
    for (let waited = 0; waited < 5_000 && [...this.pids].some(alive); waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    for (const ns of [...this.namespaces].reverse()) await command('ip', ['netns', 'del', ns]).catch(() => undefined);
    if (this.dir !== null) await rm(this.dir, { recursive: true, force: true });
  }

  private killAll(): void {
    for (const close of this.closers.splice(0)) {
      try {
        close();
      } catch {
        // a socket already closed
      }
    }
    freezeAndKill(this.pids);
  }
}

/**
 * Kills `pids` and every descendant (added to `pids`). Freeze first, so no process reacts to
 * another's death (keepalived's VRRP child turns its parent's death into a clean stop, and the parent
 * respawns a dead child), and no one forks. Children not recorded yet (a VRRP child that has not
 * written its pid file) are found by parent PID. `whileFrozen` runs once all are frozen (a
 * frozen process can still be described; a killed one cannot).
 */
export function freezeAndKill(pids: Set<number>, whileFrozen?: () => void): void {
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGSTOP');
  for (const child of descendants(pids)) {
    signal(child, 'SIGSTOP');
    pids.add(child);
  }
  whileFrozen?.();
  for (const pid of pids) if (alive(pid)) signal(pid, 'SIGKILL');
}

/** Live processes whose parent (or grandparent, …) is one of `roots`. */
function descendants(roots: ReadonlySet<number>): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      parentOf.set(Number(entry), Number(fields[1]));
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const known = new Set(roots);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, parent] of parentOf) {
      if (!known.has(pid) && known.has(parent) && alive(pid)) {
        known.add(pid);
        found.push(pid);
        grew = true;
      }
    }
  }
  return found;
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

/** Blocks until every one of `pids` is gone, or `limitMs` has passed. */
export function waitGone(pids: readonly number[], limitMs: number): void {
  for (let waited = 0; waited < limitMs && pids.some(alive); waited += 20) Atomics.wait(sleeper, 0, 0, 20);
}
