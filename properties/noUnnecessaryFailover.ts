// No failover or switchover while the active server stayed healthy: a service must not start on a
// new host while the host it ran on could still run it and was not stopped by a fault (a crash, an
// application failure) or at an operator's request (a planned switchover). A restart in place is
// not a failover, nor is the creation or loss of a lock-step shadow (the service does not move), nor
// an operator's live migration; a shadow's promotion is. A stalled host is healthy when its stall
// ends within the run (a temporary bottleneck); a host stalled for good is as good as lost. A host
// that is out when the service moves (down, rebooting, fenced: its fence is noUnnecessaryFence's to
// judge) is not a healthy active server either.
import { formatMs } from '../harness/engine/time.js';
import type { Trace } from '../harness/engine/trace.js';
import { forEachInstant, lastResumes, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const noUnnecessaryFailover: Property = {
  name: 'noUnnecessaryFailover',
  kind: 'liveness',
  statement: 'no failover or switchover while the active server stayed healthy (a planned switchover is not one)',
  check(trace) {
    const state = new WorldState(trace);
    const resumes = lastResumes(trace);
    /** service → the host it last ran on, and why it stopped there (null: still running). */
    const last = new Map<string, { host: string; stoppedBy: string | null }>();
    let verdict: Verdict = holds('noUnnecessaryFailover');
    let canRunBefore = state.canRun;
    const stalledForGood = (host: string, at: number) => state.stalled.has(host) && (resumes.get(host) ?? -1) < at;
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
        const healthy =
          prev !== undefined &&
          canRunBefore.has(prev.host) &&
          state.canRun.has(prev.host) &&
          state.hostUp.get(prev.host) !== false &&
          !stalledForGood(prev.host, at);
        if (prev && prev.host !== e.host && prev.stoppedBy !== 'fault' && prev.stoppedBy !== 'planned' && healthy) {
          const stall = describeStall(trace, prev.host, at);
          verdict = violated(
            'noUnnecessaryFailover',
            at,
            `${e.service} moved from ${prev.host} to ${e.host} at ${formatMs(at)} although ${prev.host} was healthy${stall}${prev.stoppedBy === null ? ' and still running it' : ''}`,
          );
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

/** The host's last stall that began before `at`, as a clause: the temporary bottleneck behind a failover. */
function describeStall(trace: Trace, host: string, at: number): string {
  let from = -1;
  let to = -1;
  for (const e of trace.entries) {
    if (e.at > at) break;
    if (e.type !== 'fault' || e.target !== host) continue;
    if (e.fault === 'slowdown') [from, to] = [e.at, -1];
    else if (e.fault === 'resume' && from >= 0 && to < 0) to = e.at;
  }
  if (from < 0) return '';
  if (to < 0) {
    const end = lastResumes(trace).get(host);
    return end !== undefined && end > at ? ` (stalled from ${formatMs(from)}, only until ${formatMs(end)})` : '';
  }
  return ` (it had stalled only from ${formatMs(from)} to ${formatMs(to)})`;
}
