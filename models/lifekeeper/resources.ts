// A node's resource hierarchies: bringing one in service (its disk reserved first when shared, its
// virtual IP only on a NIC with link), taking it out, failing it over along its priority order,
// and settling a split brain when the nodes hear each other again.
import { mirrorAllowsTakeover } from './mirror.js';
import { bit, cancelTimer, name, note, send, setOwner, setTries, withAt, type Draft } from './nodeState.js';

/** The first live node of a resource's failover order (from the top, or after this node), other than `skip`. */
export function nextNode(d: Draft, s: number, skip: number, fromTop: boolean): number {
  const order = d.cfg.resources[s].order;
  const start = fromTop ? 0 : order.indexOf(d.cfg.self) + 1;
  for (let i = start; i < order.length; i++) {
    const h = order[i];
    if (h === skip) continue;
    if (h === d.cfg.self || (d.alive >> h) & 1) return h;
  }
  return -1;
}

export function activeIds(d: Draft): string[] {
  return d.cfg.resources.flatMap((r, s) => ((d.active >> s) & 1 ? [r.id] : []));
}

/** In service here: start it and tell every live peer. Its virtual IP cannot come up on a NIC without link. */
export function bringIn(d: Draft, s: number, cause: 'takeover' | 'local-recovery'): void {
  const id = d.cfg.resources[s].id;
  if (!d.serviceNet) {
    failover(d, s, `cannot bring ${id} in service here: the NIC for its virtual IP has no link`, false);
    return;
  }
  d.active |= bit(s);
  setOwner(d, s, d.cfg.self);
  // The source from now on: its copy is the one the others follow.
  if ((d.cfg.mirrored >> s) & 1) d.syncedWith = withAt(d.syncedWith, s, d.cfg.self);
  d.out.push({ do: 'startService', service: id, cause });
  for (let j = 0; j < d.cfg.ids.length; j++)
    if ((d.alive >> j) & 1) send(d, j, { type: 'IN_SERVICE', service: id, node: d.cfg.self });
}

export function takeOut(d: Draft, s: number): void {
  const r = d.cfg.resources[s];
  d.active &= ~bit(s);
  d.crashed &= ~bit(s);
  setTries(d, s, 0);
  cancelTimer(d, `check:${r.id}`);
  cancelTimer(d, `clean:${r.id}`);
  d.out.push({ do: 'stopService', service: r.id });
}

/**
 * Bring a resource in service here: reserve its disk first when it is on shared storage; a
 * mirrored one not while its copy resynchronises.
 */
export function takeover(d: Draft, s: number, why: string): void {
  const r = d.cfg.resources[s];
  if ((d.active >> s) & 1) return;
  if ((d.cfg.mirrored >> s) & 1) {
    if (!mirrorAllowsTakeover(d, s, why)) return;
  } else note(d, why);
  if (r.shared)
    d.out.push({
      do: 'send',
      to: d.cfg.lockAgent,
      event: { type: 'LOCK', service: r.id, host: d.cfg.self, replyTo: d.cfg.agentIds[d.cfg.self], tag: 'takeover' },
    });
  else bringIn(d, s, 'takeover');
}

/** Give a resource up and hand it to the next node of its failover order. */
export function failover(d: Draft, s: number, why: string, fromTop: boolean): void {
  const r = d.cfg.resources[s];
  if ((d.active >> s) & 1) takeOut(d, s);
  if (r.shared && d.storage)
    d.out.push({ do: 'send', to: d.cfg.lockAgent, event: { type: 'UNLOCK', service: r.id, host: d.cfg.self } });
  const next = nextNode(d, s, d.cfg.self, fromTop);
  if (next < 0) {
    setOwner(d, s, -1);
    note(d, `${why}; no live node left in ${r.id}'s failover order: it stays out of service`);
    return;
  }
  note(d, `${why}; fails ${r.id} over to ${name(d, next)}`);
  setOwner(d, s, next);
  send(d, next, { type: 'FAILOVER', service: r.id, from: d.cfg.self });
}

/** Another node announced a resource in service: a split brain ends with the lower-priority node giving it up. */
export function onInService(d: Draft, s: number, node: number): void {
  if (s < 0) return;
  setOwner(d, s, node);
  d.waiting &= ~bit(s);
  if (node === d.cfg.self || ((d.active >> s) & 1) === 0) return;
  const order = d.cfg.resources[s].order;
  if (order.indexOf(d.cfg.self) > order.indexOf(node)) {
    note(
      d,
      `${d.cfg.resources[s].id} is in service on ${name(d, node)} too: takes it out of service here (lower priority)`,
    );
    takeOut(d, s);
  } else {
    setOwner(d, s, d.cfg.self);
    send(d, node, { type: 'IN_SERVICE', service: d.cfg.resources[s].id, node: d.cfg.self });
  }
}
