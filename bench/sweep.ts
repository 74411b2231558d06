// The sweep benchmark: 4 settings × 10 000 schedules on the mirrored-SAN pool (XS-12's sweep: T over
// 30/60/90/120 s, the hard-failover time drawn per schedule from 90–120 s, up to three faults of the
// preset's kinds), as whole `node bin/hafault.js sweep --json` processes (the checkout's current
// build, whose workers start from dist/ as a user's do), on two threads and on one, in turn, so that
// both see the same load. Whole processes, because that is what a user waits for: start-up and the
// JIT's warm-up of every thread included. Run by bench/main.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const fmt = (n: number) => (n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));

/**
 * CPU seconds of this process's waited-for children (Linux: /proc/self/stat's cutime + cstime, in
 * clock ticks of 1/100 s); NaN elsewhere. Node has no getrusage(RUSAGE_CHILDREN).
 */
function childrenCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const ARGS = [
  'sweep',
  '--model',
  'xenserver-ha',
  '--preset',
  'bonded-mirrored-san',
  '--set',
  'profile=seed-2009',
  '--set',
  'hardFailoverMs=90s..120s',
  '--set',
  'timeoutMs=30s,60s,90s,120s',
  '--max-faults',
  '3',
  '--seed',
  '42',
  '--recommend',
  'noUnnecessaryFence',
  '--json',
];

interface Timed {
  readonly threads: number;
  /** Median wall seconds of the processes. */
  readonly seconds: number;
  /** Median CPU seconds (every thread): CPU / wall is how many cores the sweep got on a shared machine. */
  readonly cpuSeconds: number;
}

export interface SweepBench {
  readonly runs: number;
  readonly pairs: number;
  readonly multi: Timed;
  readonly one: Timed;
  /** One thread's wall time over the multi-thread sweep's (medians). */
  readonly speedup: number;
  /** Whether every process printed the same JSON. */
  readonly identical: boolean;
  readonly loadAverage: readonly number[];
}

function sweepProcess(root: string, runs: number, threads: number) {
  const c0 = childrenCpuSeconds();
  const t0 = performance.now();
  const r = spawnSync(
    process.execPath,
    [join(root, 'bin', 'hafault.js'), ...ARGS, '--runs', String(runs), '--threads', String(threads)],
    { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - t0) / 1000;
  if (r.status !== 0 && r.status !== 1) throw new Error(`the benchmark's sweep exited ${r.status}: ${r.stderr}`);
  return { seconds, cpuSeconds: childrenCpuSeconds() - c0, json: r.stdout };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** @param root the package's root, whose dist/ is built and current */
export function measureSweep(root: string, runs: number, pairs = 2, threads = 2): SweepBench {
  const multi: { seconds: number; cpuSeconds: number; json: string }[] = [];
  const one: typeof multi = [];
  for (let i = 0; i < pairs; i++) {
    multi.push(sweepProcess(root, runs, threads));
    one.push(sweepProcess(root, runs, 1));
  }
  const timed = (t: typeof multi, threads: number): Timed => ({
    threads,
    seconds: median(t.map((x) => x.seconds)),
    cpuSeconds: median(t.map((x) => x.cpuSeconds)),
  });
  const m = timed(multi, threads);
  const o = timed(one, 1);
  return {
    runs,
    pairs,
    multi: m,
    one: o,
    speedup: o.seconds / m.seconds,
    identical: [...multi, ...one].every((x) => x.json === multi[0].json),
    loadAverage: loadavg(),
  };
}

export function sweepLines(b: SweepBench): string[] {
  const total = b.runs * 4;
  const cores = (t: Timed) => `CPU ${t.cpuSeconds.toFixed(1)} s (${(t.cpuSeconds / t.seconds).toFixed(2)} cores busy)`;
  const row = (label: string, t: Timed) =>
    `  ${label.padEnd(34)}${t.seconds.toFixed(2)} s wall   ${fmt(total / t.seconds)} runs/s   ${cores(t)}`;
  const workers = b.multi.threads - 1;
  return [
    '',
    `sweep — xenserver-ha/bonded-mirrored-san, 4 settings × ${b.runs} schedules (${total} runs; up to 3 faults; D drawn per schedule), seed 42`,
    `  whole \`hafault sweep\` processes from the build, medians of ${b.pairs} in turn`,
    `${row(`${b.multi.threads} threads (this one + ${workers} worker${workers === 1 ? '' : 's'})`, b.multi)}   target < 10 s`,
    row('1 thread', b.one),
    `  speed-up ${b.speedup.toFixed(2)} × on ${b.multi.threads} threads (target ≥ 1.6 ×); ${fmt(total / b.multi.cpuSeconds)} vs ${fmt(total / b.one.cpuSeconds)} runs per CPU second; identical results: ${b.identical ? 'yes' : 'NO'}`,
    `  load average ${b.loadAverage.map((x) => x.toFixed(1)).join(' ')} (other processes on this machine compete for its cores)`,
  ];
}
