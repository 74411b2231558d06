// fast-check arbitraries of fault schedules over a topology's real component ids. A schedule is a
// short list of faults, each with a time and an optional repair. The fault mix itself is drawn per
// run (swarm testing): each schedule uses a random subset of the allowed kinds. Everything is built
// from tuples and integers so that shrinking reaches what an engineer would name: fewer faults,
// the earliest time (10 s), the first target, no repairs.
import fc from 'fast-check';
import type { CompiledTopology } from './compile.js';
import { FAULTS, type FaultName, type FaultStep, type ModelVocabulary } from './faults/index.js';
import type { Model } from './model.js';

export interface ScheduleShape {
  /** Fault kinds to draw from, in the order shrinking prefers. */
  readonly kinds: readonly FaultName[];
  readonly maxFaults: number;
  /** First instant a fault may happen (the pool has settled). */
  readonly firstAtMs?: number;
  /** Faults fall in [firstAt, firstAt + spanMs], on whole seconds. */
  readonly spanMs?: number;
  /** Draw repairs (the fault's inverse, some time later). */
  readonly repairs?: boolean;
}

export const FIRST_FAULT_AT_MS = 10_000;
const DEFAULT_SPAN_MS = 300_000;

/** The kinds that have at least one target in this topology. */
export function drawableKinds(topo: CompiledTopology, kinds: readonly FaultName[], vocabulary: ModelVocabulary): FaultName[] {
  return kinds.filter((k) => !FAULTS[k].isRepair && FAULTS[k].targets(topo, vocabulary).length > 0);
}

export function vocabularyOf(model: Model): ModelVocabulary {
  return { drifts: model.drifts.map((d) => d.name), operatorSteps: (model.operatorSteps ?? []).map((s) => s.name) };
}

interface RawFault {
  readonly kind: number;
  readonly target: number;
  readonly atS: number;
  readonly repairAfterS: number | undefined;
}

export function scheduleArbitrary(topo: CompiledTopology, vocabulary: ModelVocabulary, shape: ScheduleShape): fc.Arbitrary<FaultStep[]> {
  const kinds = drawableKinds(topo, shape.kinds, vocabulary);
  if (kinds.length === 0) throw new Error('no fault kind in the mix has a target in this topology');
  const targets = kinds.map((k) => FAULTS[k].targets(topo, vocabulary));
  const firstAt = shape.firstAtMs ?? FIRST_FAULT_AT_MS;
  const spanS = Math.max(0, Math.floor((shape.spanMs ?? DEFAULT_SPAN_MS) / 1000));
  const maxTargets = Math.max(...targets.map((t) => t.length));
  const raw: fc.Arbitrary<RawFault> = fc.record({
    kind: fc.nat({ max: kinds.length - 1 }),
    target: fc.nat({ max: maxTargets - 1 }),
    atS: fc.nat({ max: spanS }),
    repairAfterS: shape.repairs === false ? fc.constant(undefined) : fc.option(fc.integer({ min: 1, max: Math.max(1, spanS) }), { nil: undefined, freq: 3 }),
  });
  const mix = fc.subarray(kinds.map((_, i) => i), { minLength: 1 });
  return fc.tuple(mix, fc.array(raw, { minLength: 1, maxLength: Math.max(1, shape.maxFaults) })).map(([enabled, faults]) => {
    const steps: FaultStep[] = [];
    for (const f of faults) {
      const k = enabled[f.kind % enabled.length];
      const name = kinds[k];
      const target = targets[k][f.target % targets[k].length];
      const at = firstAt + f.atS * 1000;
      steps.push({ at, fault: name, target });
      const repair = FAULTS[name].repairedBy;
      if (repair && f.repairAfterS !== undefined) steps.push({ at: at + f.repairAfterS * 1000, fault: repair, target });
    }
    return sortSchedule(steps);
  });
}

/** Time order; ties keep their drawn order. */
export function sortSchedule(steps: readonly FaultStep[]): FaultStep[] {
  return steps.map((s, i) => [s, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([s]) => s);
}
