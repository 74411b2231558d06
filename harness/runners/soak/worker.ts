// A soak worker thread: builds the runner once from the plan it is given, says it is ready, then
// runs each slice it is sent and answers with the slice's tally. It knows the user models the
// command loaded (pool.ts).
import { parentPort, workerData } from 'node:worker_threads';
import type { PoolMessage } from '../pool.js';
import type { SoakPlan } from './plan.js';
import { SoakRunner, type SliceTally, type SoakSlice } from './runner.js';
import { workerPlan, type WorkerData } from '../userModels/sources.js';

const runner = new SoakRunner(await workerPlan(workerData as WorkerData<SoakPlan>));
const port = parentPort!;
port.on('message', (slice: SoakSlice) => {
  port.postMessage({ type: 'tally', tally: runner.runSlice(slice) } satisfies PoolMessage<SliceTally>);
});
port.postMessage({ type: 'ready' } satisfies PoolMessage<SliceTally>);
