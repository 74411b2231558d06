// How the cost of a run grows with the pool (issue 16: pools as big as the products allow). A
// preset's pool — by default xenserver-ha's `bonded` (two linked switches, bonded management and VM
// networks, two storage paths per host, one protected VM per host) — grown to n hosts by copying its
// first host; the same number of single-fault schedules at every size, simulated and judged by
// every property. Self-contained: one function, `measurePoolSize`, and a table when run.
//   npx tsx bench/poolSize.ts [MODEL [PRESET [SIZES]]]   e.g. vmware-ha <preset> 3,12,24,48,96
//   (HAFAULT_BENCH_RUNS=… schedules per size, default 3000; sizes default 3,12,24,30,31,32,48,64)
import fc from 'fast-check';
import { pathToFileURL } from 'node:url';
import { compileTopology } from '../harness/engine/compile.js';
import { resolveConfig } from '../harness/engine/config.js';
import type { FaultStep } from '../harness/engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../harness/engine/generators.js';
import { Simulation } from '../harness/engine/simulator.js';
import type { Model, WorldView } from '../harness/engine/model.js';
import type { Topology } from '../harness/engine/topology.js';
import { findModel } from '../models/registry.js';
import { checkProperty } from '../properties/index.js';

const MODEL = 'xenserver-ha';
const PRESET = 'bonded';
/** Around one word (31 hosts: the last size whose host sets are numbers) and up to XenServer's 64. */
const SIZES = [3, 12, 24, 30, 31, 32, 48, 64];
const SEED = 42;

/**
 * The preset's pool with `n` hosts: every host (and its storage paths and VMs) a copy of the first.
 * Hosts named in `keep` (not pool members: a gateway a setting points at) stay as they are.
 */
export function grownPool(base: Topology, n: number, keep: readonly string[] = []): Topology {
  const first = base.hosts[0];
  const ids = Array.from({ length: n }, (_, i) => `h${i + 1}`);
  const rename = (s: string, id: string) => s.split(first.id).join(id);
  const kept = (host: string) => host !== first.id && keep.includes(host);
  const storage = base.storage;
  return {
    ...base,
    name: `${base.name}-${n}`,
    hosts: [...ids.map((id) => ({ ...first, id })), ...base.hosts.filter((h) => kept(h.id))],
    ...(storage
      ? {
          storage: {
            ...storage,
            paths: [
              ...ids.flatMap((id) => storage.paths.filter((p) => p.host === first.id).map((p) => ({ ...p, host: id }))),
              ...storage.paths.filter((p) => kept(p.host)),
            ],
          },
        }
      : {}),
    services: [
      ...ids.flatMap((id) =>
        base.services.filter((s) => s.home === first.id).map((s) => ({ ...s, id: rename(s.id, id), home: id })),
      ),
      ...base.services.filter((s) => kept(s.home)),
    ],
  };
}

export interface PoolSizePoint {
  readonly hosts: number;
  readonly agents: number;
  readonly runs: number;
  /** CPU seconds for `runs` schedules, simulation only. */
  readonly simulateSeconds: number;
  /** CPU seconds for `runs` schedules, simulated and judged by every property of the model. */
  readonly runSeconds: number;
  readonly eventsPerRun: number;
  /** Calls of the agents' sense functions per run (load-independent: the part that grows fastest). */
  readonly senseCallsPerRun: number;
}

/** The model with its agents' sense calls counted. */
function countingSenses(model: Model): { model: Model; calls: () => number } {
  let calls = 0;
  const counted: Model = {
    ...model,
    instantiate(topo, config) {
      const inst = model.instantiate(topo, config);
      const agents = inst.agents.map((a) => {
        const sense = a.sense;
        return sense ? { ...a, sense: (view: WorldView) => (calls++, sense(view)) } : a;
      });
      return { ...inst, agents };
    },
  };
  return { model: counted, calls: () => calls };
}

/**
 * CPU seconds (user + system), best of three: a shared machine's load only ever adds time, and it
 * moves wall time far more (two to ten times at load averages of 10–18 on two cores) than CPU time.
 */
function timed(fn: () => void): number {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    fn();
    const used = process.cpuUsage(t0);
    best = Math.min(best, (used.user + used.system) / 1e6);
  }
  return best;
}

export function measurePoolSize(
  sizes: readonly number[] = SIZES,
  runs = Number(process.env.HAFAULT_BENCH_RUNS ?? 3000),
  modelName = MODEL,
  presetName = PRESET,
): PoolSizePoint[] {
  const model = findModel(modelName);
  if (model === undefined) throw new Error(`no model ${modelName}`);
  const preset = model.presets.find((p) => p.name === presetName);
  if (preset === undefined)
    throw new Error(`no preset ${presetName} in ${modelName} (${model.presets.map((p) => p.name).join(', ')})`);
  const config = resolveConfig(model, preset.config ?? {});
  return sizes.map((n) => {
    // Hosts a setting names (vmware-ha's isolation address `gw`) are not pool members: kept, not grown.
    const named = Object.values(config).filter((v): v is string => typeof v === 'string');
    const compiled = compileTopology(grownPool(preset.topology, n, named));
    const arb = scheduleArbitrary(compiled, vocabularyOf(model), {
      kinds: preset.faults ?? model.faults,
      maxFaults: 1,
    });
    const schedules: FaultStep[][] = fc.sample(arb, { seed: SEED, numRuns: runs });
    const counting = countingSenses(model);
    const counted = new Simulation(counting.model, compiled, config);
    let events = 0;
    for (const s of schedules) events += counted.run(s).events;
    const senseCallsPerRun = counting.calls() / runs;
    const sim = new Simulation(model, compiled, config);
    for (const s of schedules) sim.run(s); // JIT warm-up on every path
    const simulateSeconds = timed(() => {
      for (const s of schedules) sim.run(s);
    });
    const runSeconds = timed(() => {
      for (const s of schedules) {
        const run = sim.run(s);
        for (const p of model.properties) checkProperty(p, run, model);
      }
    });
    return {
      hosts: n,
      agents: sim.instance.agents.length,
      runs,
      simulateSeconds,
      runSeconds,
      eventsPerRun: events / runs,
      senseCallsPerRun,
    };
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [modelName = MODEL, presetName = PRESET, sizesArg] = process.argv.slice(2);
  const sizes = sizesArg === undefined ? SIZES : sizesArg.split(',').map(Number);
  const points = measurePoolSize(sizes, undefined, modelName, presetName);
  const base = points[0];
  console.log(
    `${modelName}/${presetName} grown to n hosts, ${base.runs} single-fault schedules per size, seed ${SEED}`,
  );
  console.log('hosts  agents  events/run  sense calls/run  simulate CPU s  simulate+judge CPU s  per host vs 3 hosts');
  for (const p of points) {
    const perHost = p.runSeconds / p.hosts / (base.runSeconds / base.hosts);
    console.log(
      `${String(p.hosts).padStart(5)}  ${String(p.agents).padStart(6)}  ${p.eventsPerRun.toFixed(1).padStart(10)}  ${p.senseCallsPerRun.toFixed(0).padStart(15)}  ${p.simulateSeconds.toFixed(2).padStart(14)}  ${p.runSeconds.toFixed(2).padStart(20)}  ${perHost.toFixed(2).padStart(19)}`,
    );
  }
}
