// Who is alive and who leads: a master (or legacy primary) watching its members' heartbeats, the
// FDM election, and a host declaring itself isolated.
import { bit, cancelTimer, host, names, note, running, startTimer, type Draft } from './agentState.js';
import { applyIsolationResponse, hostFailed } from './restarts.js';

export function isolate(d: Draft, why: string): void {
  for (const t of d.timers.filter(
    (t) => t.startsWith('fail:') || t === 'iso' || t === 'elect' || t === 'elect-wait' || t === 'retry',
  ))
    cancelTimer(d, t);
  d.role = 'isolated';
  d.suspect = 0;
  d.liveset = bit(d.cfg.self);
  note(
    d,
    `isolated: ${why}, and ${d.cfg.isolationAddress === 'none' ? 'it has no isolation address to ping' : `the isolation address ${d.cfg.isolationAddress} does not answer`}`,
  );
  if (d.cfg.legacy) applyIsolationResponse(d);
  else startTimer(d, 'policy', d.cfg.policyDelayMs);
}

export function becomeSlave(d: Draft, m: number): void {
  for (const t of d.timers.filter(
    (t) => t.startsWith('fail:') || t === 'iso' || t === 'elect' || t === 'elect-wait' || t === 'retry',
  ))
    cancelTimer(d, t);
  d.role = 'slave';
  d.master = m;
  d.suspect = 0;
  d.partitioned = 0;
  d.pending = 0;
}

export function becomeMaster(d: Draft): void {
  const { cfg } = d;
  const reachable = (d.net | bit(cfg.self)) & cfg.esx;
  d.role = 'master';
  d.master = cfg.self;
  d.liveset = cfg.esx;
  d.partitioned = 0;
  d.suspect = cfg.esx & ~reachable;
  note(d, `elected master of ${names(reachable, (h) => host(d, h))}`);
  for (let h = 0; h < cfg.ids.length; h++)
    if ((d.suspect >> h) & 1) startTimer(d, `fail:${host(d, h)}`, cfg.newMasterCheckMs);
  if (d.net === 0 && !d.iso) startTimer(d, 'iso', cfg.isolationPingMs);
}

/** A master or legacy primary watches its members' heartbeats. */
export function watchMembers(d: Draft): void {
  const { cfg } = d;
  const me = bit(cfg.self);
  for (let h = 0; h < cfg.ids.length; h++) {
    const b = bit(h);
    if (h === cfg.self || ((cfg.esx >> h) & 1) === 0) continue;
    if (d.net & b) {
      if (d.suspect & b) {
        d.suspect &= ~b;
        cancelTimer(d, `fail:${host(d, h)}`);
      }
      if (d.partitioned & b) d.partitioned &= ~b;
      if (!(d.liveset & b)) d.liveset |= b;
    } else if (d.liveset & b && !(d.suspect & b)) {
      d.suspect |= b;
      startTimer(d, `fail:${host(d, h)}`, cfg.failureMs);
    } else if (!cfg.legacy && d.partitioned & b && !(d.ds & b)) {
      hostFailed(d, h, `${host(d, h)} stopped its datastore heartbeats too: failed`);
    }
  }
  const alone = d.net === 0 && (d.liveset & ~me) !== 0;
  if (alone && !d.iso) {
    if (!running(d, 'iso')) startTimer(d, 'iso', cfg.legacy ? cfg.legacyIsolationMs : cfg.isolationPingMs);
  } else cancelTimer(d, 'iso');
}
