// An availability run's episodes cut into slices of fixed size, run on the pool (../pool.ts). The
// slices do not depend on the thread count, and their tallies are added in slice order once all
// are in, so the sums (and every figure from them) are the same bit for bit whatever the threads.
import { runPool, workerModule, type PoolAnswer, type PoolJob } from '../pool.js';
import { AvailabilityOscillation, type AvailabilityOscillationFound, type AvailabilityRunner } from './runner.js';
import { emptyTally, mergeTally, type AvailabilityTally } from './tally.js';

export interface EpisodeSlice {
  readonly from: number;
  readonly to: number;
}

/** Episodes per slice: small enough for progress and for threads to share the tail, large enough to keep messages rare. */
export const SLICE_EPISODES = 25;

export function slicesOf(episodes: number): EpisodeSlice[] {
  const out: EpisodeSlice[] = [];
  for (let i = 0; i < episodes; i += SLICE_EPISODES) out.push({ from: i, to: Math.min(episodes, i + SLICE_EPISODES) });
  return out;
}

/** A slice's answer: its tally, or the first of its episodes that never settles. */
export function availabilityAnswer(
  runner: AvailabilityRunner,
  slice: EpisodeSlice,
): PoolAnswer<AvailabilityTally, AvailabilityOscillationFound> {
  try {
    return { type: 'tally', tally: runner.runRange(slice.from, slice.to) };
  } catch (error) {
    if (!(error instanceof AvailabilityOscillation)) throw error;
    return { type: 'stop', found: error.found };
  }
}

export interface SliceRun {
  readonly threads: number;
  readonly coordinateOnly?: boolean;
  /** Called after each slice with the episodes it covered. */
  readonly onSlice?: (episodes: number) => void;
}

/**
 * Every slice's tally, added in slice order. Throws the episode that never settles with the lowest
 * index (then setting), the same whatever the number of threads.
 */
export async function runEpisodeSlices(
  runner: AvailabilityRunner,
  slices: readonly EpisodeSlice[],
  how: SliceRun,
): Promise<AvailabilityTally> {
  const tallies: (AvailabilityTally | undefined)[] = slices.map(() => undefined);
  const stops: AvailabilityOscillationFound[] = [];
  const position = new Map(slices.map((s, k) => [s.from, k]));
  const job: PoolJob<EpisodeSlice, AvailabilityTally, AvailabilityOscillationFound> = {
    plan: runner.plan,
    worker: workerModule(import.meta.url, './worker.ts', './availability-worker.js'),
    run: (slice) => availabilityAnswer(runner, slice),
    merge: (tally, slice) => {
      tallies[position.get(slice.from)!] = tally;
      how.onSlice?.(slice.to - slice.from);
    },
    stop: (found) => stops.push(found),
  };
  await runPool(job, slices, how.threads, how.coordinateOnly === true);
  if (stops.length > 0)
    throw new AvailabilityOscillation(
      stops.reduce((a, b) => (b.index < a.index || (b.index === a.index && b.setting < a.setting) ? b : a)),
    );
  const total = emptyTally(runner.plan, runner.services.length);
  for (const t of tallies) mergeTally(total, t!);
  return total;
}
