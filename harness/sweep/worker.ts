// A sweep worker thread: builds the runner once from the plan it is given, says it is ready, then
// runs each slice of schedule indices it is sent and answers with the slice's tally (or with the
// first of its runs that never settles).
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepPlan } from './plan.js';
import { SweepOscillation, SweepRunner, type SweepOscillationFound } from './runner.js';
import type { SweepTally } from './tally.js';

export interface SliceRequest {
  readonly from: number;
  readonly to: number;
}

export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'tally'; readonly tally: SweepTally }
  | { readonly type: 'oscillation'; readonly found: SweepOscillationFound };

const runner = new SweepRunner(workerData as SweepPlan);
const port = parentPort!;
port.on('message', (slice: SliceRequest) => {
  let message: WorkerMessage;
  try {
    message = { type: 'tally', tally: runner.runRange(slice.from, slice.to) };
  } catch (error) {
    if (!(error instanceof SweepOscillation)) throw error;
    message = { type: 'oscillation', found: error.found };
  }
  port.postMessage(message);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
