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

/** One property's own search from run 0: the reference `searchProperties` must agree with (search.test.ts). */
export function searchProperty(target: Target, property: PropertyName, options: SearchOptions): PropertyResult {
  const { sim, arbitrary } = searchParts(target, options);
  const judge = propertyJudge(sim, target, property, options.onRun);
  const details = fc.check(fc.property(arbitrary, judge.predicate), {
    seed: options.seed,
    numRuns: options.runs,
    path: options.path,
    endOnFailure: false,
  });
  return conclude(sim, target, property, options.seed, details, judge, details.numRuns);
}

/**
 * Every property searched on one simulation per schedule: a pass over the `runs` schedules judges each
 * property on the same run and notes its first failing run; each property that failed is then shrunk
 * alone by replaying fast-check from that run (`path`), which reproduces its own search exactly:
 * the same schedule, path, shrinks and run count as `searchProperty`, at a fraction of the runs.
 * `onRun` is called per schedule of the pass and per shrinking run.
 */
export function searchProperties(
  target: Target,
  properties: readonly PropertyName[],
  options: SearchOptions,
): PropertyResult[] {
  if (options.path !== undefined) return properties.map((p) => searchProperty(target, p, options));
  const { sim, arbitrary } = searchParts(target, options);
  const firsts = firstFailures(sim, arbitrary, target, properties, options);
  return properties.map((property) => {
    const first = firsts.failedAt.get(property);
    if (first === undefined) {
      const unknown = firsts.unknown.get(property);
      return { property, status: unknown ? 'unknown' : 'holds', runs: options.runs, unknown };
    }
    const judge = propertyJudge(sim, target, property, options.onRun);
    const details = fc.check(fc.property(arbitrary, judge.predicate), {
      seed: options.seed,
      numRuns: options.runs,
      path: String(first),
      endOnFailure: false,
    });
    if (!details.failed) throw new Error(`run ${first} failed ${property} once and not again: not deterministic`);
    return conclude(sim, target, property, options.seed, details, judge, first + 1);
  });
}

type ScheduleArbitrary = ReturnType<typeof scheduleArbitrary>;

function searchParts(target: Target, options: SearchOptions): { sim: Simulation; arbitrary: ScheduleArbitrary } {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const arbitrary = scheduleArbitrary(target.compiled, vocabularyOf(target.model), {
    kinds: options.kinds ?? target.faults,
    maxFaults: options.maxFaults,
    repairs: options.repairs,
  });
  return { sim, arbitrary };
}

interface FirstFailures {
  /** Per property, the index of the first run that failed it (a violation, a run that never settles, an error). */
  readonly failedAt: Map<PropertyName, number>;
  /** Per property that never failed, the first `unknown` explanation. */
  readonly unknown: Map<PropertyName, string>;
}

/** The pass: every schedule simulated once, every property still unfailed judged on its run. */
function firstFailures(
  sim: Simulation,
  arbitrary: ScheduleArbitrary,
  target: Target,
  properties: readonly PropertyName[],
  options: SearchOptions,
): FirstFailures {
  const failedAt = new Map<PropertyName, number>();
  const unknown = new Map<PropertyName, string>();
  const failAll = (index: number) => properties.forEach((p) => failedAt.has(p) || failedAt.set(p, index));
  let index = -1;
  fc.check(
    fc.property(arbitrary, (schedule) => {
      index++;
      options.onRun?.();
      // Every property failed already: the rest of the pass would decide nothing.
      if (failedAt.size === properties.length) return true;
      let run: RunResult;
      try {
        run = sim.run(schedule);
      } catch {
        // A run that never settles fails every property's own search there; so does any other error.
        failAll(index);
        return true;
      }
      for (const property of properties) {
        if (failedAt.has(property)) continue;
        const verdict = checkProperty(property, run, target.model);
        if (verdict.status === 'violated') failedAt.set(property, index);
        else if (verdict.status === 'unknown' && !unknown.has(property)) unknown.set(property, verdict.explanation);
      }
      return true;
    }),
    { seed: options.seed, numRuns: options.runs, endOnFailure: false },
  );
  return { failedAt, unknown };
}

interface Judge {
  readonly predicate: (schedule: FaultStep[]) => boolean;
  /** The kind of the first failure, which decides what is shrunk. */
  found(): 'violated' | 'oscillating' | null;
  unknown(): string | undefined;
}

/** One property's fast-check predicate, as its own search runs it. */
function propertyJudge(sim: Simulation, target: Target, property: PropertyName, onRun?: () => void): Judge {
  let unknown: string | undefined;
  // The first failure decides what is shrunk: a violation shrinks to a violation, a run that never
  // settles to one that never settles.
  let found: 'violated' | 'oscillating' | null = null;
  const fails = (kind: 'violated' | 'oscillating') => {
    found ??= kind;
    return found !== kind;
  };
  const predicate = (schedule: FaultStep[]) => {
    onRun?.();
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
  };
  return { predicate, found: () => found, unknown: () => unknown };
}

/** A search's result from fast-check's details: the shrunk failure run again in full, and judged. */
function conclude(
  sim: Simulation,
  target: Target,
  property: PropertyName,
  seed: number,
  details: fc.RunDetails<[FaultStep[]]>,
  judge: Judge,
  runs: number,
): PropertyResult {
  if (!details.failed || details.counterexample === null) {
    const unknown = judge.unknown();
    return { property, status: unknown ? 'unknown' : 'holds', runs, unknown };
  }
  const schedule = details.counterexample[0];
  // The seed as given: fast-check reports it folded to 32 signed bits (4294967295 as -1), which --seed refuses.
  const shrunk = { seed, path: details.counterexamplePath ?? '', shrinks: details.numShrinks };
  const found = judge.found();
  let run: RunResult;
  try {
    run = sim.run(schedule, { level: 'full' });
  } catch (error) {
    const o = oscillationOf(error);
    if (o === null || found !== 'oscillating') throw error;
    return { property, status: 'oscillating', runs, oscillation: { ...o, schedule, ...shrunk } };
  }
  const verdict = checkProperty(property, run, target.model);
  if (verdict.status !== 'violated') {
    throw new Error(
      `counterexample for ${property} did not ${found === 'oscillating' ? 'oscillate' : 'violate it'} again: the simulator is not deterministic`,
    );
  }
  return { property, status: 'violated', runs, counterexample: { schedule, verdict, ...shrunk, run } };
}
