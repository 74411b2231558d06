// At no instant do two servers run one service (two VMs on one disk, two holders of one identity).
import { forEachInstant, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';
import { formatMs } from '../harness/time.js';

export const noDualActive: Property = {
  name: 'noDualActive',
  statement: 'at no instant are two servers active for one service',
  check(trace) {
    const state = new WorldState(trace);
    let verdict: Verdict = holds('noDualActive');
    forEachInstant(trace, state, (at) => {
      for (const [service, hosts] of state.instances) {
        if (hosts.size < 2) continue;
        verdict = violated('noDualActive', at, `${service} is active on ${[...hosts.keys()].join(' and ')} at once at ${formatMs(at)}`);
        return true;
      }
      return false;
    });
    return verdict;
  },
};
