// A sweep worker thread: builds the runner once from the plan it is given, says it is ready, then
// runs each slice of schedule indices it is sent and answers with the slice's tally (or with the
// first of its runs that never settles). It knows the user models the command loaded (pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { SweepPlan } from './plan.js';
import type { PoolMessage } from '../pool.js';
import { sweepAnswer, type SliceRequest } from './slices.js';
import { SweepRunner, type SweepOscillationFound } from './runner.js';
import type { SweepTally } from './tally.js';
import { workerPlan, type WorkerData } from '../userModels/sources.js';

export type WorkerMessage = PoolMessage<SweepTally, SweepOscillationFound>;

const runner = new SweepRunner(await workerPlan(workerData as WorkerData<SweepPlan>));
const port = parentPort!;
port.on('message', (slice: SliceRequest) => {
  port.postMessage(sweepAnswer(runner, slice) satisfies WorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
