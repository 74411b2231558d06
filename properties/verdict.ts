// A property's answer about one trace (jepsen's valid? true / false / unknown).
import type { PropertyName } from '../harness/model.js';
import type { Trace } from '../harness/trace.js';

export type Verdict =
  /** `metrics`: figures the property measured on the way (e.g. `rpoMs`: acknowledged writes lost, async). */
  | { readonly property: PropertyName; readonly status: 'holds'; readonly metrics?: Readonly<Record<string, number>> }
  | { readonly property: PropertyName; readonly status: 'violated'; readonly at: number; readonly explanation: string }
  | { readonly property: PropertyName; readonly status: 'unknown'; readonly explanation: string };

export interface Property {
  readonly name: PropertyName;
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
