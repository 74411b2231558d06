// Random search for a property violation with fast-check, and shrinking of what it finds. One seed
// reproduces the whole search; the failing run's {seed, path} replays it without searching.
import fc from 'fast-check';
import { checkProperty, type Verdict } from '../../properties/index.js';
import type { FaultName, FaultStep } from '../engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../engine/generators.js';
import type { PropertyName } from '../engine/model.js';
import { oscillationOf, type OscillationFinding } from '../engine/oscillation.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import type { Target } from '../engine/target.js';

export interface SearchOptions {
  readonly runs: number;
  readonly seed: number;
  readonly maxFaults: number;
  /** Restrict the fault kinds (default: the target's). */
  readonly kinds?: readonly FaultName[];
  readonly repairs?: boolean;
  /** Replay one run of a previous search instead of searching. */
  readonly path?: string;
  /** Called as each run starts (shrinking runs included), for a progress display. */
  readonly onRun?: () => void;
}

export interface Counterexample {
  readonly schedule: readonly FaultStep[];
  readonly verdict: Verdict & { status: 'violated' };
  readonly seed: number;
  readonly path: string;
  readonly shrinks: number;
  readonly run: RunResult;
}

/** A schedule whose run never settles, shrunk like a counterexample. */
export interface OscillatingSchedule extends OscillationFinding {
  readonly seed: number;
  readonly path: string;
  readonly shrinks: number;
}

export interface PropertyResult {
  readonly property: PropertyName;
  /** `oscillating`: a run never settled, so the property could not be judged on it. */
  readonly status: 'holds' | 'violated' | 'unknown' | 'oscillating';
  readonly runs: number;
  readonly counterexample?: Counterexample;
  readonly oscillation?: OscillatingSchedule;
  /** Why a checker could not decide (for `unknown`). */
  readonly unknown?: string;
}

export function searchProperty(target: Target, property: PropertyName, options: SearchOptions): PropertyResult {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const arbitrary = scheduleArbitrary(target.compiled, vocabularyOf(target.model), {
    kinds: options.kinds ?? target.faults,
    maxFaults: options.maxFaults,
    repairs: options.repairs,
  });
  let unknown: string | undefined;
  // The first failure decides what is shrunk: a violation shrinks to a violation, a run that never
  // settles to one that never settles.
  let found: 'violated' | 'oscillating' | null = null;
  const fails = (kind: 'violated' | 'oscillating') => {
    found ??= kind;
    return found !== kind;
  };
  const details = fc.check(
    fc.property(arbitrary, (schedule) => {
      options.onRun?.();
      let run: RunResult;
      try {
        run = sim.run(schedule);
      } catch (error) {
        if (oscillationOf(error) === null) throw error;
        return fails('oscillating');
      }
      const verdict = checkProperty(property, run, target.model);
      if (verdict.status === 'unknown') unknown ??= verdict.explanation;
      return verdict.status !== 'violated' || fails('violated');
    }),
    { seed: options.seed, numRuns: options.runs, path: options.path, endOnFailure: false },
  );
  if (!details.failed || details.counterexample === null) {
    return { property, status: unknown ? 'unknown' : 'holds', runs: details.numRuns, unknown };
  }
  const schedule = details.counterexample[0];
  // The seed as given: fast-check reports it folded to 32 signed bits (4294967295 as -1), which --seed refuses.
  const shrunk = { seed: options.seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks };
  let run: RunResult;
  try {
    run = sim.run(schedule, { level: 'full' });
  } catch (error) {
    const o = oscillationOf(error);
    if (o === null || found !== 'oscillating') throw error;
    return { property, status: 'oscillating', runs: details.numRuns, oscillation: { ...o, schedule, ...shrunk } };
  }
  const verdict = checkProperty(property, run, target.model);
  if (verdict.status !== 'violated') {
    throw new Error(
      `counterexample for ${property} did not ${found === 'oscillating' ? 'oscillate' : 'violate it'} again: the simulator is not deterministic`,
    );
  }
  return { property, status: 'violated', runs: details.numRuns, counterexample: { schedule, verdict, ...shrunk, run } };
}
