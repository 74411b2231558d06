// Sweep results built by hand for tests: the counts a test names, summarized by the real
// `summarizeSweep`, so the recommendation rule and the writers meet exactly the case they must
// handle (a safety regression, an undecided run, an outage left open) whatever the models do today.
import type { PropertyName } from '../../engine/model.js';
import { addSample } from './histogram.js';
import type { SweepPlan } from './plan.js';
import { summarizeSweep, type SweepResult } from './summary.js';
import { emptyTally } from './tally.js';

export interface HandRow {
  readonly timeoutMs: number;
  readonly isDefault?: boolean;
  /** false: the default added as a baseline outside the grid. */
  readonly inGrid?: boolean;
  readonly violations?: Partial<Record<PropertyName, number>>;
  readonly unknown?: Partial<Record<PropertyName, number>>;
  /** One restore time per restored outage. */
  readonly restoreMs?: readonly number[];
  readonly unrestored?: number;
}

export interface HandOptions {
  readonly runs?: number;
  readonly properties?: readonly PropertyName[];
  readonly safety?: readonly PropertyName[];
  readonly addedForSafety?: readonly PropertyName[];
}

export function handBuiltSweep(
  rows: readonly HandRow[],
  recommend: PropertyName | null,
  options: HandOptions = {},
): SweepResult {
  const runs = options.runs ?? 1000;
  const properties = options.properties ?? ['noDualActive', 'noUnnecessaryFence', 'serviceRestoredWithin'];
  const plan: SweepPlan = {
    model: 'xenserver-ha',
    preset: 'bonded-mirrored-san',
    fixed: {},
    fixedAsWritten: {},
    axes: [{ key: 'timeoutMs', values: rows.filter((r) => r.inGrid !== false).map((r) => r.timeoutMs) }],
    ranges: [],
    settings: rows.map((r) => ({
      values: { timeoutMs: r.timeoutMs },
      inGrid: r.inGrid !== false,
      isDefault: r.isDefault === true,
    })),
    neighbours: [],
    properties,
    safety: options.safety ?? ['noDualActive', 'noUnnecessaryFence'],
    addedForSafety: options.addedForSafety ?? [],
    kinds: ['host-crash'],
    maxFaults: 1,
    repairs: true,
    runs,
    seed: 1,
  };
  const tally = emptyTally(plan);
  rows.forEach((r, k) => {
    const t = tally.settings[k];
    t.runs = runs;
    properties.forEach((p, i) => {
      t.violations[i] = r.violations?.[p] ?? 0;
      t.unknown[i] = r.unknown?.[p] ?? 0;
    });
    for (const ms of r.restoreMs ?? []) addSample(t.restoreMs, ms);
    t.unrestored = r.unrestored ?? 0;
  });
  const redraw = {
    schedule: (): never => {
      throw new Error('a hand-built sweep has no schedules to re-draw');
    },
    environment: (): never => {
      throw new Error('a hand-built sweep has no environment to re-draw');
    },
  };
  return summarizeSweep(plan, tally, redraw, recommend);
}
