// After a failover the new active server holds every write acknowledged to clients, when the
// replication is synchronous. Asynchronous replication loses its queue by design: that loss is
// reported as the `rpoMs` metric of a holding verdict, not as a violation.
import { dataLosses, describeLoss, lossMs } from './dataLoss.js';
import { holds, violated, type Property } from './verdict.js';

export const noAckedWriteLost: Property = {
  name: 'noAckedWriteLost',
  kind: 'safety',
  statement:
    'after a failover the new active holds every acknowledged write (synchronous replication); asynchronous loss is reported as the RPO',
  check(trace) {
    const losses = dataLosses(trace);
    const sync = losses.find((l) => l.mode === 'sync');
    if (sync) return violated('noAckedWriteLost', sync.at, describeLoss(sync));
    let rpo = 0;
    for (const l of losses) rpo = Math.max(rpo, lossMs(l));
    return holds('noAckedWriteLost', { rpoMs: rpo });
  },
};
