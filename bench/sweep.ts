// The sweep benchmark: 4 settings × 10 000 schedules on the mirrored-SAN pool (XS-12's sweep: T over
// 30/60/90/120 s, the hard-failover time drawn per schedule from 90–120 s, up to three faults of the
// preset's kinds), on two threads and then on one, in the same process so the ratio survives a busy
// machine. It runs the package's build (dist/index.js's `sweep`, the CLI in-process), whose worker
// threads start from dist/ as a user's do, not through tsx. Peak RSS covers the worker threads too
// (they live in this process). Run by bench/main.ts.
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/** What the benchmark uses of the package's entry (scripts sit below the API layer: no import of its types). */
interface Api {
  sweep(options: Record<string, unknown>): Promise<{ readonly exitCode: number; readonly result: unknown }>;
}

const fmt = (n: number) => (n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
const rssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
/** The live heap after a full collection (needs --expose-gc, which `npm run bench` passes). */
function liveHeapMiB(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return 'n/a (run with --expose-gc)';
  gc();
  return `${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`;
}

const options = (runs: number, threads: number) => ({
  model: 'xenserver-ha',
  preset: 'bonded-mirrored-san',
  set: { profile: 'seed-2009', hardFailoverMs: '90s..120s', timeoutMs: ['30s', '60s', '90s', '120s'] },
  maxFaults: 3,
  runs,
  seed: 42,
  recommend: 'noUnnecessaryFence',
  threads,
});

/** One sweep through the bundle's API; throws unless it ran (exit 0 or 1). */
async function sweepOnce(api: Api, runs: number, threads: number) {
  const answer = await api.sweep(options(runs, threads));
  if (answer.exitCode > 1) throw new Error(`the benchmark's sweep exited ${answer.exitCode}`);
  return answer.result;
}

interface Timed {
  readonly threads: number;
  readonly seconds: number;
  /** Every thread of this process: CPU / wall is how many cores the sweep got on a shared machine. */
  readonly cpuSeconds: number;
  readonly rssMiB: string;
}

export interface SweepBench {
  readonly runs: number;
  readonly multi: Timed;
  readonly one: Timed;
  /** One thread's wall time over the multi-thread sweep's. */
  readonly speedup: number;
  readonly identical: boolean;
  readonly loadAverage: readonly number[];
  readonly heapAfterWarm: string;
  readonly heapAfterAll: string;
}

/** @param root the package's root, whose dist/ is built and current */
export async function measureSweep(root: string, runs: number, threads = 2): Promise<SweepBench> {
  const api = (await import(pathToFileURL(join(root, 'dist', 'index.js')).href)) as Api;
  await sweepOnce(api, Math.max(1, Math.floor(runs / 10)), 1); // warms this thread's JIT up
  const heapAfterWarm = liveHeapMiB();
  const timed = async (threads: number) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const result = await sweepOnce(api, runs, threads);
    const cpu = process.cpuUsage(c0);
    const t = { threads, seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
    return { ...t, rssMiB: rssMiB(), result };
  };
  const multi = await timed(threads);
  const one = await timed(1);
  return {
    runs,
    multi,
    one,
    speedup: one.seconds / multi.seconds,
    identical: JSON.stringify(multi.result) === JSON.stringify(one.result),
    loadAverage: loadavg(),
    heapAfterWarm,
    heapAfterAll: liveHeapMiB(),
  };
}

export function sweepLines(b: SweepBench): string[] {
  const total = b.runs * 4;
  const cores = (t: Timed) => `CPU ${t.cpuSeconds.toFixed(1)} s (${(t.cpuSeconds / t.seconds).toFixed(2)} cores busy)`;
  const row = (label: string, t: Timed) =>
    `  ${label.padEnd(32)}${t.seconds.toFixed(2)} s wall   ${fmt(total / t.seconds)} runs/s   ${cores(t)}`;
  const workers = b.multi.threads - 1;
  return [
    '',
    `sweep — xenserver-ha/bonded-mirrored-san, 4 settings × ${b.runs} schedules (${total} runs; up to 3 faults; D drawn per schedule), seed 42`,
    `${row(`${b.multi.threads} threads (this one + ${workers} worker${workers === 1 ? '' : 's'})`, b.multi)}   target < 10 s`,
    row('1 thread', b.one),
    `  speed-up ${b.speedup.toFixed(2)} × on ${b.multi.threads} threads (target ≥ 1.6 ×); ${fmt(total / b.multi.cpuSeconds)} vs ${fmt(total / b.one.cpuSeconds)} runs per CPU second; identical results: ${b.identical ? 'yes' : 'NO'}`,
    `  load average ${b.loadAverage.map((x) => x.toFixed(1)).join(' ')} (other processes on this machine compete for its cores)`,
    `  peak RSS ${b.multi.rssMiB} MiB after the ${b.multi.threads}-thread sweep, ${b.one.rssMiB} MiB at the end`,
    `  live heap after GC: ${b.heapAfterWarm} after a sweep of ${Math.max(1, Math.floor(b.runs / 10))} schedules, ${b.heapAfterAll} after both of ${b.runs} (flat: tallies only, no per-run record)`,
  ];
}
