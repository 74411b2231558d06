// An availability worker thread: builds the runner once from the plan it is given (the same failure
// model and simulations as the calling thread), says it is ready, then answers each slice of episode
// indices it is sent with the slice's tally (or its first episode that never settles).
import { parentPort, workerData } from 'node:worker_threads';
import type { PoolMessage } from '../pool.js';
import { workerPlan, type WorkerData } from '../userModels/sources.js';
import type { AvailabilityPlan } from './plan.js';
import { AvailabilityRunner, type AvailabilityOscillationFound } from './runner.js';
import { availabilityAnswer, type EpisodeSlice } from './slices.js';
import type { AvailabilityTally } from './tally.js';

export type WorkerMessage = PoolMessage<AvailabilityTally, AvailabilityOscillationFound>;

const runner = new AvailabilityRunner(await workerPlan(workerData as WorkerData<AvailabilityPlan>));
const port = parentPort!;
port.on('message', (slice: EpisodeSlice) => {
  port.postMessage(availabilityAnswer(runner, slice) satisfies WorkerMessage);
});
port.postMessage({ type: 'ready' } satisfies WorkerMessage);
