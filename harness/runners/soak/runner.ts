// Runs a slice of one soak target's schedules: one simulation per schedule, every property of the
// model judged on it. The same code runs inline and in each worker; schedule i of a target is a
// function of (target sub-seed, i) alone, so a slice's tally does not depend on the thread.
import fc from 'fast-check';
import { checkProperty } from '../../../properties/index.js';
import { compileTopology, type CompiledTopology } from '../../engine/compile.js';
import { resolveConfig } from '../../engine/config.js';
import type { FaultStep } from '../../engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../../engine/generators.js';
import type { Config, Model, Preset } from '../../engine/model.js';
import { findCatalogued } from '../userModels/catalogue.js';
import { Simulation } from '../../engine/simulator.js';
import { mix32 } from '../sweep/draw.js';
import type { SoakPlan, SoakTarget } from './plan.js';
import { explainedBy } from './claims.js';
import { emptyTargetTally, type TargetTally } from './tally.js';

export interface SoakSlice {
  /** Index into plan.targets. */
  readonly target: number;
  readonly from: number;
  readonly to: number;
}

export interface SliceTally {
  readonly target: number;
  readonly tally: TargetTally;
}

/** Everything one target's runs need, built once per thread. */
export interface TargetBench {
  readonly target: SoakTarget;
  readonly model: Model;
  readonly preset: Preset;
  readonly compiled: CompiledTopology;
  readonly config: Config;
  readonly arbitrary: fc.Arbitrary<FaultStep[]>;
  readonly simulation: Simulation;
}

/**
 * How schedule `index` of a target is drawn: its own fast-check seed, and fast-check's bias toward
 * small values (early instants, first targets, coincident faults: a search's knife edges) on even
 * indices, the plain distribution on odd ones. `fc.check` with the same parameters draws the same
 * value first, which is how a finding is shrunk.
 */
export function drawParameters(target: SoakTarget, index: number): { seed: number; unbiased: boolean } {
  return { seed: mix32(target.seed, index) | 0, unbiased: index % 2 === 1 };
}

export class SoakRunner {
  private readonly benches: (TargetBench | undefined)[];

  constructor(readonly plan: SoakPlan) {
    this.benches = plan.targets.map(() => undefined);
  }

  bench(index: number): TargetBench {
    const cached = this.benches[index];
    if (cached) return cached;
    const target = this.plan.targets[index];
    const model = findCatalogued(target.model);
    const preset = model?.presets.find((p) => p.name === target.preset);
    if (!model || !preset)
      throw new Error(`soak plan names an unknown model or preset: ${target.model}/${target.preset}`);
    const compiled = compileTopology(preset.topology);
    const config = resolveConfig(model, preset.config ?? {}, target.values);
    const arbitrary = scheduleArbitrary(compiled, vocabularyOf(model), {
      kinds: preset.faults ?? model.faults,
      maxFaults: this.plan.maxFaults,
      repairs: this.plan.repairs,
    });
    const bench = {
      target,
      model,
      preset,
      compiled,
      config,
      arbitrary,
      simulation: new Simulation(model, compiled, config),
    };
    this.benches[index] = bench;
    return bench;
  }

  schedule(target: number, index: number): FaultStep[] {
    const bench = this.bench(target);
    return fc.sample(bench.arbitrary, { ...drawParameters(bench.target, index), numRuns: 1 })[0];
  }

  runSlice(slice: SoakSlice): SliceTally {
    const bench = this.bench(slice.target);
    const properties = bench.target.properties;
    const { clean, cleanFaults, known } = bench.target;
    const tally = emptyTargetTally(properties.length, known.length);
    for (let i = slice.from; i < slice.to; i++) {
      const schedule = this.schedule(slice.target, i);
      tally.runs++;
      let run;
      try {
        run = bench.simulation.run(schedule);
      } catch (error) {
        tally.crashes++;
        if (tally.firstCrash < 0) {
          tally.firstCrash = i;
          tally.crashMessage = (error as Error).message;
        }
        continue;
      }
      properties.forEach((p, k) => {
        const verdict = checkProperty(p, run, bench.model);
        const t = tally.properties[k];
        if (verdict.status === 'violated') {
          t.violations++;
          const by = clean.includes(p) ? explainedBy(known, cleanFaults, p, schedule, verdict.explanation) : -1;
          if (by >= 0) {
            t.explained++;
            t.known[by]++;
          } else if (t.first < 0) t.first = i;
        } else if (verdict.status === 'unknown') {
          t.unknown++;
          if (t.firstUnknown < 0) {
            t.firstUnknown = i;
            t.unknownReason = verdict.explanation;
          }
        }
      });
    }
    return { target: slice.target, tally };
  }
}
