// SteelEye DataKeeper (SDR) mirrors as one LifeKeeper node sees them. A resource without shared
// storage has its data mirrored from the node that has it in service (the source) to the other
// nodes of its failover order (the targets), over the first comm path the pair shares (SIOS
// recommends a private, dedicated network: the `channel` crossover here). Each target declares its
// replica with the `replicate` effect, and the simulator records from ground truth what the copy
// holds; the node itself acts on what it believes. A target whose mirror broke while the source ran
// on, or that was down, is behind: once the path is back it follows the source again and copies the
// blocks it missed (`mirrorResyncMs`, counted while the source is heard on the path), and until that
// resync is complete it cannot take the resource over (DataKeeper, "Resynchronization").
// A target that is behind but not resynchronising is not stopped from taking over — the sources
// are silent on that case — and the writes its source acknowledged meanwhile are then lost.
import { formatMs } from '../../harness/engine/time.js';
import { COMM_PATHS } from './cluster.js';
import { bit, cancelTimer, name, note, send, startTimer, withAt, type Draft } from './nodeState.js';

/** Index in COMM_PATHS of the path this node and `j` replicate over: the first one they share (-1: none). */
function pathIndex(d: Draft, j: number): number {
  const shared = d.cfg.commPaths[d.cfg.self] & d.cfg.commPaths[j];
  return shared === 0 ? -1 : Math.log2(shared & -shared);
}

/** This node believes the replication path to `j` carries traffic (j's heartbeats arrive on it). */
function pathUp(d: Draft, j: number): boolean {
  const i = pathIndex(d, j);
  return i >= 0 && ((d.links[j] >> i) & 1) === 1;
}

function declare(d: Draft, s: number, source: number): void {
  const i = pathIndex(d, source);
  d.out.push({
    do: 'replicate',
    service: d.cfg.resources[s].id,
    from: d.cfg.ids[source],
    over: [COMM_PATHS[i]],
    mode: d.cfg.replication,
    lagMs: d.cfg.lagMs,
  });
  d.follows = withAt(d.follows, s, source);
}

/** The copy stops following its source; it keeps what it holds. */
export function endReplica(d: Draft, s: number): void {
  const from = d.follows[s];
  if (from < 0) return;
  d.out.push({
    do: 'replicate',
    service: d.cfg.resources[s].id,
    from: null,
    over: [COMM_PATHS[Math.max(0, pathIndex(d, from))]],
    mode: d.cfg.replication,
    lagMs: d.cfg.lagMs,
  });
  d.follows = withAt(d.follows, s, -1);
}

/** The resynchronisation timer stops; the copy stays incomplete (`resyncFrom` is kept). */
function pauseResync(d: Draft, s: number, why?: string): void {
  const timer = `resync:${d.cfg.resources[s].id}`;
  if (!d.timers.includes(timer)) return;
  cancelTimer(d, timer);
  if (why !== undefined)
    note(d, `${why}: the resynchronisation of ${d.cfg.resources[s].id} stops; it starts again when the path is back`);
}

/** Keep every mirror this node takes part in in line with its role and beliefs (after every event). */
export function reconcileMirrors(d: Draft): void {
  if (d.cfg.mirrored === 0) return;
  for (let s = 0; s < d.cfg.resources.length; s++) if ((d.cfg.mirrored >> s) & 1) reconcile(d, s);
}

function reconcile(d: Draft, s: number): void {
  const { cfg } = d;
  const self = cfg.self;
  const id = cfg.resources[s].id;
  if (d.role !== 'running') {
    // Down, halted or rebooting: its copy stops, and unless it was the source, the source goes on without it.
    endReplica(d, s);
    d.resyncFrom = withAt(d.resyncFrom, s, -1);
    if (d.syncedWith[s] !== self) d.syncedWith = withAt(d.syncedWith, s, -1);
    return;
  }
  if ((d.active >> s) & 1) {
    // The source now. A live source that handed over cleanly sends its queue before the copy stops following it.
    pauseResync(d, s);
    d.resyncFrom = withAt(d.resyncFrom, s, -1);
    const from = d.follows[s];
    if (from < 0 || d.timers.includes(`drain:${id}`)) return;
    if (cfg.lagMs > 0 && (d.alive >> from) & 1 && pathUp(d, from)) startTimer(d, `drain:${id}`, cfg.lagMs);
    else endReplica(d, s);
    return;
  }
  const owner = d.owner[s];
  const source = owner >= 0 && owner !== self && (d.alive >> owner) & 1 ? owner : -1;
  if (source < 0) {
    // No live source known: nothing to follow (a dead source's queue died with it); a resync waits.
    endReplica(d, s);
    pauseResync(d, s);
    return;
  }
  if (d.syncedWith[s] === self) d.syncedWith = withAt(d.syncedWith, s, -1); // another node writes now
  if (d.follows[s] >= 0 && d.follows[s] !== source) {
    endReplica(d, s);
    d.syncedWith = withAt(d.syncedWith, s, -1);
  }
  if (d.resyncFrom[s] >= 0 && d.resyncFrom[s] !== source) {
    pauseResync(d, s);
    d.resyncFrom = withAt(d.resyncFrom, s, source);
  }
  if (d.links[source] === 0) {
    // Silent: ground truth says whether anything still flows; the source may be declared dead next.
    pauseResync(d, s);
    return;
  }
  if (!pathUp(d, source)) {
    if (d.follows[s] >= 0) {
      note(
        d,
        `replication path (${COMM_PATHS[pathIndex(d, source)]}) to ${name(d, source)} is down while ${name(d, source)} runs on: the mirror of ${id} is broken and the copy here falls behind`,
      );
      endReplica(d, s);
    }
    pauseResync(d, s, `replication path to ${name(d, source)} down`);
    d.syncedWith = withAt(d.syncedWith, s, -1);
    return;
  }
  if (d.follows[s] < 0) declare(d, s, source);
  if (d.syncedWith[s] === source || d.timers.includes(`resync:${id}`)) return;
  // Behind: the copy receives the source's writes again, and the blocks it missed are copied over.
  note(
    d,
    `resynchronises its mirror of ${id} from ${name(d, source)} (${formatMs(cfg.resyncMs)}); until then it cannot take ${id} over`,
  );
  startTimer(d, `resync:${id}`, cfg.resyncMs);
  d.resyncFrom = withAt(d.resyncFrom, s, source);
}

export function resyncDone(d: Draft, s: number): void {
  const from = d.resyncFrom[s];
  if (from < 0) return;
  d.resyncFrom = withAt(d.resyncFrom, s, -1);
  d.syncedWith = withAt(d.syncedWith, s, from);
  note(d, `mirror of ${d.cfg.resources[s].id} in sync with ${name(d, from)} again`);
}

/**
 * May a mirrored resource come in service here? Not while its copy resynchronises (the resource
 * then waits for its source to return). Otherwise the note says what the copy holds, as believed.
 */
export function mirrorAllowsTakeover(d: Draft, s: number, why: string): boolean {
  const { cfg } = d;
  const id = cfg.resources[s].id;
  const resyncing = d.resyncFrom[s];
  if (resyncing >= 0) {
    note(
      d,
      `${why}: refused — its mirror of ${id} is still resynchronising from ${name(d, resyncing)} (a DataKeeper target in resync cannot come in service); ${id} waits for ${name(d, resyncing)} to return`,
    );
    d.waiting |= bit(s);
    return false;
  }
  d.waiting &= ~bit(s);
  note(d, why);
  const from = d.follows[s] >= 0 ? d.follows[s] : d.owner[s];
  const src = from >= 0 && from !== cfg.self ? name(d, from) : 'its last source';
  const synced = d.syncedWith[s];
  if (synced === cfg.self) note(d, `it was the last source of ${id}: its copy holds every write it acknowledged`);
  else if (synced < 0 || synced !== from)
    note(
      d,
      `its copy of ${id} is behind (its mirror was broken or it was down, and it has not resynchronised): the writes ${src} acknowledged since are lost`,
    );
  else if (cfg.replication === 'async') {
    note(
      d,
      (d.alive >> from) & 1 && pathUp(d, from)
        ? `asynchronous mirror: ${src} is alive and sends what it still queues (${formatMs(cfg.lagMs)}) before the copy stops following it`
        : `asynchronous mirror: the writes still queued on ${src} when it was lost (up to ${formatMs(cfg.lagMs)}) are lost`,
    );
  } else
    note(
      d,
      `synchronous mirror, in sync with ${src} at its last heartbeat: it takes over with every write ${src} acknowledged`,
    );
  return true;
}

/** A node that was waiting is back (it announced what it runs): hand it the resources it was the source of. */
export function handBackWaiting(d: Draft, node: number, running: readonly string[]): void {
  if (d.waiting === 0) return;
  d.cfg.resources.forEach((r, s) => {
    if (((d.waiting >> s) & 1) === 0 || d.owner[s] !== node || running.includes(r.id)) return;
    d.waiting &= ~bit(s);
    note(
      d,
      `${name(d, node)} is back: hands ${r.id} back to it (it was the source; DataKeeper brings the resource in service there, and the resynchronisation continues)`,
    );
    send(d, node, { type: 'FAILOVER', service: r.id, from: d.cfg.self });
  });
}
