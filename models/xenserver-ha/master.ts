// The pool master: the one host whose xapi restarts protected VMs (xapi ocaml/xapi/xapi_ha.ml:
// "Master performs VM restart"). It holds a lock in the statefile; when no live host holds it,
// the members re-elect (DOMAIN.md XenServer; xha daemon/lock_mgr.c: the lock needs the grant of
// every member of the liveset, the lowest index first). No other host ever starts an HA VM, and a
// VM is started only when the master's view says it runs nowhere: a VM of a host the master still
// counts as a member is believed to run there until that host is dropped from the pool.
import type { Effect } from '../../harness/engine/effects.js';
import {
  difference,
  EMPTY_HOSTS,
  type HostSet,
  intersection,
  isEmptyHosts,
  union,
  withHost,
} from '../../harness/engine/hostSet.js';
import type { RestartPriority } from '../../harness/engine/topology.js';
import * as hc from './hostContext.js';
import type { HostContext } from './hostContext.js';
import * as sv from './survival.js';

const { bit, names } = hc;
const { count, lowest } = sv;

/** A pass that declares hosts dead also tries best-effort VMs (xapi tries them once, then). */
export const DECLARATION_PASS: readonly RestartPriority[] = ['restart', 'best-effort'];
/** Any other pass (a host joined): protected VMs are retried; best-effort ones are not. */
export const RETRY_PASS: readonly RestartPriority[] = ['restart'];

/**
 * This host takes the master lock now: no live host holds it, this host's statefile I/O works,
 * every member is live with statefile access (each must grant it), and this host is the lowest.
 * The retry every 5 s of xapi's election is abstracted to the instant the lock becomes free.
 */
export function takesLock(c: HostContext): boolean {
  if (c.master || c.masters !== 0 || c.sf !== 'ok' || !c.access) return false;
  const members = union(union(c.liveset, c.pending), bit(c));
  if (!isEmptyHosts(difference(members, union(intersection(c.live, c.writers), bit(c))))) return false;
  return lowest(members) === c.cfg.self;
}

/**
 * The master restarts protected VMs that run on no host it believes alive (its live members) or
 * still owning its VMs (members, and live hosts it has not declared dead), on its live members.
 */
export function restartPass(c: HostContext, priorities: readonly RestartPriority[]): Effect[] {
  const out: Effect[] = [];
  const members = union(union(c.liveset, c.pending), bit(c));
  let declaredDead: HostSet = EMPTY_HOSTS;
  c.dropped.forEach((g, h) => {
    if (g >= 0) declaredDead = withHost(declaredDead, h);
  });
  // Hosts the pool's decisions declared dead (in their current boot) count as failed.
  if (priorities.includes('best-effort') && count(declaredDead) > c.cfg.failuresToTolerate) {
    out.push({
      do: 'note',
      text: `${names(declaredDead, c)} failed: more than ha-host-failures-to-tolerate = ${c.cfg.failuresToTolerate}; the pool is overcommitted, VMs restart by priority while capacity lasts`,
    });
  }
  out.push({
    do: 'restartServices',
    hostMask: union(intersection(c.liveset, c.live), bit(c)),
    ownerMask: union(members, difference(c.live, declaredDead)),
    priorities,
  });
  return out;
}

/** Taking the lock: the new master restarts what the pool lost (a declaration: best-effort VMs too). */
export function becomeMaster(c: HostContext): Effect[] {
  return [
    { do: 'note', text: 'becomes pool master (no live host held the lock)' },
    ...restartPass(c, DECLARATION_PASS),
  ];
}
