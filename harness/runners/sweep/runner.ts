// Runs a slice of a sweep's schedule indices against every setting and tallies what happened. The
// same code runs inline and inside each worker; a slice's result depends only on the plan and the
// indices, never on which thread ran it.
import type fc from 'fast-check';
import { checkProperty } from '../../../properties/index.js';
import { runMetrics } from '../../../properties/metrics.js';
import { compileTopology, type CompiledTopology } from '../../engine/compile.js';
import { resolveConfig } from '../../engine/config.js';
import type { FaultStep } from '../../engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../../engine/generators.js';
import type { Config, Model, Preset } from '../../engine/model.js';
import { findCatalogued } from '../userModels/catalogue.js';
import { loadTopologyFile } from '../topologyFile/load.js';
import { presetOfLoaded } from '../topologyFile/target.js';
import { oscillationOf, type OscillationFinding } from '../../engine/oscillation.js';
import { Simulation, type RunResult } from '../../engine/simulator.js';
import { drawEnvironment, drawSchedule } from './draw.js';
import type { SweepPlan } from './plan.js';
import { emptyTally, tallyFlips, tallyRun, type Status, type SweepTally } from './tally.js';

/** A sweep run that never settled: schedule `index` at setting `setting` (an index into the plan's settings). */
export interface SweepOscillationFound extends OscillationFinding {
  readonly index: number;
  readonly setting: number;
}

/** Thrown by a slice at its first run that never settles; the sweep stops and reports the first of them. */
export class SweepOscillation extends Error {
  constructor(readonly found: SweepOscillationFound) {
    super(`sweep run ${found.index} at setting ${found.setting} never settles: ${found.reason}`);
  }
}

/**
 * Simulations kept for reuse across runs with equal settings (environment draws repeat: a 90–120 s
 * range has 31 values). Building one costs about a run; the bound keeps memory flat for wide ranges.
 */
const SIMULATION_CACHE = 256;

export class SweepRunner {
  readonly model: Model;
  readonly preset: Preset;
  readonly compiled: CompiledTopology;
  private readonly arbitrary: fc.Arbitrary<FaultStep[]>;
  private readonly simulations = new Map<string, Simulation>();
  /** Without environment ranges, one simulation per setting for the whole sweep. */
  private readonly perSetting: readonly Simulation[] | null;

  constructor(readonly plan: SweepPlan) {
    const model = findCatalogued(plan.model);
    const preset =
      plan.topologyFile !== undefined
        ? presetOfLoaded(loadTopologyFile(plan.topologyFile))
        : model?.presets.find((p) => p.name === plan.preset);
    if (!model || !preset) throw new Error(`sweep plan names an unknown model or preset: ${plan.model}/${plan.preset}`);
    this.model = model;
    this.preset = preset;
    this.compiled = compileTopology(preset.topology);
    this.arbitrary = scheduleArbitrary(this.compiled, vocabularyOf(model), {
      kinds: plan.kinds,
      maxFaults: plan.maxFaults,
      repairs: plan.repairs,
    });
    this.perSetting =
      plan.ranges.length === 0
        ? plan.settings.map((_, s) => new Simulation(model, this.compiled, this.config(s, 0)))
        : null;
  }

  schedule(index: number): FaultStep[] {
    return drawSchedule(this.arbitrary, this.plan.seed, index);
  }

  environment(index: number): Record<string, number> {
    return drawEnvironment(this.plan.ranges, this.plan.seed, index);
  }

  /** The resolved settings of one setting on run `index` (its environment draw included). */
  config(setting: number, index: number): Config {
    return resolveConfig(
      this.model,
      this.preset.config ?? {},
      this.plan.fixed,
      this.plan.settings[setting].values,
      this.environment(index),
    );
  }

  private simulation(config: Config): Simulation {
    const key = JSON.stringify(config);
    let sim = this.simulations.get(key);
    if (!sim) {
      if (this.simulations.size >= SIMULATION_CACHE) this.simulations.clear();
      sim = new Simulation(this.model, this.compiled, config);
      this.simulations.set(key, sim);
    }
    return sim;
  }

  /** One run with its full trace (for the trace file of a flip). */
  fullRun(setting: number, index: number): RunResult {
    return this.simulation(this.config(setting, index)).run(this.schedule(index), { level: 'full' });
  }

  /** Runs indices [from, to) against every setting. */
  runRange(from: number, to: number): SweepTally {
    const plan = this.plan;
    const tally = emptyTally(plan);
    const statuses: Status[][] = plan.settings.map(() => []);
    for (let i = from; i < to; i++) {
      const schedule = this.schedule(i);
      for (let s = 0; s < plan.settings.length; s++) {
        const sim = this.perSetting ? this.perSetting[s] : this.simulation(this.config(s, i));
        const run = runOrStop(sim, schedule, i, s);
        const st = plan.properties.map((p) => checkProperty(p, run, this.model).status);
        statuses[s] = st;
        tallyRun(tally.settings[s], st, runMetrics(run));
      }
      tallyFlips(
        tally,
        plan,
        statuses,
        i,
        schedule.length,
        schedule.length === 0 ? 0 : schedule[schedule.length - 1].at,
      );
    }
    return tally;
  }
}

function runOrStop(sim: Simulation, schedule: readonly FaultStep[], index: number, setting: number): RunResult {
  try {
    return sim.run(schedule);
  } catch (error) {
    const o = oscillationOf(error);
    if (o === null) throw error;
    throw new SweepOscillation({ ...o, schedule, index, setting });
  }
}
