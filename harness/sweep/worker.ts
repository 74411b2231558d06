// A sweep worker thread: builds the runner once from the plan it is given, says it is ready, then
// runs each slice of schedule indices it is sent and answers with the slice's tally.
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepPlan } from './plan.js';
import { SweepRunner } from './runner.js';
import type { SweepTally } from './tally.js';

export interface SliceRequest {
  readonly from: number;
  readonly to: number;
}

export type WorkerMessage = { readonly type: 'ready' } | { readonly type: 'tally'; readonly tally: SweepTally };

const runner = new SweepRunner(workerData as SweepPlan);
const port = parentPort!;
port.on('message', (slice: SliceRequest) => {
  port.postMessage({ type: 'tally', tally: runner.runRange(slice.from, slice.to) } satisfies WorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
