// What the real-cluster driver needs from a product to run it for real: whether it can run here,
// and, per host, a daemon it can start, stop cleanly, crash, pause and resume, which reports the
// roles it takes and the service addresses it holds as they happen.
import type { CompiledTopology } from '../engine/compile.js';
import type { FaultName, FaultStep } from '../engine/faults/index.js';
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

/** One change a side went through, as conformance compares it (a role, or a product's own fact). */
export interface LabChange {
  readonly at: number;
  readonly role: string;
}

/** Per host (or per host and kind of fact), its changes in order. */
export type LabSequences = Readonly<Record<string, readonly LabChange[]>>;

/** What a whole-cluster lab is given: the schedule both sides run, and the model's run of it. */
export interface ClusterLabInput<S extends Config = Config> {
  readonly compiled: CompiledTopology;
  readonly config: S;
  readonly schedule: readonly FaultStep[];
  readonly horizonMs: number;
  readonly modelRun: Trace;
  /** The model's run of another schedule (a race: the same faults at other instants). */
  readonly simulate: (schedule: readonly FaultStep[], horizonMs: number) => Trace;
  readonly toleranceMs: number;
}

/** A whole-cluster lab's verdict on one schedule, in the terms `conform` reports. */
export interface ClusterLabComparison {
  readonly agree: boolean;
  readonly mismatches: readonly string[];
  readonly worstDeltaMs: number;
  readonly modelRoles: LabSequences;
  readonly realRoles: LabSequences;
  /** The real run as a trace (faults, fences, roles, where the service ran), in model time. */
  readonly realTrace: Trace;
  readonly warnings: readonly string[];
  readonly logs: Readonly<Record<string, string>>;
  /** The real outcome in a few words (who fenced whom), counted over a command's runs. */
  readonly outcome: string;
  /** When the real outcome is a race's: how far the model's faults were moved to give it (0: as
   * scheduled), or null when no instant the model tried gives it. */
  readonly raceShiftMs: number | null;
}

/**
 * A product whose real side is one lab for the whole cluster (its nodes, their fencing, a quorum
 * host) rather than one daemon per host: it runs a schedule for real and compares the outcome with
 * the model's run itself, in the product's own facts and tolerances.
 */
export interface ClusterLab<S extends Config = Config> {
  readonly model: string;
  unavailable(): string | null;
  /** Why the lab cannot run this schedule (a fault it has no way to make), one line each. */
  scheduleProblems(compiled: CompiledTopology, config: S, schedule: readonly FaultStep[]): string[];
  compare(input: ClusterLabInput<S>): Promise<ClusterLabComparison>;
}

export function isClusterLab<S extends Config>(p: RealProduct<S> | ClusterLab<S>): p is ClusterLab<S> {
  return 'compare' in p;
}

/** What conformance needs to know about a model that has a real counterpart: the real product, the
 * fault kinds worth drawing (short schedules: real time is slow), how long to watch after the last
 * fault, and which instants of a model run are knife edges. A model's binding lives in its folder. */
export interface ConformBinding<S extends Config = Config> {
  readonly model: string;
  /** Daemons per host (runners/conform/lab.ts drives them), or a whole-cluster lab. */
  readonly product: RealProduct<S> | ClusterLab<S>;
  /** The default `--tolerance` (ms): how far apart a real and a modelled change may be. */
  readonly toleranceMs?: number;
  readonly kinds: readonly FaultName[];
  /** First fault instant (after the start-up election) and the span faults are drawn in. */
  readonly firstAtMs: number;
  readonly spanMs: number;
  /** Real time to keep watching after the last fault. */
  tailMs(config: S): number;
  /** Instants of a (full-level) model run at these settings where a fault's exact timing decides the outcome. */
  sensitiveInstants(trace: Trace, config: S): number[];
}
