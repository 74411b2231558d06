// At no instant do two servers run one service where it counts: two servers holding one identity on
// the network, two hosts serving one VM. An instance on a host that clients cannot reach (its service
// network down, powered off, stalled by a slowdown) is not active; it becomes active again (and
// counts) the moment it is reachable. An instance whose storage hangs still holds its IP and MAC. A lock-step shadow is not a second server: it executes in
// lock-step with the service's instance under the same identity. If the pair splits and both halves
// run on independently, the shadow is promoted (trace: `running`, cause `takeover`) and counts.
import { forEachInstantState, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';
import { formatMs } from '../harness/engine/time.js';

export const noDualActive: Property = {
  name: 'noDualActive',
  kind: 'safety',
  statement: 'at no instant are two reachable servers active for one service',
  check(trace) {
    const state = new WorldState(trace);
    let verdict: Verdict = holds('noDualActive');
    forEachInstantState(trace, state, (at) => {
      for (const [service, hosts] of state.instances) {
        if (hosts.size < 2) continue;
        const active = state.activeServers(service);
        if (active.length < 2) continue;
        verdict = violated(
          'noDualActive',
          at,
          `${service} is active on ${active.join(' and ')} at once at ${formatMs(at)}`,
        );
        return true;
      }
      return false;
    });
    return verdict;
  },
};
