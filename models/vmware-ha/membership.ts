// Who is alive and who leads: a master (or legacy primary) watching its members' heartbeats, the
// FDM election, and a host declaring itself isolated.
import {
  difference,
  EMPTY_HOSTS,
  hasHost,
  hostBit,
  intersection,
  isEmptyHosts,
  withHost,
  withoutHost,
} from '../../harness/engine/hostSet.js';
import { cancelTimer, host, hostNames, note, NO_VMS, running, startTimer, type Draft } from './agentState.js';
import { applyIsolationResponse, hostFailed } from './restarts.js';

export function isolate(d: Draft, why: string): void {
  for (const t of d.timers.filter(
    (t) => t.startsWith('fail:') || t === 'iso' || t === 'elect' || t === 'elect-wait' || t === 'retry',
  ))
    cancelTimer(d, t);
  d.role = 'isolated';
  d.suspect = EMPTY_HOSTS;
  d.liveset = hostBit(d.cfg.self);
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
  d.suspect = EMPTY_HOSTS;
  d.partitioned = EMPTY_HOSTS;
  d.pending = NO_VMS;
}

export function becomeMaster(d: Draft): void {
  const { cfg } = d;
  const reachable = intersection(withHost(d.net, cfg.self), cfg.esx);
  d.role = 'master';
  d.master = cfg.self;
  d.liveset = cfg.esx;
  d.partitioned = EMPTY_HOSTS;
  d.suspect = difference(cfg.esx, reachable);
  note(d, `elected master of ${hostNames(reachable, (h) => host(d, h))}`);
  for (let h = 0; h < cfg.ids.length; h++)
    if (hasHost(d.suspect, h)) startTimer(d, `fail:${host(d, h)}`, cfg.newMasterCheckMs);
  if (isEmptyHosts(d.net) && !d.iso) startTimer(d, 'iso', cfg.isolationPingMs);
}

/** A master or legacy primary watches its members' heartbeats. */
export function watchMembers(d: Draft): void {
  const { cfg } = d;
  for (let h = 0; h < cfg.ids.length; h++) {
    if (h === cfg.self || !hasHost(cfg.esx, h)) continue;
    if (hasHost(d.net, h)) {
      if (hasHost(d.suspect, h)) {
        d.suspect = withoutHost(d.suspect, h);
        cancelTimer(d, `fail:${host(d, h)}`);
      }
      if (hasHost(d.partitioned, h)) d.partitioned = withoutHost(d.partitioned, h);
      if (!hasHost(d.liveset, h)) d.liveset = withHost(d.liveset, h);
    } else if (hasHost(d.liveset, h) && !hasHost(d.suspect, h)) {
      d.suspect = withHost(d.suspect, h);
      startTimer(d, `fail:${host(d, h)}`, cfg.failureMs);
    } else if (!cfg.legacy && hasHost(d.partitioned, h) && !hasHost(d.ds, h)) {
      hostFailed(d, h, `${host(d, h)} stopped its datastore heartbeats too: failed`);
    }
  }
  const alone = isEmptyHosts(d.net) && !isEmptyHosts(withoutHost(d.liveset, cfg.self));
  if (alone && !d.iso) {
    if (!running(d, 'iso')) startTimer(d, 'iso', cfg.legacy ? cfg.legacyIsolationMs : cfg.isolationPingMs);
  } else cancelTimer(d, 'iso');
}
