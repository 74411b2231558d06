// The record of one run: every fault, every role change, every fence and service move, and the
// ground truth whenever it changes. Properties read only this. Entries are plain JSON so that the
// same run serialises to the same bytes.
import type { ReplicationMode, StartCause } from './effects.js';
export type { StartCause } from './effects.js';
import type { FaultName } from './faults/index.js';

/**
 * Why an instance stopped: a fault killed it, its host fenced, the HA software stopped it (`ha`),
 * the HA software stopped it because an operator asked (`planned`: a switchover), or it left by
 * live migration.
 */
export type StopCause = 'fault' | 'fence' | 'ha' | 'planned' | 'migrate';

export type TraceEntry =
  | {
      readonly at: number;
      readonly type: 'fault';
      readonly fault: FaultName;
      readonly target: string;
      readonly text: string;
    }
  /** Ground truth: hosts that could run their workloads; storage nodes serving current data. */
  /**
   * Ground truth: hosts that could run their workloads; storage nodes serving current data; hosts
   * whose workloads clients can reach on the network (powered, service network up) even if their
   * storage is gone — an instance there still holds its identity on the LAN.
   */
  | {
      readonly at: number;
      readonly type: 'truth';
      readonly canRun: readonly string[];
      readonly serving: readonly string[];
      readonly reachable?: readonly string[];
    }
  | {
      readonly at: number;
      readonly type: 'role';
      readonly agent: string;
      readonly kind: string;
      readonly role: string;
      readonly status?: 'up' | 'out';
    }
  /**
   * A host is fenced: it fenced itself, or (`by`) the host `by` powered it off through fence device
   * `device` (a peer fence; the host loses power at this instant).
   */
  | {
      readonly at: number;
      readonly type: 'fence';
      readonly host: string;
      readonly reason: string;
      readonly by?: string;
      readonly device?: string;
    }
  /**
   * A service instance changes state. `shadow`: the instance is a lock-step shadow — it executes in
   * lock-step with the service's independent instance under the same identity (one IP, one MAC), so
   * the two are ONE server, not two. A `running` entry with cause `takeover` for a host that held a
   * shadow is its promotion: from then on it runs as an independent server.
   */
  | {
      readonly at: number;
      readonly type: 'service';
      readonly service: string;
      readonly host: string;
      readonly state: 'starting' | 'running' | 'stopped';
      readonly cause?: StopCause | StartCause;
      readonly shadow?: true;
    }
  /** A start that the host could not take: not enough capacity left on it or a host it runs on. */
  | {
      readonly at: number;
      readonly type: 'refused';
      readonly service: string;
      readonly host: string;
      readonly reason: string;
    }
  | { readonly at: number; readonly type: 'note'; readonly agent: string; readonly text: string }
  | DataEntry
  | { readonly at: number; readonly type: 'event'; readonly agent: string; readonly event: string };

/** What properties need besides the entries. */
export interface TraceMeta {
  readonly hosts: readonly string[];
  readonly services: readonly {
    readonly id: string;
    readonly priority: string;
    readonly rtoMs: number;
    readonly needs?: number;
  }[];
  /** Resource units per host (in `hosts` order); null for a host without a limit. */
  readonly capacity?: readonly (number | null)[];
  readonly endMs: number;
}

export interface Trace {
  readonly meta: TraceMeta;
  readonly entries: readonly TraceEntry[];
}

/**
 * Replication, from ground truth: what one host's copy of a service's data holds. `following`: from
 * `at` on, the copy receives every acknowledged write `lagMs` after it was acknowledged (it holds
 * every write acknowledged up to `now - lagMs`; `upToMs` is that instant at `at`). `stopped`: it
 * receives nothing more and holds every write acknowledged up to `upToMs`. A host that runs the
 * service is the writer: its copy holds everything it acknowledged, and needs no entry.
 */
export interface DataEntry {
  readonly at: number;
  readonly type: 'data';
  readonly service: string;
  readonly host: string;
  /** The host whose writes feed this copy (null once the replica was ended). */
  readonly source: string | null;
  readonly state: 'following' | 'stopped';
  readonly mode: ReplicationMode;
  readonly lagMs: number;
  readonly upToMs: number;
}
