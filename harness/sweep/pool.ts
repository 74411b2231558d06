// Runs slices of work on every core: this thread and `threads - 1` worker threads take slices
// from one queue as they free up (runs are independent). This thread works too, so a two-core
// machine starts one worker, and the work is under way while that worker loads. Workers are
// TypeScript modules: without a build step they are loaded through tsx's API, which works under
// `npm run hafault` and under vitest alike (Node 20 does not pass `--import tsx` hooks on to worker
// threads). The sweep and the soak share it, each with its own worker module.
import { Worker } from 'node:worker_threads';
import type { SweepRunner } from './runner.js';
import { mergeTally, type SweepTally } from './tally.js';
import type { SliceRequest } from './worker.js';

function spawn(url: URL, plan: unknown): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: plan });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: plan });
}

const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve));

/** A worker's answers: ready once loaded, then one tally per slice it is sent. */
export type PoolMessage<Tally> = { readonly type: 'ready' } | { readonly type: 'tally'; readonly tally: Tally };

export interface PoolJob<Slice, Tally> {
  /** The plan each worker builds its runner from (its workerData). */
  readonly plan: unknown;
  /** The worker module: answers every slice it is posted with a `tally` message. */
  readonly worker: URL;
  /** Runs one slice on this thread (the same code the worker runs). */
  run(slice: Slice): Tally;
  /** Called once per slice, with its tally, in completion order. */
  merge(tally: Tally, slice: Slice): void;
}

/**
 * Runs every slice of `job`.
 * @param threads threads in all, this one included (1: no worker)
 * @param coordinateOnly this thread hands slices out but runs none (tests use it to make sure the
 *   workers did the work); needs threads ≥ 2
 */
export async function runPool<Slice, Tally>(job: PoolJob<Slice, Tally>, slices: readonly Slice[], threads: number, coordinateOnly = false): Promise<void> {
  const queue = [...slices];
  const pool: Worker[] = [];
  let failure: unknown = null;
  let outstanding = 0;
  let wake: (() => void) | null = null;
  const settle = () => {
    wake?.();
    wake = null;
  };
  const workers = Math.min(threads - 1, slices.length) + (coordinateOnly && threads === 1 ? 1 : 0);
  for (let k = 0; k < workers; k++) {
    const w = spawn(job.worker, job.plan);
    pool.push(w);
    let current: Slice | undefined;
    const feed = () => {
      current = queue.shift();
      if (current !== undefined) {
        outstanding++;
        w.postMessage(current);
      }
    };
    w.on('message', (message: PoolMessage<Tally>) => {
      if (message.type === 'tally') {
        outstanding--;
        job.merge(message.tally, current!);
        settle();
      }
      feed();
    });
    w.on('error', (error) => {
      failure ??= error;
      settle();
    });
    w.on('exit', (code) => {
      if (current !== undefined && failure === null) failure = new Error(`a worker thread exited (code ${code}) in the middle of a slice`);
      settle();
    });
  }
  try {
    while (failure === null) {
      const slice = coordinateOnly ? undefined : queue.shift();
      if (slice !== undefined) {
        job.merge(job.run(slice), slice);
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
}

/**
 * A sweep's slices: merges each slice's tally into `into`.
 * @param onSlice called after each slice with the number of schedule indices it covered
 */
export async function runSlices(runner: SweepRunner, slices: readonly SliceRequest[], threads: number, into: SweepTally, onSlice: (indices: number) => void, coordinateOnly = false): Promise<void> {
  const job: PoolJob<SliceRequest, SweepTally> = {
    plan: runner.plan,
    worker: new URL('./worker.ts', import.meta.url),
    run: (slice) => runner.runRange(slice.from, slice.to),
    merge: (tally, slice) => {
      mergeTally(into, tally);
      onSlice(slice.to - slice.from);
    },
  };
  await runPool(job, slices, threads, coordinateOnly);
}
