// What a sweep checkpoint holds, without the file: the sweep's identity (everything that decides
// which runs are made and how they are tallied, so a resume of another sweep is refused by field)
// and its tally as plain JSON. Histograms are written sorted by value: two tallies of the same runs
// give the same text whatever order their slices finished in. Reading checks every count against
// the plan, so a damaged tally is bad input, never a wrong total.
import { createHash } from 'node:crypto';
import type { Model, Preset } from '../../engine/model.js';
import type { SweepProgress } from './frontier.js';
import type { Histogram } from './histogram.js';
import type { SweepPlan } from './plan.js';
import { emptyTally, type FlipSide, type SettingTally, type SweepTally } from './tally.js';

/** Every field a resume must match, in the order a mismatch is reported. */
export interface SweepIdentity {
  readonly hafault: string;
  readonly model: string;
  readonly modelVersion: string;
  readonly preset: string;
  /** sha256 of the preset's (or topology file's) topology, settings and fault kinds. */
  readonly design: string;
  readonly settings: readonly unknown[];
  readonly fixed: unknown;
  readonly environment: unknown;
  readonly properties: readonly string[];
  readonly faults: readonly string[];
  readonly maxFaults: number;
  readonly repairs: boolean;
  readonly runs: number;
  readonly seed: number;
}

/** How a mismatch names each field: the flag that sets it where there is one. */
export const IDENTITY_LABELS: Readonly<Record<keyof SweepIdentity, string>> = {
  hafault: 'hafault version',
  model: 'model (--model, or the topology file)',
  modelVersion: 'model version',
  preset: 'preset (--preset, or the topology name)',
  design: 'design (topology, settings and fault kinds of the preset or topology file; sha256)',
  settings: 'settings swept (--set lists)',
  fixed: 'fixed settings (--set key=value)',
  environment: 'environment ranges (--set key=lo..hi, or the topology file)',
  properties: 'properties judged (--property, --recommend)',
  faults: 'fault kinds (--faults)',
  maxFaults: '--max-faults',
  repairs: 'repairs (--no-repairs)',
  runs: '--runs',
  seed: '--seed',
};

export function designDigest(preset: Preset): string {
  const design = { topology: preset.topology, config: preset.config ?? {}, faults: preset.faults ?? null };
  return createHash('sha256').update(JSON.stringify(design)).digest('hex');
}

export function identityOf(plan: SweepPlan, model: Model, preset: Preset, hafault: string): SweepIdentity {
  return {
    hafault,
    model: plan.model,
    modelVersion: model.version,
    preset: plan.preset,
    design: designDigest(preset),
    settings: plan.settings.map((s) => ({ values: s.values, inGrid: s.inGrid })),
    fixed: plan.fixed,
    environment: plan.ranges,
    properties: plan.properties,
    faults: plan.kinds,
    maxFaults: plan.maxFaults,
    repairs: plan.repairs,
    runs: plan.runs,
    seed: plan.seed,
  };
}

export interface IdentityDifference {
  readonly field: keyof SweepIdentity;
  readonly recorded: unknown;
  readonly now: unknown;
}

/** The fields of a recorded identity (read from a file: any JSON) that differ from this sweep's. */
export function identityDifferences(recorded: unknown, now: SweepIdentity): IdentityDifference[] {
  const r = (typeof recorded === 'object' && recorded !== null ? recorded : {}) as Record<string, unknown>;
  return (Object.keys(IDENTITY_LABELS) as (keyof SweepIdentity)[]).flatMap((field) =>
    JSON.stringify(r[field]) === JSON.stringify(now[field]) ? [] : [{ field, recorded: r[field], now: now[field] }],
  );
}

type HistogramJson = [number, number][];

interface SettingTallyJson extends Omit<SettingTally, 'detectMs' | 'restoreMs' | 'downtimeMs'> {
  readonly detectMs: HistogramJson;
  readonly restoreMs: HistogramJson;
  readonly downtimeMs: HistogramJson;
}

export interface TallyJson {
  readonly settings: readonly SettingTallyJson[];
  readonly flips: SweepTally['flips'];
}

const histogramJson = (h: Histogram): HistogramJson => [...h.entries()].sort((a, b) => a[0] - b[0]);

export function encodeTally(t: SweepTally): TallyJson {
  return {
    settings: t.settings.map((s) => ({
      ...s,
      violations: [...s.violations],
      unknown: [...s.unknown],
      detectMs: histogramJson(s.detectMs),
      restoreMs: histogramJson(s.restoreMs),
      downtimeMs: histogramJson(s.downtimeMs),
    })),
    flips: t.flips.map((row) => row.map((f) => ({ broken: { ...f.broken }, fixed: { ...f.fixed } }))),
  };
}

/** A tally that does not fit its plan: `where` is a JSON path inside the tally. */
export class TallyShapeError extends Error {
  constructor(
    readonly where: string,
    readonly expected: string,
  ) {
    super(`${where}: expected ${expected}`);
  }
}

/** Reads `value` as a count (a whole number ≥ min). */
function count(value: unknown, where: string, min = 0): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min)
    throw new TallyShapeError(where, `a whole number ≥ ${min}`);
  return value;
}

function time(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
    throw new TallyShapeError(where, 'a time in ms ≥ 0');
  return value;
}

function list(value: unknown, where: string, length?: number): unknown[] {
  if (!Array.isArray(value) || (length !== undefined && value.length !== length))
    throw new TallyShapeError(where, length === undefined ? 'a list' : `a list of ${length}`);
  return value as unknown[];
}

function record(value: unknown, where: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TallyShapeError(where, 'an object');
  return value as Record<string, unknown>;
}

/** A histogram of times (every sample a duration ≥ 0) holding at most `samples` samples (exactly, when `exact`). */
function histogram(value: unknown, where: string, samples: number, exact = false): Histogram {
  const h: Histogram = new Map();
  let total = 0;
  list(value, where).forEach((pair, k) => {
    const [v, n] = list(pair, `${where}[${k}]`, 2);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || h.has(v))
      throw new TallyShapeError(`${where}[${k}][0]`, 'a time in ms ≥ 0 not seen before in this histogram');
    total += count(n, `${where}[${k}][1]`, 1);
    h.set(v, n as number);
  });
  if (exact ? total !== samples : total > samples)
    throw new TallyShapeError(where, `${exact ? '' : 'at most '}${samples} samples in all, found ${total}`);
  return h;
}

function settingTally(value: unknown, where: string, properties: number, next: number): SettingTally {
  const s = record(value, where);
  const runs = count(s.runs, `${where}.runs`);
  if (runs !== next) throw new TallyShapeError(`${where}.runs`, `${next} (one run per schedule tallied)`);
  // Each run is violated, unknown or holds on each property: neither count can pass the runs.
  const counts = (key: string) =>
    list(s[key], `${where}.${key}`, properties).map((v, p) => {
      const n = count(v, `${where}.${key}[${p}]`);
      if (n > runs)
        throw new TallyShapeError(`${where}.${key}[${p}]`, `at most ${runs} (the runs tallied), found ${n}`);
      return n;
    });
  const violations = counts('violations');
  const unknown = counts('unknown');
  violations.forEach((v, p) => {
    if (v + unknown[p] > runs)
      throw new TallyShapeError(
        `${where}.unknown[${p}]`,
        `at most ${runs - v} (${runs} runs, ${v} of them violated), found ${unknown[p]}`,
      );
  });
  // One sample per outage or per detection (no bound per run); one downtime sample per run.
  const unbounded = Number.MAX_SAFE_INTEGER;
  return {
    runs,
    violations,
    unknown,
    detectMs: histogram(s.detectMs, `${where}.detectMs`, unbounded),
    restoreMs: histogram(s.restoreMs, `${where}.restoreMs`, unbounded),
    downtimeMs: histogram(s.downtimeMs, `${where}.downtimeMs`, runs, true),
    fences: count(s.fences, `${where}.fences`),
    unnecessaryFences: count(s.unnecessaryFences, `${where}.unnecessaryFences`),
    failovers: count(s.failovers, `${where}.failovers`),
    unrestored: count(s.unrestored, `${where}.unrestored`),
  };
}

/** A flip side of schedules [from, to). */
function flipSide(value: unknown, where: string, from: number, to: number): FlipSide {
  const f = record(value, where);
  const side = {
    count: count(f.count, `${where}.count`),
    index: count(f.index, `${where}.index`, -1),
    length: count(f.length, `${where}.length`),
    endMs: time(f.endMs, `${where}.endMs`),
  };
  const inRange = side.index >= from && side.index < to;
  if (side.count > to - from || (side.count > 0 ? !inRange : side.index !== -1))
    throw new TallyShapeError(
      where,
      `a flip count ≤ ${to - from} with the index of one of its schedules (${from}..${to - 1}; -1 when none)`,
    );
  return side;
}

function flipWithin(flips: number, violations: number, where: string, setting: string): void {
  if (flips > violations)
    throw new TallyShapeError(
      `${where}.count`,
      `at most ${violations} (the runs that violated this property at ${setting}), found ${flips}`,
    );
}

/** The progress a checkpoint recorded, checked against the plan it must belong to. */
export function decodeProgress(next: unknown, tally: unknown, plan: SweepPlan): SweepProgress {
  const n = count(next, 'next');
  if (n > plan.runs) throw new TallyShapeError('next', `at most ${plan.runs} (the sweep's --runs)`);
  return { next: n, tally: decodeTally(tally, plan, 0, n) };
}

/** The tally of schedules [from, to) (a checkpoint's prefix, a shard's block), checked against its plan. */
export function decodeTally(tally: unknown, plan: SweepPlan, from: number, to: number): SweepTally {
  const n = to - from;
  const t = record(tally, 'tally');
  const into = emptyTally(plan);
  list(t.settings, 'tally.settings', plan.settings.length).forEach((s, k) =>
    into.settings.splice(k, 1, settingTally(s, `tally.settings[${k}]`, plan.properties.length, n)),
  );
  list(t.flips, 'tally.flips', plan.neighbours.length).forEach((row, k) =>
    list(row, `tally.flips[${k}]`, plan.properties.length).forEach((f, p) => {
      const where = `tally.flips[${k}][${p}]`;
      const pair = record(f, where);
      const flip = {
        broken: flipSide(pair.broken, `${where}.broken`, from, to),
        fixed: flipSide(pair.fixed, `${where}.fixed`, from, to),
      };
      // A schedule that breaks at the higher setting is violated there; one that is fixed, at the lower.
      const [lo, hi] = plan.neighbours[k];
      flipWithin(flip.broken.count, into.settings[hi].violations[p], `${where}.broken`, `tally.settings[${hi}]`);
      flipWithin(flip.fixed.count, into.settings[lo].violations[p], `${where}.fixed`, `tally.settings[${lo}]`);
      into.flips[k].splice(p, 1, flip);
    }),
  );
  return into;
}
