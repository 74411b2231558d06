// Runs a sweep's slices on every core: this thread and `threads - 1` worker threads take slices
// from one queue as they free up (runs are independent). This thread works too, so a two-core
// machine starts one worker, and the sweep is under way while that worker loads. Workers are
// TypeScript modules: without a build step they are loaded through tsx's API, which works under
// `npm run hafault` and under vitest alike (Node 20 does not pass `--import tsx` hooks on to worker
// threads). A run that never settles stops the sweep: no further slice is handed out, the slices
// under way finish, and the first such run (lowest schedule index, then setting) is thrown; slices
// go out in order, so that is the same run whatever the number of threads.
import { Worker } from 'node:worker_threads';
import type { SweepPlan } from './plan.js';
import { SweepOscillation, type SweepOscillationFound, type SweepRunner } from './runner.js';
import { mergeTally, type SweepTally } from './tally.js';
import type { SliceRequest, WorkerMessage } from './worker.js';

function spawn(plan: SweepPlan): Worker {
  const url = new URL('./worker.ts', import.meta.url);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: plan });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: plan });
}

const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs every slice and merges its tally into `into`.
 * @param threads threads in all, this one included (1: no worker)
 * @param onSlice called after each slice with the number of schedule indices it covered
 * @param coordinateOnly this thread hands slices out but runs none (tests use it to make sure the
 *   workers did the work); needs threads ≥ 2
 */
export async function runSlices(runner: SweepRunner, slices: readonly SliceRequest[], threads: number, into: SweepTally, onSlice: (indices: number) => void, coordinateOnly = false): Promise<void> {
  const queue = [...slices];
  const pool: Worker[] = [];
  let failure: unknown = null;
  const oscillations: SweepOscillationFound[] = [];
  const stopAt = (found: SweepOscillationFound) => {
    oscillations.push(found);
    queue.length = 0;
  };
  let outstanding = 0;
  let wake: (() => void) | null = null;
  const settle = () => {
    wake?.();
    wake = null;
  };
  const workers = Math.min(threads - 1, slices.length) + (coordinateOnly && threads === 1 ? 1 : 0);
  for (let k = 0; k < workers; k++) {
    const w = spawn(runner.plan);
    pool.push(w);
    let current: SliceRequest | undefined;
    const feed = () => {
      current = queue.shift();
      if (current) {
        outstanding++;
        w.postMessage(current);
      }
    };
    w.on('message', (message: WorkerMessage) => {
      if (message.type === 'tally') {
        outstanding--;
        mergeTally(into, message.tally);
        onSlice(current!.to - current!.from);
        settle();
      } else if (message.type === 'oscillation') {
        outstanding--;
        stopAt(message.found);
        settle();
      }
      feed();
    });
    w.on('error', (error) => {
      failure ??= error;
      settle();
    });
    w.on('exit', (code) => {
      if (current !== undefined && failure === null) failure = new Error(`a sweep worker exited (code ${code}) in the middle of a slice`);
      settle();
    });
  }
  try {
    while (failure === null) {
      const slice = coordinateOnly ? undefined : queue.shift();
      if (slice) {
        runInline(runner, slice, into, onSlice, stopAt);
        await yieldToEvents();
      } else if (outstanding > 0 || (coordinateOnly && queue.length > 0)) {
        await new Promise<void>((resolve) => (wake = resolve));
      } else {
        break;
      }
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (failure !== null) throw failure;
  if (oscillations.length > 0) throw new SweepOscillation(oscillations.reduce((a, b) => (b.index < a.index || (b.index === a.index && b.setting < a.setting) ? b : a)));
}

function runInline(runner: SweepRunner, slice: SliceRequest, into: SweepTally, onSlice: (indices: number) => void, stopAt: (found: SweepOscillationFound) => void): void {
  try {
    mergeTally(into, runner.runRange(slice.from, slice.to));
    onSlice(slice.to - slice.from);
  } catch (error) {
    if (!(error instanceof SweepOscillation)) throw error;
    stopAt(error.found);
  }
}
