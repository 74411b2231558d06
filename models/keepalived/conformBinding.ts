// keepalived's conformance binding: the fault kinds worth drawing on the real daemons, how long to
// watch after the last fault, and which instants of a model run are knife edges.
import type { ConformBinding } from '../../harness/lab/product.js';
import { advertInstants } from './adverts.js';
import { watchAfterFaultsMs, type KeepalivedSettings } from './config.js';
import { keepalivedProduct } from './real.js';

export const keepalivedBinding: ConformBinding<KeepalivedSettings> = {
  model: 'keepalived',
  product: keepalivedProduct,
  kinds: ['host-crash', 'agent-stop', 'slowdown', 'partition', 'link-cut', 'nic-down'],
  // The election takes 3.4 s at the defaults; faults start once it is over.
  firstAtMs: 5_000,
  spanMs: 8_000,
  tailMs: watchAfterFaultsMs,
  sensitiveInstants(trace, config) {
    // Every advert sent (a fault just before or after it decides whether it got through: adverts
    // are edge-triggered, so worked out from the run, adverts.ts), and every role change (a fault
    // at a takeover instant races it).
    const out = advertInstants(trace, config.advertIntMs);
    for (const e of trace.entries) if (e.type === 'role' && e.at > 0) out.push(e.at);
    return out;
  },
};
