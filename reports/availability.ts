// The availability metrics of a run as terminal lines: one per service, what clients saw.
import { formatMs } from '../harness/engine/time.js';
import type { ServiceAvailability } from '../properties/availability.js';

export function renderAvailability(rows: readonly ServiceAvailability[]): string[] {
  const width = Math.max(...rows.map((r) => r.service.length), 7);
  return rows.map((r) => {
    const down =
      r.interruptions === 0
        ? 'no interruption'
        : `down ${formatMs(r.downtimeMs)} (${r.interruptions} interruption${r.interruptions === 1 ? '' : 's'}, longest ${formatMs(r.longestInterruptionMs)})`;
    const room =
      r.capacityExhausted.at === null
        ? ''
        : `; no host had room for it from ${formatMs(r.capacityExhausted.at)} (${formatMs(r.capacityExhausted.ms)} in all)`;
    return `  ${r.service.padEnd(width)}  ${down}; client sessions kept ${r.sessions.kept}, dropped ${r.sessions.dropped}${room}`;
  });
}
