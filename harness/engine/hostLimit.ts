// How many hosts a design of a model may have: the model's declared maximum (the product's
// documented pool or cluster size, or a limit of the model), held to what the engine takes
// (MAX_HOSTS). A model that declares none keeps its own host masks in one 32-bit number (two-host
// pairs, LifeKeeper's cluster masks), so it is held to what one word holds (WORD_HOSTS = 31).
// Topology files are checked against it when they load.
import { MAX_HOSTS } from './compile.js';
import { WORD_HOSTS } from './hostSet.js';
import type { Model } from './model.js';

export interface EffectiveHostLimit {
  /** The most hosts a design may have here. */
  readonly hosts: number;
  /** Why: the model's source, and the engine's cap when that is lower. */
  readonly why: string;
}

export function hostLimitOf(model: Model): EffectiveHostLimit {
  const declared = model.maxHosts;
  if (declared === undefined)
    return { hosts: WORD_HOSTS, why: `the model declares no maximum, and its host masks are one 32-bit word` };
  const source = `${declared.source}${declared.unverified ? ', unverified' : ''}`;
  if (declared.hosts <= MAX_HOSTS) return { hosts: declared.hosts, why: source };
  return {
    hosts: MAX_HOSTS,
    why: `${declared.hosts} in the product (${source}); hafault takes at most ${MAX_HOSTS} hosts`,
  };
}
