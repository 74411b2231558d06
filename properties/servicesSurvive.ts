// Design-level: every protected service runs again within its RTO, whatever the cause. The HA
// software may have done nothing wrong (no host was left that could run the service: one switch,
// one SAN) and the design still lost the service. That is the question a single point of failure
// answers; the product properties answer whether the HA software misbehaved.
import { formatMs } from '../harness/engine/time.js';
import { forEachInstantState, hasRto, WorldState } from './worldState.js';
import { holds, violated, type Property, type Verdict } from './verdict.js';

export const servicesSurvive: Property = {
  name: 'servicesSurvive',
  kind: 'design',
  statement: 'every protected service serves again within its RTO after any outage, whatever the cause',
  check(trace) {
    const state = new WorldState(trace);
    const protectedServices = trace.meta.services.filter(hasRto);
    const since = new Map<string, number>();
    let verdict: Verdict = holds('servicesSurvive');
    const overdue = (until: number): boolean => {
      for (const s of protectedServices) {
        const from = since.get(s.id);
        if (from === undefined || until - from <= s.rtoMs) continue;
        const at = from + s.rtoMs;
        verdict = violated(
          'servicesSurvive',
          at,
          `${s.id} down since ${formatMs(from)}: not serving again within its RTO of ${formatMs(s.rtoMs)} (no host could run it, or none restarted it)`,
        );
        return true;
      }
      return false;
    };
    forEachInstantState(trace, state, (at) => {
      if (overdue(at)) return true;
      for (const s of protectedServices) {
        if (state.serviceUp(s.id)) since.delete(s.id);
        else if (!since.has(s.id)) since.set(s.id, at);
      }
      return false;
    });
    if (verdict.status === 'holds') overdue(trace.meta.endMs);
    return verdict;
  },
};
