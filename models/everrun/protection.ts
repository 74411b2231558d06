// Which instances everRun can protect: each protected instance needs a lock-step copy on the other
// host, so the other host must have room for it on top of what it already runs (seed 003: everRun
// checks the target server's resources; "care should be taken … that the other won't be
// overloaded"). An instance without room runs unprotected: it dies with its host. Pure.
import type { CompiledTopology } from '../../harness/engine/compile.js';

export interface ProtectionPlan {
  /** Services that run as a lock-step pair (an independent instance at home, a shadow on the partner). */
  readonly mirrored: readonly boolean[];
  /** For services that could not be mirrored: why, as a sentence; '' otherwise. */
  readonly refusal: readonly string[];
}

const RANK: Record<string, number> = { restart: 0, 'best-effort': 1, unprotected: 2 };

/** Protects services by priority, then order, as long as the partner host has room. */
export function planProtection(topo: CompiledTopology, partnerOf: (host: number) => number): ProtectionPlan {
  const used = topo.hostCapacity.map(() => 0);
  topo.services.forEach((s) => (used[s.home] += s.needs));
  const mirrored = topo.services.map(() => false);
  const refusal = topo.services.map(() => '');
  const order = topo.services
    .map((_, i) => i)
    .sort(
      (a, b) =>
        RANK[topo.services[a].priority] - RANK[topo.services[b].priority] ||
        topo.services[a].order - topo.services[b].order ||
        a - b,
    );
  for (const i of order) {
    const s = topo.services[i];
    const partner = partnerOf(s.home);
    if (s.priority === 'unprotected') {
      refusal[i] = `${s.id} is not protected (priority unprotected)`;
      continue;
    }
    const free = topo.hostCapacity[partner] - used[partner];
    if (s.needs > free) {
      refusal[i] =
        `${s.id} runs unprotected: its lock-step copy needs ${s.needs} units on ${topo.hostIds[partner]}, which has ${free} free`;
      continue;
    }
    used[partner] += s.needs;
    mirrored[i] = true;
  }
  return { mirrored, refusal };
}
