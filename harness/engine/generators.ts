// fast-check arbitraries of fault schedules over a topology's real component ids. A schedule is a
// short list of faults, each with a time and an optional repair. The fault mix itself is drawn per
// run (swarm testing): each schedule uses a random subset of the allowed kinds. Everything is built
// from tuples and integers so that shrinking reaches what an engineer would name: fewer faults,
// the earliest time (10 s), the first target, no repairs. A model's operator steps are a written
// procedure: they are drawn as one run of it (in order, with deviations), not as separate faults.
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
export function drawableKinds(
  topo: CompiledTopology,
  kinds: readonly FaultName[],
  vocabulary: ModelVocabulary,
): FaultName[] {
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

export function scheduleArbitrary(
  topo: CompiledTopology,
  vocabulary: ModelVocabulary,
  shape: ScheduleShape,
): fc.Arbitrary<FaultStep[]> {
  const kinds = drawableKinds(topo, shape.kinds, vocabulary);
  if (kinds.length === 0) throw new Error('no fault kind in the mix has a target in this topology');
  const firstAt = shape.firstAtMs ?? FIRST_FAULT_AT_MS;
  const spanS = Math.max(0, Math.floor((shape.spanMs ?? DEFAULT_SPAN_MS) / 1000));
  const procedure = kinds.includes('operator-step') ? vocabulary.operatorSteps : [];
  if (procedure.length === 0)
    return faultsArbitrary(topo, vocabulary, kinds, shape, firstAt, spanS, 1).map(sortSchedule);
  // The model's operator steps are a written procedure: drawn as one run of it, beside the faults.
  const others = kinds.filter((k) => k !== 'operator-step');
  const run = procedureArbitrary(procedure, firstAt, spanS);
  if (others.length === 0) return run;
  return fc
    .tuple(run, faultsArbitrary(topo, vocabulary, others, shape, firstAt, spanS, 0))
    .map(([steps, faults]) => sortSchedule([...steps, ...faults]));
}

function faultsArbitrary(
  topo: CompiledTopology,
  vocabulary: ModelVocabulary,
  kinds: readonly FaultName[],
  shape: ScheduleShape,
  firstAt: number,
  spanS: number,
  minFaults: number,
): fc.Arbitrary<FaultStep[]> {
  const targets = kinds.map((k) => FAULTS[k].targets(topo, vocabulary));
  const maxTargets = Math.max(...targets.map((t) => t.length));
  const raw: fc.Arbitrary<RawFault> = fc.record({
    kind: fc.nat({ max: kinds.length - 1 }),
    target: fc.nat({ max: maxTargets - 1 }),
    atS: fc.nat({ max: spanS }),
    repairAfterS:
      shape.repairs === false
        ? fc.constant(undefined)
        : fc.option(fc.integer({ min: 1, max: Math.max(1, spanS) }), { nil: undefined, freq: 3 }),
  });
  const mix = fc.subarray(
    kinds.map((_, i) => i),
    { minLength: 1 },
  );
  return fc
    .tuple(mix, fc.array(raw, { minLength: minFaults, maxLength: Math.max(1, shape.maxFaults) }))
    .map(([enabled, faults]) => {
      const steps: FaultStep[] = [];
      for (const f of faults) {
        const k = enabled[f.kind % enabled.length];
        const name = kinds[k];
        const target = targets[k][f.target % targets[k].length];
        const at = firstAt + f.atS * 1000;
        steps.push({ at, fault: name, target });
        const repair = FAULTS[name].repairedBy;
        if (repair && f.repairAfterS !== undefined)
          steps.push({ at: at + f.repairAfterS * 1000, fault: repair, target });
      }
      return steps;
    });
}

/**
 * One run of a written procedure: the first `taken` steps in the written order, a second or more
 * apart, with an operator's deviations: adjacent steps swapped, steps skipped. Shrinking reaches the
 * shortest prefix of the procedure as written, one step per second from 10 s.
 */
export function procedureArbitrary(
  steps: readonly string[],
  firstAt: number,
  spanS: number,
): fc.Arbitrary<FaultStep[]> {
  const n = steps.length;
  return fc
    .record({
      taken: fc.nat({ max: n }),
      startS: fc.nat({ max: spanS }),
      gapsS: fc.array(fc.nat({ max: Math.floor(spanS / n) }), { minLength: n, maxLength: n }),
      swaps: fc.array(fc.nat({ max: Math.max(0, n - 2) }), { maxLength: n > 1 ? 3 : 0 }),
      skips: fc.subarray(
        steps.map((_, i) => i),
        { maxLength: Math.min(2, n) },
      ),
    })
    .map(({ taken, startS, gapsS, swaps, skips }) => {
      // The first `taken` steps, some swapped with the next one taken, some skipped.
      const order = steps.slice(0, taken).map((_, i) => i);
      for (const i of swaps) if (i + 1 < order.length) [order[i], order[i + 1]] = [order[i + 1], order[i]];
      const chosen = order.filter((i) => !skips.includes(i));
      let at = firstAt + startS * 1000;
      return chosen.map((i, k) => {
        if (k > 0) at += (1 + gapsS[k]) * 1000;
        return { at, fault: 'operator-step' as const, target: steps[i] };
      });
    });
}

/** Time order; ties keep their drawn order. */
export function sortSchedule(steps: readonly FaultStep[]): FaultStep[] {
  return steps
    .map((s, i) => [s, i] as const)
    .sort((a, b) => a[0].at - b[0].at || a[1] - b[1])
    .map(([s]) => s);
}
