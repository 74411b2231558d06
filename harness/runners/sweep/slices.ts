// A sweep's work cut into slices of schedule indices, run on the pool (../pool.ts): each slice
// answers its tally, or the first of its runs that never settles.
import { runPool, type PoolAnswer, type PoolJob } from '../pool.js';
import { SweepOscillation, type SweepOscillationFound, type SweepRunner } from './runner.js';
import { mergeTally, type SweepTally } from './tally.js';

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

/**
 * A sweep's slices: merges each slice's tally into `into`; throws the first run that never settles
 * (lowest schedule index, then setting), the same whatever the number of threads.
 * @param onSlice called after each slice with the number of schedule indices it covered
 */
export async function runSlices(
  runner: SweepRunner,
  slices: readonly SliceRequest[],
  threads: number,
  into: SweepTally,
  onSlice: (indices: number) => void,
  coordinateOnly = false,
): Promise<void> {
  const oscillations: SweepOscillationFound[] = [];
  const job: PoolJob<SliceRequest, SweepTally, SweepOscillationFound> = {
    plan: runner.plan,
    worker: new URL('./worker.ts', import.meta.url),
    run: (slice) => sweepAnswer(runner, slice),
    merge: (tally, slice) => {
      mergeTally(into, tally);
      onSlice(slice.to - slice.from);
    },
    stop: (found) => oscillations.push(found),
  };
  await runPool(job, slices, threads, coordinateOnly);
  if (oscillations.length > 0)
    throw new SweepOscillation(
      oscillations.reduce((a, b) => (b.index < a.index || (b.index === a.index && b.setting < a.setting) ? b : a)),
    );
}
