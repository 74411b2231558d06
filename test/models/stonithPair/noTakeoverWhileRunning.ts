// The pair's own property (a model-declared one, judged like the built-in ones): a node takes the
// service over only once no other node runs it — the old instance was fenced, crashed or stopped.
// Unlike noDualActive it does not ask whether clients could see both: an instance left running
// behind a dead NIC is two servers waiting for the NIC to come back.
import type { Property } from '../../../harness/engine/property.js';
import { formatMs } from '../../../harness/engine/time.js';
import { holds, violated } from '../../../properties/verdict.js';

export const noTakeoverWhileRunning: Property = {
  name: 'noTakeoverWhileRunning',
  kind: 'safety',
  statement: 'a node takes a service over only once no other node runs it (fenced, crashed or stopped)',
  check(trace) {
    const running = new Map<string, Set<string>>();
    for (const e of trace.entries) {
      if (e.type !== 'service') continue;
      const hosts = running.get(e.service) ?? new Set<string>();
      running.set(e.service, hosts);
      if (e.state === 'stopped') {
        hosts.delete(e.host);
        continue;
      }
      const others = [...hosts].filter((h) => h !== e.host);
      if (e.cause === 'takeover' && others.length > 0) {
        return violated(
          'noTakeoverWhileRunning',
          e.at,
          `${e.host} took ${e.service} over at ${formatMs(e.at)} while it still ran on ${others.join(', ')}`,
        );
      }
      hosts.add(e.host);
    }
    return holds('noTakeoverWhileRunning');
  },
};
