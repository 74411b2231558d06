// Start-up (a benchmark, not a test): wall time from spawning `node bin/hafault.js models --json`
// (the checkout running its current bundle, as `npx hafault` does) to its exit, beside `node -e 0`,
// Node's own floor, measured in turn so that both see the same load. Medians of a few spawns.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export interface Startup {
  readonly spawns: number;
  /** Median milliseconds of `node bin/hafault.js models --json`. */
  readonly hafaultMs: number;
  /** Median milliseconds of `node -e 0`. */
  readonly nodeMs: number;
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** Milliseconds from spawn to exit; throws if the command fails. */
function spawnMs(args: readonly string[], cwd: string): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

/** @param root the package's root, whose dist/ is built and current */
export function measureStartup(root: string, spawns = 5): Startup {
  const hafault = [join(root, 'bin', 'hafault.js'), 'models', '--json'];
  spawnMs(hafault, root); // the first start reads the files from disk
  const h: number[] = [];
  const n: number[] = [];
  for (let i = 0; i < spawns; i++) {
    h.push(spawnMs(hafault, root));
    n.push(spawnMs(['-e', '0'], root));
  }
  return { spawns, hafaultMs: median(h), nodeMs: median(n) };
}

export function startupLines(s: Startup): string[] {
  return [
    '',
    `start-up — median of ${s.spawns} spawns each, in turn`,
    `  node bin/hafault.js models --json (the bundle)   ${s.hafaultMs.toFixed(0)} ms   target ≤ 500 ms`,
    `  node -e 0                                        ${s.nodeMs.toFixed(0)} ms   (${(s.hafaultMs / s.nodeMs).toFixed(1)} × node)`,
  ];
}
