// The sweep benchmark: 4 settings × 10 000 schedules on the mirrored-SAN pool (XS-12's sweep: T over
// 30/60/90/120 s, the hard-failover time drawn per schedule from 90–120 s, up to three faults of the
// preset's kinds), on every core and then on one, in the same process so the ratio survives a busy
// machine. Peak RSS covers the worker threads too (they live in this process).
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { findModel } from '../models/registry.js';
import { parseSweepSets } from '../harness/runners/sweep/settings.js';
import { planSweep, runSweep } from '../harness/runners/sweep/sweep.js';

const fmt = (n: number) => (n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0));
const rssMiB = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);
/** The live heap after a full collection (needs --expose-gc, which `npm run bench` passes). */
function liveHeapMiB(): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return 'n/a (run with --expose-gc)';
  gc();
  return `${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)} MiB`;
}

export async function benchSweep(runs: number): Promise<void> {
  const model = findModel('xenserver-ha')!;
  const preset = model.presets.find((p) => p.name === 'bonded-mirrored-san')!;
  const plan = (n: number) =>
    planSweep({
      model,
      preset,
      settings: parseSweepSets(model, ['profile=seed-2009', 'hardFailoverMs=90s..120s', 'timeoutMs=30s,60s,90s,120s']),
      properties: model.properties,
      kinds: preset.faults!,
      maxFaults: 3,
      repairs: true,
      runs: n,
      seed: 42,
      baseline: false,
    });
  const warm = Math.max(1, Math.floor(runs / 10));
  await runSweep(plan(warm), { threads: 1 }); // warms this thread's JIT up
  const heapAfterWarm = liveHeapMiB();
  const threads = availableParallelism();
  const timed = async (threads: number) => {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const r = await runSweep(plan(runs), { threads, recommend: 'noUnnecessaryFence' });
    const cpu = process.cpuUsage(c0);
    return { seconds: (performance.now() - t0) / 1000, cpuSeconds: (cpu.user + cpu.system) / 1e6, result: r };
  };
  // CPU seconds count every thread of this process: on a shared machine they show how much of the
  // cores the sweep actually got (cores busy = CPU / wall), which the wall time alone hides.
  const cores = (t: { seconds: number; cpuSeconds: number }) =>
    `CPU ${t.cpuSeconds.toFixed(1)} s (${(t.cpuSeconds / t.seconds).toFixed(2)} cores busy)`;
  const all = await timed(threads);
  const rssAfterAll = rssMiB();
  const one = await timed(1);
  const heapAfterAll = liveHeapMiB();
  const total = runs * 4;
  const same = JSON.stringify(all.result) === JSON.stringify(one.result);
  console.log('');
  console.log(
    `sweep — xenserver-ha/bonded-mirrored-san, 4 settings × ${runs} schedules (${total} runs; up to 3 faults; D drawn per schedule), seed 42`,
  );
  console.log(
    `  ${threads} threads (this one + ${threads - 1} worker${threads === 2 ? '' : 's'})     ${all.seconds.toFixed(2)} s wall   ${fmt(total / all.seconds)} runs/s   ${cores(all)}   target < 10 s`,
  );
  console.log(
    `  1 thread                        ${one.seconds.toFixed(2)} s wall   ${fmt(total / one.seconds)} runs/s   ${cores(one)}`,
  );
  console.log(
    `  speed-up ${(one.seconds / all.seconds).toFixed(2)} × on ${threads} cores; ${fmt(total / all.cpuSeconds)} vs ${fmt(total / one.cpuSeconds)} runs per CPU second; identical results: ${same ? 'yes' : 'NO'}`,
  );
  console.log(
    `  load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (other processes on this machine compete for its cores)`,
  );
  console.log(`  peak RSS ${rssAfterAll} MiB after the ${threads}-thread sweep, ${rssMiB()} MiB at the end`);
  console.log(
    `  live heap after GC: ${heapAfterWarm} after a sweep of ${warm} schedules, ${heapAfterAll} after both of ${runs} (flat: tallies only, no per-run record)`,
  );
}
