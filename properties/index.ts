// Properties by name, built-in or declared by a model, and the safe way to run one: a checker that
// throws yields `unknown` with the error, never a crashed run. Every lookup goes through
// `findProperty`, which takes the model, so a model's own properties are judged like built-in ones.
import { didYouMean } from '../harness/engine/didYouMean.js';
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

/** The built-in properties, by name. */
export const PROPERTIES: Readonly<Record<string, Property>> = {
  noDualActive,
  noUnnecessaryFence,
  noPoolWideFence,
  noFenceLoop,
  serviceRestoredWithin,
  noUnnecessaryFailover,
  noAckedWriteLost,
  servicesSurvive,
};

/** What a lookup needs of a model: the properties it declares itself. */
export type PropertySource = Pick<Model, 'ownProperties'>;

/** The property by that name: a built-in one, else one `model` declares. */
export function findProperty(name: PropertyName, model?: PropertySource): Property | undefined {
  if (Object.prototype.hasOwnProperty.call(PROPERTIES, name)) return PROPERTIES[name];
  return model?.ownProperties?.find((p) => p.name === name);
}

/** What the property judges: the HA software's safety or liveness, or the design (see verdict.ts). */
export function propertyKind(name: PropertyName, model?: PropertySource): PropertyKind {
  return findProperty(name, model)?.kind ?? 'liveness';
}

/** The properties of `model` (or of `among`) that a recommendation may never make worse. */
export function safetyProperties(
  model: Pick<Model, 'properties' | 'safety' | 'ownProperties'>,
  among: readonly PropertyName[] = model.properties,
): PropertyName[] {
  return among.filter((p) => propertyKind(p, model) === 'safety' || (model.safety ?? []).includes(p));
}

export function checkProperty(name: PropertyName, trace: Trace, model?: PropertySource): Verdict {
  const property = findProperty(name, model);
  if (!property)
    return {
      property: name,
      status: 'unknown',
      explanation: `no checker for ${name}: neither a built-in property nor one the model declares`,
    };
  try {
    return property.check(trace);
  } catch (error) {
    return { property: name, status: 'unknown', explanation: `checker failed: ${(error as Error).message}` };
  }
}

/**
 * What is wrong with a model's properties, one sentence each: a judged name nothing defines, an own
 * property that reuses a built-in name or another own one, or is never judged.
 */
export function propertyProblems(model: Pick<Model, 'name' | 'properties' | 'ownProperties' | 'safety'>): string[] {
  const out: string[] = [];
  const own = model.ownProperties ?? [];
  const known = [...Object.keys(PROPERTIES), ...own.map((p) => p.name)];
  for (const name of model.properties) {
    if (findProperty(name, model) === undefined)
      out.push(
        `${model.name}: properties: \`${name}\` is neither a built-in property nor one the model declares${didYouMean(name, known)}`,
      );
  }
  for (const name of model.safety ?? []) {
    if (!model.properties.includes(name))
      out.push(
        `${model.name}: safety: \`${name}\` is not one of the model's properties${didYouMean(name, [...model.properties])}`,
      );
  }
  own.forEach((p, i) => {
    if (Object.prototype.hasOwnProperty.call(PROPERTIES, p.name))
      out.push(
        `${model.name}: ownProperties[${i}]: \`${p.name}\` is a built-in property's name; give the model's own property a name of its own`,
      );
    else if (own.findIndex((q) => q.name === p.name) !== i)
      out.push(`${model.name}: ownProperties[${i}]: \`${p.name}\` is declared twice`);
    if (!model.properties.includes(p.name))
      out.push(
        `${model.name}: ownProperties[${i}]: \`${p.name}\` is declared but never judged (add it to \`properties\`)`,
      );
  });
  return out;
}
