// Where restarted services go: protected services by priority then order, first host (in UUID
// order) with room. Pure; the simulator carries the plan out.
import type { CompiledService } from './compile.js';

export interface Placement {
  readonly service: number;
  readonly host: number;
}

const RANK: Record<string, number> = { restart: 0, 'best-effort': 1, unprotected: 2 };

/**
 * @param running hostsOf[s] = hosts with an instance of service s
 * @param hostMask hosts the deciding master believes are alive (restarted services go there)
 * @param ownerMask further hosts still believed to own the services they run (not restarted)
 */
export function planRestart(
  services: readonly CompiledService[],
  running: readonly (readonly number[])[],
  hostMask: number,
  capacity: readonly number[],
  ownerMask = 0,
): Placement[] {
  const used = capacity.map(() => 0);
  running.forEach((hosts, s) => hosts.forEach((h) => (used[h] += services[s].needs)));
  const order = services
    .map((_, i) => i)
    .filter((i) => services[i].priority !== 'unprotected' && !running[i].some((h) => ((hostMask | ownerMask) >> h) & 1))
    .sort((a, b) => RANK[services[a].priority] - RANK[services[b].priority] || services[a].order - services[b].order || a - b);
  const out: Placement[] = [];
  for (const s of order) {
    for (let h = 0; h < capacity.length; h++) {
      if (((hostMask >> h) & 1) === 0) continue;
      if (used[h] + services[s].needs > capacity[h]) continue;
      used[h] += services[s].needs;
      out.push({ service: s, host: h });
      break;
    }
  }
  return out;
}
