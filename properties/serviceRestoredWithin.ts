// Every protected service is back within its RTO whenever some host could run it: downtime is
// counted only while at least one eligible host is healthy in ground truth. Eligible: it runs the HA
// software, or it is a server with room for services (not a capacity-0 gateway or ping target). A
// host stalled by a slowdown does not count while it stalls.
import { formatMs } from '../harness/engine/time.js';
import { serviceTimeline } from './serviceTimeline.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const serviceRestoredWithin: Property = {
  name: 'serviceRestoredWithin',
  kind: 'liveness',
  statement: 'every protected service is restored within its RTO while at least one eligible host is healthy',
  check(trace) {
    const timeline = serviceTimeline(trace);
    const protectedServices = timeline.services;
    const P = protectedServices.length;
    const down = new Map<string, { since: number; counted: number }>();
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
    for (let i = 0; i < timeline.at.length; i++) {
      const at = timeline.at[i];
      if (account(at)) return verdict;
      last = at;
      healthy = timeline.healthy[i] === 1;
      for (let k = 0; k < P; k++) {
        const s = protectedServices[k];
        if (timeline.up[i * P + k] === 1) down.delete(s.id);
        else if (!down.has(s.id)) down.set(s.id, { since: at, counted: 0 });
      }
    }
    if (timeline.error !== undefined) throw timeline.error;
    if (verdict.status === 'holds') account(trace.meta.endMs);
    return verdict;
  },
};
