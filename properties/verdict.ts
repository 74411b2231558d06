// A property's answer about one trace, and the two ways to give one. The types live in the engine's
// model contract (harness/engine/property.ts) so that a model can declare properties of its own.
import type { PropertyName, Verdict } from '../harness/engine/property.js';

export type { Property, PropertyKind, Verdict } from '../harness/engine/property.js';

export function holds(property: PropertyName, metrics?: Readonly<Record<string, number>>): Verdict {
  return metrics === undefined ? { property, status: 'holds' } : { property, status: 'holds', metrics };
}

export function violated(property: PropertyName, at: number, explanation: string): Verdict {
  return { property, status: 'violated', at, explanation };
}
