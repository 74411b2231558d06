// Where restarted services go: protected services by priority then order, first host (in UUID
// order) with room. A service on a VM also uses room on the physical host the VM runs on, so a
// hypervisor's capacity bounds everything its VMs run. Pure; the simulator carries the plan out.
import type { CompiledService } from './compile.js';
import type { RestartPriority } from './topology.js';
import { EMPTY_HOSTS, hasHost, type HostSet, union } from './hostSet.js';

export interface Placement {
  readonly service: number;
  readonly host: number;
}

const RANK: Record<string, number> = { restart: 0, 'best-effort': 1, unprotected: 2 };
const NO_PARENTS: readonly number[] = [];

/** Whether `needs` more units fit on `host` and on every host it runs on. */
export function fits(
  needs: number,
  host: number,
  used: readonly number[],
  capacity: readonly number[],
  parentOf: readonly number[] = NO_PARENTS,
): boolean {
  for (let h = host; h >= 0; h = parentOf[h] ?? -1) if (used[h] + needs > capacity[h]) return false;
  return true;
}

/** Adds `needs` to the use of `host` and of every host it runs on. */
export function charge(used: number[], needs: number, host: number, parentOf: readonly number[] = NO_PARENTS): void {
  for (let h = host; h >= 0; h = parentOf[h] ?? -1) used[h] += needs;
}

/** Units in use on each host (a VM's services count on its physical host too). */
export function usage(
  services: readonly CompiledService[],
  running: readonly (readonly number[])[],
  hosts: number,
  parentOf: readonly number[] = NO_PARENTS,
): number[] {
  const used = new Array<number>(hosts).fill(0);
  running.forEach((list, s) => list.forEach((h) => charge(used, services[s].needs, h, parentOf)));
  return used;
}

export interface RestartOptions {
  /**
   * Per service: the host its last instance vanished with (the host crashed or fenced and has not
   * booted since), or -1. A deciding manager that still counts that host as alive (`hostMask` or
   * `ownerMask`) cannot tell the service is gone, so it does not restart it.
   */
  readonly lostWith?: readonly number[];
  /** The priorities this pass restarts (default: every protected one). */
  readonly priorities?: readonly RestartPriority[];
}

export interface RestartPlan {
  readonly placements: readonly Placement[];
  /** Services the pass wanted to restart but no host of `hostMask` had room for, in plan order. */
  readonly unplaced: readonly number[];
}

const PROTECTED: readonly RestartPriority[] = ['restart', 'best-effort'];

/**
 * @param running hostsOf[s] = hosts with an instance of service s
 * @param hostMask hosts the deciding master believes are alive (restarted services go there)
 * @param ownerMask further hosts still believed to own the services they run (not restarted)
 * @returns where each restarted service goes, and the services no host of `hostMask` had room for
 */
export function planRestart(
  services: readonly CompiledService[],
  running: readonly (readonly number[])[],
  hostMask: HostSet,
  capacity: readonly number[],
  ownerMask: HostSet = EMPTY_HOSTS,
  parentOf: readonly number[] = NO_PARENTS,
  options: RestartOptions = {},
): RestartPlan {
  const used = usage(services, running, capacity.length, parentOf);
  const believed = union(hostMask, ownerMask);
  const priorities = options.priorities ?? PROTECTED;
  const lostWith = options.lostWith;
  const order = services
    .map((_, i) => i)
    .filter((i) => services[i].priority !== 'unprotected' && priorities.includes(services[i].priority))
    .filter(
      (i) =>
        !running[i].some((h) => hasHost(believed, h)) &&
        !(lostWith !== undefined && lostWith[i] >= 0 && hasHost(believed, lostWith[i])),
    )
    .sort(
      (a, b) =>
        RANK[services[a].priority] - RANK[services[b].priority] || services[a].order - services[b].order || a - b,
    );
  const placements: Placement[] = [];
  const unplaced: number[] = [];
  for (const s of order) {
    let placed = false;
    for (let h = 0; h < capacity.length && !placed; h++) {
      if (!hasHost(hostMask, h) || !fits(services[s].needs, h, used, capacity, parentOf)) continue;
      charge(used, services[s].needs, h, parentOf);
      placements.push({ service: s, host: h });
      placed = true;
    }
    if (!placed) unplaced.push(s);
  }
  return { placements, unplaced };
}
