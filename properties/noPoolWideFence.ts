// Never does a fence take the last host down while at least one host could still have run
// workloads. Judged at the instants of fences: hosts still rebooting from a necessary fence when
// storage comes back are not a new pool-wide fence. Hosts that peers fence at that instant count by
// the truth before it (two nodes that shoot each other could both have run).
import { formatMs } from '../harness/engine/time.js';
import { canRunBarringPeerFences } from './peerFences.js';
import { forEachInstantRange, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const noPoolWideFence: Property = {
  name: 'noPoolWideFence',
  kind: 'safety',
  statement: 'never are all hosts fenced or down while one of them could still have run workloads',
  check(trace) {
    const state = new WorldState(trace);
    const fencedOut = new Set<string>();
    let verdict: Verdict = holds('noPoolWideFence');
    let canRunBefore: ReadonlySet<string> = state.canRun;
    const entries = trace.entries;
    forEachInstantRange(trace, state, (at, from, to) => {
      const before = canRunBefore;
      canRunBefore = state.canRun;
      let fenceNow = false;
      for (let i = from; i < to; i++) {
        const e = entries[i];
        if (e.type === 'fence') {
          fencedOut.add(e.host);
          fenceNow = true;
        }
        if (e.type === 'role' && e.kind === 'host' && e.status === 'up') fencedOut.delete(e.agent);
      }
      if (!fenceNow) return false;
      for (const up of state.hostUp.values()) if (up) return false;
      const couldRun = canRunBarringPeerFences(entries, before, state.canRun, from, to);
      if (couldRun.size === 0) return false;
      verdict = violated(
        'noPoolWideFence',
        at,
        `every host is fenced or down at ${formatMs(at)} (fenced: ${[...fencedOut].sort().join(', ')}) although ${[...couldRun].sort().join(', ')} could still run workloads`,
      );
      return true;
    });
    return verdict;
  },
};
