// No failover or switchover while the active server stayed healthy: a service must not start on a
// new host while the host it ran on could still run it and was not stopped by a fault (a crash, an
// application failure). A restart in place is not a failover, nor is the creation or loss of a
// lock-step shadow (the service does not move), nor an operator's live migration; a shadow's
// promotion is.
import { formatMs } from '../harness/time.js';
import { forEachInstant, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const noUnnecessaryFailover: Property = {
  name: 'noUnnecessaryFailover',
  statement: 'no failover or switchover while the active server stayed healthy',
  check(trace) {
    const state = new WorldState(trace);
    /** service → the host it last ran on, and why it stopped there (null: still running). */
    const last = new Map<string, { host: string; stoppedBy: string | null }>();
    let verdict: Verdict = holds('noUnnecessaryFailover');
    let canRunBefore = state.canRun;
    forEachInstant(trace, state, (at, batch) => {
      for (const e of batch) {
        if (e.type !== 'service' || e.shadow === true) continue;
        const prev = last.get(e.service);
        if (e.state === 'stopped') {
          if (prev?.host === e.host) last.set(e.service, { host: e.host, stoppedBy: e.cause ?? 'fault' });
          continue;
        }
        if (e.state === 'running' && e.cause === undefined && prev?.host === e.host) continue;
        // An operator's live migration is a planned move, not a decision of the HA software.
        if (e.cause === 'migrate' && prev?.stoppedBy === 'migrate') {
          last.set(e.service, { host: e.host, stoppedBy: null });
          continue;
        }
        if (prev && prev.host !== e.host && prev.stoppedBy !== 'fault' && canRunBefore.has(prev.host) && state.canRun.has(prev.host)) {
          verdict = violated('noUnnecessaryFailover', at, `${e.service} moved from ${prev.host} to ${e.host} at ${formatMs(at)} although ${prev.host} was healthy${prev.stoppedBy === null ? ' and still running it' : ''}`);
          return true;
        }
        last.set(e.service, { host: e.host, stoppedBy: null });
      }
      canRunBefore = state.canRun;
      return false;
    });
    return verdict;
  },
};
