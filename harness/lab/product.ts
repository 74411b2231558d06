// What the real-cluster driver needs from a product to run it for real: whether it can run here,
// and, per host, a daemon it can start, stop cleanly, crash, pause and resume, which reports the
// roles it takes and the service addresses it holds as they happen.
import type { FaultName } from '../engine/faults/index.js';
import type { Config } from '../engine/model.js';
import type { Trace } from '../engine/trace.js';
import type { LabHost } from './network.js';
import type { RunResources } from './resources.js';

/** Something a daemon reported, at `at` ms of the driver's monotonic clock. */
export type Observation =
  | { readonly at: number; readonly host: number; readonly type: 'role'; readonly role: string }
  | { readonly at: number; readonly host: number; readonly type: 'holds'; readonly held: boolean };

/** `S`: the model's typed settings (harness code holds every product as `RealProduct`). */
export interface DaemonSite<S extends Config = Config> {
  readonly host: LabHost;
  readonly index: number;
  /** The run's scratch directory. */
  readonly dir: string;
  readonly res: RunResources;
  readonly config: S;
  readonly now: () => number;
  readonly observe: (o: Observation) => void;
}

export interface RealDaemon {
  start(): Promise<void>;
  /** A clean stop (SIGTERM): the daemon says goodbye. */
  stop(): Promise<void>;
  /** Power loss of the host: the daemon dies without a word and the host's addresses go. */
  crash(): Promise<void>;
  /** SIGSTOP / SIGCONT: a paused host gets nothing done until it resumes. */
  pause(): void;
  resume(): void;
  /** What the daemon logged during the run (kept with a finding). */
  log(): string;
}

export interface RealProduct<S extends Config = Config> {
  /** The model this product's real daemon is compared with. */
  readonly model: string;
  /** Why it cannot run on this machine (missing program), or null. */
  unavailable(): string | null;
  prepare(site: DaemonSite<S>): Promise<RealDaemon>;
}

/** What conformance needs to know about a model that has a real counterpart: the real product, the
 * fault kinds worth drawing (short schedules: real time is slow), how long to watch after the last
 * fault, and which instants of a model run are knife edges. A model's binding lives in its folder. */
export interface ConformBinding<S extends Config = Config> {
  readonly model: string;
  readonly product: RealProduct<S>;
  readonly kinds: readonly FaultName[];
  /** First fault instant (after the start-up election) and the span faults are drawn in. */
  readonly firstAtMs: number;
  readonly spanMs: number;
  /** Real time to keep watching after the last fault. */
  tailMs(config: S): number;
  /** Instants of a (full-level) model run at these settings where a fault's exact timing decides the outcome. */
  sensitiveInstants(trace: Trace, config: S): number[];
}
