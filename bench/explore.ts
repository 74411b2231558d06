// Exhaustive-search throughput (a benchmark, not a test): `explore --depth 2` on the mirrored-SAN
// pool, every schedule of up to two faults (it does not stop at the pool's one-fault violations).
// Printed beside a baseline measured in the same process: plain runs of one-fault schedules.
// Run by bench/main.ts (`npm run bench`) or on its own (`npx tsx bench/explore.ts`);
// HAFAULT_BENCH_DEPTH=… changes the depth. The shape is kept plain: `measureExplore` returns
// figures, `exploreLines` prints them.
import { explore } from '../harness/runners/explore/explore.js';
import { Simulation } from '../harness/engine/simulator.js';
import { target } from '../harness/runners/testing.js';
import { fmt } from './measure.js';

export const DEPTH = Number(process.env.HAFAULT_BENCH_DEPTH ?? 2);

export interface ExploreBench {
  readonly depth: number;
  /** What `explore` printed about its search: fault choices, heartbeat, phase classes. */
  readonly header: string;
  readonly schedules: number;
  readonly distinctStates: number;
  readonly runs: number;
  readonly events: number;
  readonly wallSeconds: number;
  /** CPU time of this process during the search: what one core gave it on a shared machine. */
  readonly cpuSeconds: number;
  /** Distinct states per CPU second (the figure). */
  readonly distinctStatesPerSecond: number;
  readonly baselineRunsPerSecond: number;
  readonly baselineEventsPerSecond: number;
  /** Shortest violation per property, as `name (length)`. */
  readonly violations: string;
}

const cpuSecondsOf = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** A plain simulation (`check`'s inner loop) of one-fault schedules, without judging: runs and events per CPU second. */
function baseline(t: ReturnType<typeof target>, n: number): { runs: number; events: number } {
  const sim = new Simulation(t.model, t.compiled, t.config);
  const one = t.compiled.nics.map((nic, i) => [
    { at: 10_000 + (i % 7) * 1000, fault: 'nic-down' as const, target: nic.id },
  ]);
  const c0 = process.cpuUsage();
  let events = 0;
  for (let i = 0; i < n; i++) events += sim.run(one[i % one.length]).events;
  const seconds = cpuSecondsOf(process.cpuUsage(c0));
  return { runs: n / seconds, events: events / seconds };
}

export function measureExplore(depth = DEPTH): ExploreBench {
  const t = target('xenserver-ha', 'bonded-mirrored-san');
  explore(t, { depth: 1, keepGoing: true }); // warms the JIT up on a smaller exploration
  const c0 = process.cpuUsage();
  const r = explore(t, { depth, keepGoing: true });
  const cpuSeconds = cpuSecondsOf(process.cpuUsage(c0));
  const s = r.stats;
  const base = baseline(t, 20_000);
  return {
    depth,
    header: `${r.choices} fault choices, heartbeat ${r.timing.periodMs} ms, ${r.timing.phaseThresholds.length} phase classes`,
    schedules: s.schedules,
    distinctStates: s.distinctStates,
    runs: s.runs,
    events: s.events,
    wallSeconds: s.seconds,
    cpuSeconds,
    distinctStatesPerSecond: s.distinctStates / cpuSeconds,
    baselineRunsPerSecond: base.runs,
    baselineEventsPerSecond: base.events,
    violations: r.violations.map((v) => `${v.property} (${v.schedule.length})`).join(', '),
  };
}

export function exploreLines(b: ExploreBench): string[] {
  const rows: [string, string][] = [
    [`schedules (depth ≤ ${b.depth}, every fault × instant)`, fmt(b.schedules)],
    ['distinct states', fmt(b.distinctStates)],
    ['runs simulated (the rest merged into an explored state)', fmt(b.runs)],
    ['wall time / CPU time', `${b.wallSeconds.toFixed(2)} s / ${b.cpuSeconds.toFixed(2)} s`],
    ['schedules/s (per CPU second)', fmt(b.schedules / b.cpuSeconds)],
    ['distinct states/s (per CPU second; target ≥ 100 k)', fmt(b.distinctStatesPerSecond)],
    ['simulated events/s inside explore', fmt(b.events / b.cpuSeconds)],
    ['baseline: plain one-fault runs/s (no judging)', fmt(b.baselineRunsPerSecond)],
    ['baseline: simulated events/s', fmt(b.baselineEventsPerSecond)],
    ['distinct states per baseline run time', (b.distinctStatesPerSecond / b.baselineRunsPerSecond).toFixed(2)],
  ];
  return [
    `explore --depth ${b.depth} on xenserver-ha/bonded-mirrored-san (${b.header})`,
    ...rows.map(([k, v]) => `  ${k.padEnd(58)} ${v}`),
    `  violations (shortest per property): ${b.violations}`,
  ];
}

// Run on its own (`npx tsx bench/explore.ts`, as docs/performance.md does), it prints its lines.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1])
  console.log(exploreLines(measureExplore()).join('\n'));
