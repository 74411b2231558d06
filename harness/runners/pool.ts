// Runs slices of work on every core: this thread and `threads - 1` worker threads take slices
// from one queue as they free up (runs are independent); a worker holds its next slice while it
// runs one. This thread works too, so a two-core machine starts one worker, and the work is under
// way while that worker loads. A worker starts from the same code as its caller: the bundled entry
// in dist/ (the package, or a checkout whose build is current), else the TypeScript module loaded
// through tsx's API, which works under tsx and under vitest alike (Node 20 does not pass
// `--import tsx` hooks on to worker threads). The sweep and the soak share it, each with its own worker module. A slice may answer
// `stop` (a sweep run that never settles): no further slice is handed out and the slices under way
// finish; slices go out in order, so the job can pick the first stop whatever the thread count. An
// abort signal stops handing out slices the same way (a sweep stopped by Ctrl-C).
// The sweep's use of it is sweep/slices.ts. A worker is handed the plan and the sources of the user
// models in the catalogue (its own module instances start with the built-in models only), and
// installs them before it says it is ready (userModels/sources.ts `workerPlan`).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { userSources } from './userModels/catalogue.js';
import type { WorkerData } from './userModels/sources.js';

function spawn(url: URL, plan: unknown): Worker {
  const data: WorkerData<unknown> = { plan, sources: userSources() };
  if (!url.pathname.endsWith('.ts')) return new Worker(url, { workerData: data });
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}))`;
  return new Worker(boot, { eval: true, workerData: data });
}

/**
 * A job's worker module: the TypeScript source beside the calling module (`here`), or, in the
 * package's JavaScript build (dist/, where every module sits in one folder), its bundled entry.
 */
export function workerModule(here: string, source: string, bundled: string): URL {
  return new URL(here.endsWith('.ts') ? source : bundled, here);
}

/**
 * Runs that pay for one more thread: a worker costs about 0.8 s of CPU before it runs at full speed
 * from the bundle (dist/: 0.1 s to load, the rest V8 warming its JIT up) and 1.3 s through tsx;
 * 10 000 runs take about 0.7 s (docs/performance.md, "Start-up").
 */
const RUNS_PER_THREAD = 10_000;

/** The default thread count of a job of `runs` runs: one per core, at most 64, and no more than the work pays for. */
export function threadsFor(runs: number): number {
  return Math.max(1, Math.min(64, availableParallelism(), Math.floor(runs / RUNS_PER_THREAD)));
}

const yieldToEvents = () => new Promise((resolve) => setImmediate(resolve));

/** What a slice answers: its tally, or why the whole job must stop. */
export type PoolAnswer<Tally, Stop = never> =
  { readonly type: 'tally'; readonly tally: Tally } | { readonly type: 'stop'; readonly found: Stop };

/** A worker's messages: ready once loaded, then one answer per slice it is sent. */
export type PoolMessage<Tally, Stop = never> = { readonly type: 'ready' } | PoolAnswer<Tally, Stop>;

export interface PoolJob<Slice, Tally, Stop = never> {
  /** The plan each worker builds its runner from (its workerData's `plan`). */
  readonly plan: unknown;
  /** The worker module: answers every slice it is posted with a `PoolAnswer`. */
  readonly worker: URL;
  /** Runs one slice on this thread (the same code the worker runs). */
  run(slice: Slice): PoolAnswer<Tally, Stop>;
  /** Called once per slice that answered a tally, in completion order. */
  merge(tally: Tally, slice: Slice): void;
  /** Called once per slice that answered `stop`. */
  stop?(found: Stop, slice: Slice): void;
}

/** What the coordinating loop and the workers' callbacks share. */
interface PoolState<Slice, Tally, Stop> {
  readonly queue: Slice[];
  outstanding: number;
  failure: Error | null;
  /** Wakes the coordinating loop. */
  settle(): void;
  answer(a: PoolAnswer<Tally, Stop>, slice: Slice): void;
}

/**
 * Slices a worker holds at once: the one it runs and the next, so that it never waits for this
 * thread, which reads the worker's answers only between two slices of its own.
 */
const SLICES_IN_HAND = 2;

/** A worker that takes slices from the queue, in order, as long as there are any. */
function startWorker<Slice, Tally, Stop>(
  job: PoolJob<Slice, Tally, Stop>,
  state: PoolState<Slice, Tally, Stop>,
): Worker {
  const w = spawn(job.worker, job.plan);
  const inHand: Slice[] = [];
  const feed = () => {
    while (inHand.length < SLICES_IN_HAND && state.queue.length > 0) {
      const slice = state.queue.shift()!;
      inHand.push(slice);
      state.outstanding++;
      w.postMessage(slice);
    }
  };
  w.on('message', (message: PoolMessage<Tally, Stop>) => {
    if (message.type !== 'ready') {
      state.outstanding--;
      state.answer(message, inHand.shift()!);
      state.settle();
    }
    feed();
  });
  w.on('error', (error) => {
    state.failure ??= error;
    state.settle();
  });
  w.on('exit', (code) => {
    if (inHand.length > 0 && state.failure === null)
      state.failure = new Error(`a worker thread exited (code ${code}) in the middle of a slice`);
    state.settle();
  });
  return w;
}

/**
 * Runs every slice of `job` (until one answers `stop`).
 * @param threads threads in all, this one included (1: no worker)
 * @param coordinateOnly this thread hands slices out but runs none (tests use it to make sure the
 *   workers did the work; a sweep with a checkpoint, so that Ctrl-C is answered at once); needs threads ≥ 2
 * @param signal once aborted, no further slice is handed out; the slices under way finish
 */
export async function runPool<Slice, Tally, Stop = never>(
  job: PoolJob<Slice, Tally, Stop>,
  slices: readonly Slice[],
  threads: number,
  coordinateOnly = false,
  signal?: AbortSignal,
): Promise<void> {
  let wake: (() => void) | null = null;
  const state: PoolState<Slice, Tally, Stop> = {
    queue: signal?.aborted === true ? [] : [...slices],
    outstanding: 0,
    failure: null,
    settle: () => {
      wake?.();
      wake = null;
    },
    answer: (a, slice) => {
      if (a.type === 'tally') job.merge(a.tally, slice);
      else {
        state.queue.length = 0;
        job.stop?.(a.found, slice);
      }
    },
  };
  const abort = () => {
    state.queue.length = 0;
    state.settle();
  };
  const workers = Math.min(threads - 1, slices.length) + (coordinateOnly && threads === 1 ? 1 : 0);
  const pool = Array.from({ length: workers }, () => startWorker(job, state));
  signal?.addEventListener('abort', abort);
  try {
    while (state.failure === null) {
      const slice = coordinateOnly ? undefined : state.queue.shift();
      if (slice !== undefined) {
        state.answer(job.run(slice), slice);
        await yieldToEvents();
      } else if (state.outstanding > 0 || (coordinateOnly && state.queue.length > 0)) {
        await new Promise<void>((resolve) => (wake = resolve));
      } else {
        break;
      }
    }
  } finally {
    signal?.removeEventListener('abort', abort);
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (state.failure !== null) throw state.failure;
}
