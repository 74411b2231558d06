// Test files run in parallel workers, and every `conform` command first removes whatever stale labs
// are on the machine. A test that leaves a lab behind on purpose and checks which command removed
// it would race any other test's `conform` command; each such section holds this lock (a directory:
// creating one is atomic), so that the check sees only its own cleaner. A lock whose holder died is
// broken.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../files.js';

const LOCK = join(tmpdir(), 'hafault-conform-tests.lock');

function holderGone(): boolean {
  try {
    const pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
    process.kill(pid, 0);
    return false;
  } catch (error) {
    // No pid file yet: its holder is between creating the lock and writing it.
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Runs `section` while no other test file runs a `conform` command that removes stale labs. */
export async function withConformLock<T>(section: () => Promise<T>, limitMs = 180_000): Promise<T> {
  // Counted in waits of 100 ms (at least that long each): no clock is read.
  for (let waitedMs = 0; ; waitedMs += 100, await new Promise((r) => setTimeout(r, 100))) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      if (holderGone()) rmSync(LOCK, { recursive: true, force: true });
      else if (waitedMs > limitMs) throw new Error(`${LOCK} held for over ${limitMs} ms`);
    }
  }
  writeFileAtomic(join(LOCK, 'pid'), String(process.pid));
  try {
    return await section();
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
