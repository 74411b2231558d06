// What conformance needs to know about a model that has a real counterpart: the real product, the
// fault kinds worth drawing (short schedules: real time is slow), how long to watch after the last
// fault, and which instants of a model run are knife edges. One entry per model; today keepalived.
import type { FaultName } from '../faults/index.js';
import type { Config } from '../model.js';
import type { Trace } from '../trace.js';
import { keepalivedProduct } from '../real/keepalived.js';
import type { RealProduct } from '../real/product.js';

export interface ConformBinding {
  readonly model: string;
  readonly product: RealProduct;
  readonly kinds: readonly FaultName[];
  /** First fault instant (after the start-up election) and the span faults are drawn in. */
  readonly firstAtMs: number;
  readonly spanMs: number;
  /** Real time to keep watching after the last fault. */
  tailMs(config: Config): number;
  /** Instants of a (full-level) model run where a fault's exact timing decides the outcome. */
  sensitiveInstants(trace: Trace): number[];
}

const keepalivedBinding: ConformBinding = {
  model: 'keepalived',
  product: keepalivedProduct,
  kinds: ['host-crash', 'agent-stop', 'slowdown', 'partition', 'link-cut', 'nic-down'],
  // The election takes 3.4 s at the defaults; faults start once it is over.
  firstAtMs: 5_000,
  spanMs: 8_000,
  tailMs(config) {
    const advert = config.advertIntMs as number;
    // The slowest takeover (lowest priority: skew < 1 advert in v2, < advert_int in v3), a preempt
    // delay, and two adverts for the step-down that follows.
    return 3 * advert + Math.max(1000, advert) + (config.preemptDelayMs as number) + 2 * advert;
  },
  sensitiveInstants(trace) {
    // Every advert sent (a fault just before or after it decides whether it got through), and every
    // role change (a fault at a takeover instant races it).
    const out: number[] = [];
    for (const e of trace.entries) {
      if (e.type === 'event' && e.event.startsWith('ADVERT')) out.push(e.at);
      else if (e.type === 'role' && e.at > 0) out.push(e.at);
    }
    return out;
  },
};

export const CONFORM_BINDINGS: readonly ConformBinding[] = [keepalivedBinding];

export function findBinding(model: string): ConformBinding | undefined {
  return CONFORM_BINDINGS.find((b) => b.model === model);
}
