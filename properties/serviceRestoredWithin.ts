// Every protected service is back within its RTO whenever some host could run it: downtime is
// counted only while at least one eligible host is healthy in ground truth. Eligible: it runs the HA
// software, or it is a server with room for services (not a capacity-0 gateway or ping target). A
// host stalled by a slowdown does not count while it stalls.
import { formatMs } from '../harness/engine/time.js';
import { agentHosts, forEachInstantState, hasRto, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const serviceRestoredWithin: Property = {
  name: 'serviceRestoredWithin',
  kind: 'liveness',
  statement: 'every protected service is restored within its RTO while at least one eligible host is healthy',
  check(trace) {
    const state = new WorldState(trace);
    const protectedServices = trace.meta.services.filter(hasRto);
    const down = new Map<string, { since: number; counted: number }>();
    const agents = agentHosts(trace);
    const capacity = trace.meta.capacity;
    const eligible = (host: string) =>
      agents.size === 0 ||
      agents.has(host) ||
      (capacity !== undefined && capacity[trace.meta.hosts.indexOf(host)] !== 0);
    let last = 0;
    let healthy = true;
    let verdict: Verdict = holds('serviceRestoredWithin');
    const account = (until: number): boolean => {
      for (const s of protectedServices) {
        const d = down.get(s.id);
        if (!d) continue;
        if (healthy) d.counted += until - last;
        if (d.counted > s.rtoMs) {
          const at = until - (d.counted - s.rtoMs);
          verdict = violated(
            'serviceRestoredWithin',
            at,
            `${s.id} down since ${formatMs(d.since)}: not restored within its RTO of ${formatMs(s.rtoMs)} although a healthy host was available`,
          );
          return true;
        }
      }
      return false;
    };
    forEachInstantState(trace, state, (at) => {
      if (account(at)) return true;
      last = at;
      healthy = false;
      for (const h of state.canRun) {
        if (!eligible(h) || !state.visible(h)) continue;
        healthy = true;
        break;
      }
      for (const s of protectedServices) {
        const up = state.serviceUp(s.id);
        if (up) down.delete(s.id);
        else if (!down.has(s.id)) down.set(s.id, { since: at, counted: 0 });
      }
      return false;
    });
    if (verdict.status === 'holds') account(trace.meta.endMs);
    return verdict;
  },
};
