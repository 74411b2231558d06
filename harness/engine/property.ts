// What a property is, as the model contract sees it: the built-in ones (properties/) and those a
// model declares itself (`Model.ownProperties`) are the same kind of thing, named by a string that
// is checked against the model's properties wherever a name comes in (a flag, a trace file).
import type { Trace } from './trace.js';

/** A property's name: a built-in one (properties/index.ts) or one the model declares. */
export type PropertyName = string;

/**
 * What a property judges. `safety`: the HA software did something harmful (two active servers, a
 * lost acknowledged write, a needless or pool-wide fence, a fence loop); a recommendation may never
 * make one worse. `liveness`: the HA software was too slow or too eager (restore within RTO,
 * needless failover). `design`: the design lost a service whatever the software did.
 */
export type PropertyKind = 'safety' | 'liveness' | 'design';

/** A property's answer about one trace (jepsen's valid? true / false / unknown). */
export type Verdict =
  /** `metrics`: figures the property measured on the way (e.g. `rpoMs`: acknowledged writes lost, async). */
  | { readonly property: PropertyName; readonly status: 'holds'; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly property: PropertyName; readonly status: 'violated'; readonly at: number; readonly explanation: string }
  | { readonly property: PropertyName; readonly status: 'unknown'; readonly explanation: string };

export interface Property {
  readonly name: PropertyName;
  readonly kind: PropertyKind;
  /** One sentence: when it holds. */
  readonly statement: string;
  /** Pure: judges a trace from its entries alone. */
  check(trace: Trace): Verdict;
}
