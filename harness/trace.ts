// The record of one run: every fault, every role change, every fence and service move, and the
// ground truth whenever it changes. Properties read only this. Entries are plain JSON so that the
// same run serialises to the same bytes.
import type { ReplicationMode } from './effects.js';
import type { FaultName } from './faults/index.js';

/**
 * Why an instance stopped: a fault killed it, its host fenced, the HA software stopped it, or the
 * HA software stopped it because an operator asked (a planned switchover).
 */
export type StopCause = 'fault' | 'fence' | 'ha' | 'planned';
/** Why an instance started: a restart by the HA master, or a takeover by a standby. */
export type StartCause = 'restart' | 'takeover';

export type TraceEntry =
  | { readonly at: number; readonly type: 'fault'; readonly fault: FaultName; readonly target: string; readonly text: string }
  /** Ground truth: hosts that could run their workloads; storage nodes serving current data. */
  | { readonly at: number; readonly type: 'truth'; readonly canRun: readonly string[]; readonly serving: readonly string[] }
  | { readonly at: number; readonly type: 'role'; readonly agent: string; readonly kind: string; readonly role: string; readonly status?: 'up' | 'out' }
  | { readonly at: number; readonly type: 'fence'; readonly host: string; readonly reason: string }
  | { readonly at: number; readonly type: 'service'; readonly service: string; readonly host: string; readonly state: 'starting' | 'running' | 'stopped'; readonly cause?: StopCause | StartCause }
  | { readonly at: number; readonly type: 'note'; readonly agent: string; readonly text: string }
  | DataEntry
  | { readonly at: number; readonly type: 'event'; readonly agent: string; readonly event: string };

/** What properties need besides the entries. */
export interface TraceMeta {
  readonly hosts: readonly string[];
  readonly services: readonly { readonly id: string; readonly priority: string; readonly rtoMs: number }[];
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
