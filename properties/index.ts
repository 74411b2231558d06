// The built-in properties by name, and the safe way to run one: a checker that throws yields
// `unknown` with the error, never a crashed run.
import type { Model, PropertyName } from '../harness/engine/model.js';
import type { Trace } from '../harness/engine/trace.js';
import { noAckedWriteLost } from './noAckedWriteLost.js';
import { noDualActive } from './noDualActive.js';
import { noFenceLoop } from './noFenceLoop.js';
import { noPoolWideFence } from './noPoolWideFence.js';
import { noUnnecessaryFence } from './noUnnecessaryFence.js';
import { noUnnecessaryFailover } from './noUnnecessaryFailover.js';
import { serviceRestoredWithin } from './serviceRestoredWithin.js';
import { servicesSurvive } from './servicesSurvive.js';
import type { Property, PropertyKind, Verdict } from './verdict.js';

export type { Property, PropertyKind, Verdict } from './verdict.js';

export const PROPERTIES: Partial<Record<PropertyName, Property>> = {
  noDualActive,
  noUnnecessaryFence,
  noPoolWideFence,
  noFenceLoop,
  serviceRestoredWithin,
  noUnnecessaryFailover,
  noAckedWriteLost,
  servicesSurvive,
};

/** What the property judges: the HA software's safety or liveness, or the design (see verdict.ts). */
export function propertyKind(name: PropertyName): PropertyKind {
  return PROPERTIES[name]?.kind ?? 'liveness';
}

/** The properties of `model` (or of `among`) that a recommendation may never make worse. */
export function safetyProperties(model: Pick<Model, 'properties' | 'safety'>, among: readonly PropertyName[] = model.properties): PropertyName[] {
  return among.filter((p) => propertyKind(p) === 'safety' || (model.safety ?? []).includes(p));
}

export function checkProperty(name: PropertyName, trace: Trace): Verdict {
  const property = PROPERTIES[name];
  if (!property) return { property: name, status: 'unknown', explanation: `no checker for ${name} yet` };
  try {
    return property.check(trace);
  } catch (error) {
    return { property: name, status: 'unknown', explanation: `checker failed: ${(error as Error).message}` };
  }
}
