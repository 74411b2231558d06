// A property's answer about one trace (jepsen's valid? true / false / unknown).
import type { PropertyName } from '../harness/engine/model.js';
import type { Trace } from '../harness/engine/trace.js';

export type Verdict =
  /** `metrics`: figures the property measured on the way (e.g. `rpoMs`: acknowledged writes lost, async). */
  | { readonly property: PropertyName; readonly status: 'holds'; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly property: PropertyName; readonly status: 'violated'; readonly at: number; readonly explanation: string }
  | { readonly property: PropertyName; readonly status: 'unknown'; readonly explanation: string };

/**
 * What a property judges. `safety`: the HA software did something harmful (two active servers, a
 * lost acknowledged write, a needless or pool-wide fence, a fence loop); a recommendation may never
 * make one worse. `liveness`: the HA software was too slow or too eager (restore within RTO,
 * needless failover). `design`: the design lost a service whatever the software did.
 */
export type PropertyKind = 'safety' | 'liveness' | 'design';

export interface Property {
  readonly name: PropertyName;
  readonly kind: PropertyKind;
  /** One sentence: when it holds. */
  readonly statement: string;
  check(trace: Trace): Verdict;
}

export function holds(property: PropertyName, metrics?: Readonly<Record<string, number>>): Verdict {
  return metrics === undefined ? { property, status: 'holds' } : { property, status: 'holds', metrics };
}

export function violated(property: PropertyName, at: number, explanation: string): Verdict {
  return { property, status: 'violated', at, explanation };
}
