// Running the few system commands the real-cluster driver needs (`ip`, `mkfifo`), with errors that
// say which command failed and what it printed. Asynchronous for the run, synchronous for cleanup
// (a signal handler cannot wait for promises).
import { execFile, execFileSync } from 'node:child_process';

export class CommandError extends Error {}

/**
 * Niceness of everything a real run starts (and of this process while a run is live). On a machine
 * shared at load 7, a process at the default priority waits hundreds of ms to be scheduled: that is
 * the machine's noise, not the daemon's logic, and it would swamp the timings being compared.
 */
export const LAB_NICE = -10;

/** `file args` at the lab's priority. */
export function prioritized(file: string, args: readonly string[]): [string, string[]] {
  return ['nice', ['-n', String(LAB_NICE), file, ...args]];
}

/**
 * Commands under way (their PIDs). An interruption's teardown waits for them before it removes what
 * they make: an `ip netns add` still running when the process exits would create its namespace after
 * the teardown deleted it, and leave it behind.
 */
const underWay = new Set<number>();

export function commandsUnderWay(): number[] {
  return [...underWay];
}

export function command(file: string, args: readonly string[]): Promise<string> {
  const [cmd, argv] = prioritized(file, args);
  return new Promise((resolve, reject) => {
    const child = execFile(cmd, argv, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (child.pid !== undefined) underWay.delete(child.pid);
      if (error) reject(new CommandError(`\`${file} ${args.join(' ')}\` failed: ${(stderr || error.message).trim()}`));
      else resolve(stdout);
    });
    if (child.pid !== undefined) underWay.add(child.pid);
  });
}

/** Best effort, for cleanup: never throws; returns whether the command succeeded. */
export function commandSync(file: string, args: readonly string[]): boolean {
  try {
    execFileSync(file, args as string[], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

export function outputSync(file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, args as string[], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 10_000,
    });
  } catch {
    return '';
  }
}

export const ip = (...args: string[]) => command('ip', args);
