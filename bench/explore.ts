// Exhaustive-search throughput (a benchmark, not a test): `explore --depth 2` on the mirrored-SAN
// pool, every schedule of up to two faults (it does not stop at the pool's one-fault violations).
// Printed beside a baseline measured in the same process: plain runs of one-fault schedules.
//   npx tsx bench/explore.ts            (HAFAULT_BENCH_DEPTH=… to change the depth)
import { explore } from '../harness/runners/explore/explore.js';
import { Simulation } from '../harness/engine/simulator.js';
import { target } from '../harness/runners/testing.js';

const DEPTH = Number(process.env.HAFAULT_BENCH_DEPTH ?? 2);
const t = target('xenserver-ha', 'bonded-mirrored-san');
const fmt = (n: number) =>
  n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} k` : n.toFixed(0);

// Warm up the JIT on a smaller exploration.
explore(t, { depth: 1, keepGoing: true });

// CPU time as well as wall time: the machine is shared, and CPU time is what one core gave us.
const cpu0 = process.cpuUsage();
const r = explore(t, { depth: DEPTH, keepGoing: true });
const cpu1 = process.cpuUsage(cpu0);
const cpuSeconds = (cpu1.user + cpu1.system) / 1e6;
const s = r.stats;

// Baseline: a plain simulation (`check`'s inner loop) of one-fault schedules, without judging.
const sim = new Simulation(t.model, t.compiled, t.config);
const one = t.compiled.nics.map((n, i) => [{ at: 10_000 + (i % 7) * 1000, fault: 'nic-down' as const, target: n.id }]);
const N = 20_000;
const c0 = process.cpuUsage();
let events = 0;
for (let i = 0; i < N; i++) events += sim.run(one[i % one.length]).events;
const c1 = process.cpuUsage(c0);
const baseSeconds = (c1.user + c1.system) / 1e6;

const rows: [string, string][] = [
  ['schedules (depth ≤ ' + DEPTH + ', every fault × instant)', fmt(s.schedules)],
  ['distinct states', fmt(s.distinctStates)],
  ['runs simulated (the rest merged into an explored state)', fmt(s.runs)],
  ['wall time / CPU time', `${s.seconds.toFixed(2)} s / ${cpuSeconds.toFixed(2)} s`],
  ['schedules/s (per CPU second)', fmt(s.schedules / cpuSeconds)],
  ['distinct states/s (per CPU second; target ≥ 100 k)', fmt(s.distinctStates / cpuSeconds)],
  ['simulated events/s inside explore', fmt(s.events / cpuSeconds)],
  ['baseline: plain one-fault runs/s (no judging)', fmt(N / baseSeconds)],
  ['baseline: simulated events/s', fmt(events / baseSeconds)],
  ['distinct states per baseline run time', (s.distinctStates / cpuSeconds / (N / baseSeconds)).toFixed(2)],
];
process.stdout.write(
  `explore --depth ${DEPTH} on xenserver-ha/bonded-mirrored-san (${r.choices} fault choices, heartbeat ${r.timing.periodMs} ms, ${r.timing.phaseThresholds.length} phase classes)\n`,
);
for (const [k, v] of rows) process.stdout.write(`  ${k.padEnd(58)} ${v}\n`);
process.stdout.write(
  `  violations (shortest per property): ${r.violations.map((v) => `${v.property} (${v.schedule.length})`).join(', ')}\n`,
);
