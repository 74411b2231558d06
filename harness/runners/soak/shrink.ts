// Shrinks a soak finding with fast-check's shrinker: `fc.check` with the schedule's own draw
// parameters and one run draws exactly the schedule the soak ran, fails on it, and shrinks it.
import fc from 'fast-check';
import { checkProperty, type Verdict } from '../../../properties/index.js';
import type { FaultStep } from '../../engine/faults/index.js';
import type { PropertyName } from '../../engine/model.js';
import type { RunResult } from '../../engine/simulator.js';
import { explainedBy } from './claims.js';
import { drawParameters, type SoakRunner } from './runner.js';

export interface Shrunk {
  readonly schedule: readonly FaultStep[];
  /** The draw's fast-check seed and the path to the shrunk value (fc.check `seed`/`path`). */
  readonly seed: number;
  readonly path: string;
  readonly shrinks: number;
}

export interface ShrunkViolation extends Shrunk {
  readonly verdict: Verdict & { status: 'violated' };
  /** The shrunk schedule's run, fully traced (for its trace file). */
  readonly run: RunResult;
}

export interface ShrunkCrash extends Shrunk {
  readonly message: string;
}

function shrinkWhere(
  runner: SoakRunner,
  target: number,
  index: number,
  fails: (schedule: FaultStep[]) => boolean,
): Shrunk {
  const bench = runner.bench(target);
  const { seed, unbiased } = drawParameters(bench.target, index);
  const details = fc.check(
    fc.property(bench.arbitrary, (schedule) => !fails(schedule)),
    { seed, unbiased, numRuns: 1, endOnFailure: false },
  );
  if (!details.failed || details.counterexample === null) {
    throw new Error(
      `${bench.target.id}: schedule ${index} did not fail again when redrawn: the draw or the simulator is not deterministic`,
    );
  }
  return {
    schedule: details.counterexample[0],
    seed,
    path: details.counterexamplePath ?? '',
    shrinks: details.numShrinks,
  };
}

/** Shrinks a violation no known behaviour explains to a smaller one that no known behaviour explains either. */
export function shrinkViolation(
  runner: SoakRunner,
  target: number,
  index: number,
  property: PropertyName,
): ShrunkViolation {
  const { simulation: sim, target: t } = runner.bench(target);
  const explained = (s: readonly FaultStep[], v: Verdict) =>
    v.status === 'violated' &&
    t.clean.includes(property) &&
    explainedBy(t.known, t.cleanFaults, property, s, v.explanation) >= 0;
  const shrunk = shrinkWhere(runner, target, index, (s) => {
    try {
      const v = checkProperty(property, sim.run(s), sim.model);
      return v.status === 'violated' && !explained(s, v);
    } catch {
      return false; // a crash is its own finding, not this property's
    }
  });
  const run = sim.run(shrunk.schedule, { level: 'full' });
  const verdict = checkProperty(property, run, sim.model);
  if (verdict.status !== 'violated')
    throw new Error(
      `${runner.bench(target).target.id}: the shrunk schedule does not violate ${property} with a full trace`,
    );
  return { ...shrunk, verdict, run };
}

export function shrinkCrash(runner: SoakRunner, target: number, index: number): ShrunkCrash {
  const sim = runner.bench(target).simulation;
  const crashes = (s: FaultStep[]): string | null => {
    try {
      sim.run(s);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  };
  const shrunk = shrinkWhere(runner, target, index, (s) => crashes(s) !== null);
  return { ...shrunk, message: crashes([...shrunk.schedule]) ?? 'no longer crashes' };
}
