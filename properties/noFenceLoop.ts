// A host fences at most once per fault episode. An episode starts when the first fault hits a clean
// system and lasts until the next such start; a host that fences again in it is looping.
import { FAULTS } from '../harness/engine/faults/index.js';
import { formatMs } from '../harness/engine/time.js';
import { holds, violated, type Property } from './verdict.js';

/** Each fault kind that a later fault ends, with the name of the one that ends it (read once: FAULTS is fixed). */
const endsOf = new Map<string, string>();
for (const kind of Object.values(FAULTS)) {
  const ender = kind.repairedBy ?? kind.healsWith;
  if (ender) endsOf.set(kind.name, ender);
}

export const noFenceLoop: Property = {
  name: 'noFenceLoop',
  kind: 'safety',
  statement: 'a host fences at most once per fault episode',
  check(trace) {
    const active = new Set<string>();
    const fences = new Map<string, number[]>();
    for (const e of trace.entries) {
      if (e.type === 'fault') {
        const ender = endsOf.get(e.fault);
        if (ender) {
          if (active.size === 0) fences.clear();
          active.add(`${ender}|${e.target}`);
        } else {
          active.delete(`${e.fault}|${e.target}`);
        }
      } else if (e.type === 'fence') {
        const times = fences.get(e.host) ?? [];
        times.push(e.at);
        fences.set(e.host, times);
        if (times.length >= 2) {
          return violated(
            'noFenceLoop',
            e.at,
            `${e.host} fenced again at ${formatMs(e.at)} in the same fault episode (first at ${formatMs(times[0])}): a fence loop`,
          );
        }
      }
    }
    return holds('noFenceLoop');
  },
};
