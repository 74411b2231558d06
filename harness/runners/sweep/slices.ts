// A sweep's work cut into slices of schedule indices, run on the pool (../pool.ts): each slice
// answers its tally, or the first of its runs that never settles. Tallies join the frontier
// (frontier.ts) in index order, so what is finished is always a prefix a checkpoint can record; an
// interruption stops handing out slices (this thread answers `stop` instead of its next slice) and
// lets the slices under way finish.
import { runPool, workerModule, type PoolAnswer, type PoolJob } from '../pool.js';
import type { Frontier } from './frontier.js';
import { SweepOscillation, type SweepOscillationFound, type SweepRunner } from './runner.js';
import type { SweepTally } from './tally.js';

export interface SliceRequest {
  readonly from: number;
  readonly to: number;
}

/** A sweep slice's answer: its tally, or the first of its runs that never settles. */
export function sweepAnswer(runner: SweepRunner, slice: SliceRequest): PoolAnswer<SweepTally, SweepOscillationFound> {
  try {
    return { type: 'tally', tally: runner.runRange(slice.from, slice.to) };
  } catch (error) {
    if (!(error instanceof SweepOscillation)) throw error;
    return { type: 'stop', found: error.found };
  }
}

export interface SliceRun {
  readonly threads: number;
  readonly into: Frontier;
  /** Called after each slice with the number of schedule indices it covered. */
  readonly onSlice: (indices: number) => void;
  /** Called when the finished prefix grew. */
  readonly onAdvance?: () => void;
  /** Once aborted, no further slice is handed out; those under way finish. */
  readonly signal?: AbortSignal;
  readonly coordinateOnly?: boolean;
}

/**
 * A sweep's slices: adds each slice's tally to the frontier; throws the first run that never settles
 * (lowest schedule index, then setting), the same whatever the number of threads.
 */
export async function runSlices(runner: SweepRunner, slices: readonly SliceRequest[], how: SliceRun): Promise<void> {
  const oscillations: SweepOscillationFound[] = [];
  const job: PoolJob<SliceRequest, SweepTally, SweepOscillationFound> = {
    plan: runner.plan,
    worker: workerModule(import.meta.url, './worker.ts', './sweep-worker.js'),
    run: (slice) => sweepAnswer(runner, slice),
    merge: (tally, slice) => {
      if (how.into.add(slice.from, slice.to, tally)) how.onAdvance?.();
      how.onSlice(slice.to - slice.from);
    },
    stop: (found) => oscillations.push(found),
  };
  await runPool(job, slices, how.threads, how.coordinateOnly === true, how.signal);
  if (oscillations.length > 0)
    throw new SweepOscillation(
      oscillations.reduce((a, b) => (b.index < a.index || (b.index === a.index && b.setting < a.setting) ? b : a)),
    );
}
