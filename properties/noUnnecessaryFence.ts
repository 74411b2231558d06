// No host fences while, in ground truth, it could still run its workloads: it was powered, a live
// copy of its storage was reachable over a working path, and its service network was up. A host a
// peer fences is judged the same way (by the truth before the fence powered it off).
import { formatMs } from '../harness/engine/time.js';
import { canRunBarringPeerFences, fencedBy } from './peerFences.js';
import { forEachInstantRange, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const noUnnecessaryFence: Property = {
  name: 'noUnnecessaryFence',
  kind: 'safety',
  statement:
    'no host fences while it could still have run its workloads (powered, storage reachable, service network up)',
  check(trace) {
    const state = new WorldState(trace);
    let verdict: Verdict = holds('noUnnecessaryFence');
    let canRunBefore: ReadonlySet<string> = state.canRun;
    const entries = trace.entries;
    forEachInstantRange(trace, state, (at, from, to) => {
      const canRunAfter = canRunBarringPeerFences(entries, canRunBefore, state.canRun, from, to);
      for (let i = from; i < to; i++) {
        const e = entries[i];
        if (e.type !== 'fence') continue;
        // Judge with the truth that held when the host decided (before any same-instant change).
        if (canRunBefore.has(e.host) && canRunAfter.has(e.host)) {
          verdict = violated(
            'noUnnecessaryFence',
            at,
            `${e.host} fenced${fencedBy(e)} at ${formatMs(at)} (${e.reason}) although it was powered, its storage was reachable and its service network was up`,
          );
          return true;
        }
      }
      canRunBefore = state.canRun;
      return false;
    });
    return verdict;
  },
};
