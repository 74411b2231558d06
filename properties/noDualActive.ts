// At no instant do two servers run one service (two VMs on one disk, two holders of one identity).
// A lock-step shadow is not a second server: it executes in lock-step with the service's instance
// under the same identity. If the pair splits and both halves run on independently, the shadow is
// promoted (trace: `running`, cause `takeover`) and counts as a server of its own.
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
        const independent = state.independentHosts(service);
        if (independent.length < 2) continue;
        verdict = violated('noDualActive', at, `${service} is active on ${independent.join(' and ')} at once at ${formatMs(at)}`);
        return true;
      }
      return false;
    });
    return verdict;
  },
};
