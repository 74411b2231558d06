// How many hosts a design of a model may have: the model's declared maximum (the product's
// documented pool or cluster size, or a limit of the model), held to what the engine can represent
// (host sets are 32-bit masks: MAX_HOSTS). Topology files are checked against it when they load.
import { MAX_HOSTS } from './compile.js';
import type { Model } from './model.js';

export interface EffectiveHostLimit {
  /** The most hosts a design may have here. */
  readonly hosts: number;
  /** Why: the model's source, and the engine's cap when that is lower. */
  readonly why: string;
}

export function hostLimitOf(model: Model): EffectiveHostLimit {
  const declared = model.maxHosts;
  const engine = `hafault's host sets hold at most ${MAX_HOSTS} hosts`;
  if (declared === undefined) return { hosts: MAX_HOSTS, why: engine };
  const source = `${declared.source}${declared.unverified ? ', unverified' : ''}`;
  if (declared.hosts <= MAX_HOSTS) return { hosts: declared.hosts, why: source };
  return { hosts: MAX_HOSTS, why: `${declared.hosts} in the product (${source}); ${engine}` };
}
