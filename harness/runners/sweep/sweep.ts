// `sweep` end to end, without I/O: the plan (grid, default baseline, neighbours), the runs (inline or
// on worker threads, same answer either way; from a checkpoint's progress on, same answer again) and
// the summary.
import { safetyProperties } from '../../../properties/index.js';
import { resolveConfig } from '../../engine/config.js';
import type { FaultName } from '../../engine/faults/index.js';
import type { Model, Preset, PropertyName } from '../../engine/model.js';
import type { SweepPlan, SweptSetting } from './plan.js';
import { threadsFor } from '../pool.js';
import { runSlices, type SliceRequest } from './slices.js';
import { SweepRunner } from './runner.js';
import { gridOf, neighboursOf, type SweepSettings, type Values } from './settings.js';
import { summarizeSweep, type SweepResult } from './summary.js';
import { emptyTally, type SweepTally } from './tally.js';
import { Frontier, type SweepProgress } from './frontier.js';

export type { SweepProgress } from './frontier.js';

export interface PlanInput {
  readonly model: Model;
  readonly preset: Preset;
  /** The topology file the preset came from, if any (workers reload it). */
  readonly topologyFile?: string;
  readonly settings: SweepSettings;
  /** The properties asked for; the model's safety properties are judged as well, whatever this says. */
  readonly properties: readonly PropertyName[];
  readonly kinds: readonly FaultName[];
  readonly maxFaults: number;
  readonly repairs: boolean;
  readonly runs: number;
  readonly seed: number;
  /** Add the default setting as a baseline when the grid lacks it (a recommendation's cost needs it). */
  readonly baseline: boolean;
}

export function planSweep(input: PlanInput): SweepPlan {
  const { model, preset, settings } = input;
  const defaults = resolveConfig(model, preset.config ?? {}, settings.fixed);
  const defaultValues: Values = Object.fromEntries(settings.axes.map((a) => [a.key, defaults[a.key]]));
  const isDefault = (v: Values) => settings.axes.every((a) => v[a.key] === defaultValues[a.key]);
  const grid: SweptSetting[] = gridOf(settings.axes).map((values) => ({
    values,
    inGrid: true,
    isDefault: isDefault(values),
  }));
  // Every setting must resolve (a grid value may clash with a fixed one); a bad one is bad input.
  for (const s of grid) resolveConfig(model, preset.config ?? {}, settings.fixed, s.values);
  if (input.baseline && !grid.some((s) => s.isDefault))
    grid.push({ values: defaultValues, inGrid: false, isDefault: true });
  // Every safety property is tallied: a recommendation must know whether it made any of them worse.
  const safety = safetyProperties(model);
  const addedForSafety = safety.filter((p) => !input.properties.includes(p));
  return {
    model: model.name,
    preset: preset.name,
    ...(input.topologyFile !== undefined ? { topologyFile: input.topologyFile } : {}),
    fixed: settings.fixed,
    fixedAsWritten: settings.fixedAsWritten,
    axes: settings.axes,
    ranges: settings.ranges,
    settings: grid,
    neighbours: neighboursOf(settings.axes),
    properties: [...input.properties, ...addedForSafety],
    safety,
    addedForSafety,
    kinds: input.kinds,
    maxFaults: input.maxFaults,
    repairs: input.repairs,
    runs: input.runs,
    seed: input.seed,
  };
}

export interface SweepOptions {
  /** Threads in all, this one included (1: no worker thread). Default: pool.ts `threadsFor`. */
  readonly threads?: number;
  readonly recommend?: PropertyName | null;
  /** This thread only hands out slices; the workers run them all (for tests). */
  readonly coordinateOnly?: boolean;
  /** Called as schedule indices finish: (runs done, runs in all), a run being one schedule at one setting. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Start from a checkpoint's progress: schedules [0, next) are already tallied. */
  readonly resume?: SweepProgress;
  /** Called each time the finished prefix grows (its tally is live: serialize it before returning). */
  readonly onAdvance?: (progress: SweepProgress) => void;
  /**
   * Stop handing out slices; the sweep then throws SweepInterrupted with what it finished. With a
   * signal this thread only coordinates (so that it answers a signal at once, even under tsx, which
   * kills a child that does not acknowledge Ctrl-C within milliseconds) and `threads` workers run the
   * slices.
   */
  readonly signal?: AbortSignal;
}

/** A sweep stopped by its signal before every schedule ran: what it finished, for a checkpoint. */
export class SweepInterrupted extends Error {
  constructor(readonly progress: SweepProgress) {
    super(`sweep interrupted after ${progress.next} schedules`);
  }
}

/** One thread per core, as many as the sweep's runs (schedules × settings) pay for (pool.ts `threadsFor`). */
export function defaultThreads(plan: SweepPlan): number {
  return threadsFor(plan.runs * plan.settings.length);
}

/** Small enough for the threads to share the tail of the work evenly, large enough to keep messages rare. */
function slicesOf(from: number, runs: number, threads: number): SliceRequest[] {
  const size = Math.max(20, Math.min(250, Math.ceil((runs - from) / (threads * 16))));
  const slices: SliceRequest[] = [];
  for (let i = from; i < runs; i += size) slices.push({ from: i, to: Math.min(runs, i + size) });
  return slices;
}

/**
 * Runs the sweep (from `options.resume` on, if given) and summarizes it. Throws SweepOscillation at a
 * run that never settles, SweepInterrupted when `options.signal` stopped it first.
 */
export async function runSweep(plan: SweepPlan, options: SweepOptions = {}): Promise<SweepResult> {
  const runner = new SweepRunner(plan);
  const progress = await tallyRange(runner, 0, plan.runs, options);
  return summarizeSweep(plan, progress.tally, runner, options.recommend ?? null);
}

/**
 * The tally of schedules [from, to) alone (one shard of a sweep: `sweep --shard`); tallies of the
 * shards merge (mergeTally) to the unsharded sweep's. Throws SweepOscillation like runSweep.
 */
export async function tallySweepRange(
  plan: SweepPlan,
  from: number,
  to: number,
  options: Pick<SweepOptions, 'threads' | 'onProgress'> = {},
): Promise<SweepTally> {
  const progress = await tallyRange(new SweepRunner(plan), from, to, {
    ...options,
    resume: { next: from, tally: emptyTally(plan) },
  });
  return progress.tally;
}

/** Schedules [options.resume.next or 0, to) run on the pool into a frontier; progress counts from `first`. */
async function tallyRange(
  runner: SweepRunner,
  first: number,
  to: number,
  options: SweepOptions,
): Promise<SweepProgress> {
  const plan = runner.plan;
  const threads = Math.max(1, options.threads ?? defaultThreads(plan));
  const frontier = new Frontier(plan, options.resume);
  const from = frontier.progress.next;
  const total = (to - first) * plan.settings.length;
  let done = (from - first) * plan.settings.length;
  const responsive = options.signal !== undefined;
  await runSlices(runner, slicesOf(from, to, threads), {
    threads: responsive ? threads + 1 : threads,
    into: frontier,
    onSlice: (indices) => {
      done += indices * plan.settings.length;
      options.onProgress?.(done, total);
    },
    onAdvance: () => options.onAdvance?.(frontier.progress),
    signal: options.signal,
    coordinateOnly: responsive || options.coordinateOnly === true,
  });
  if (frontier.progress.next < to) throw new SweepInterrupted(frontier.progress);
  return frontier.progress;
}
