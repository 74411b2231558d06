// How big a schedule is, in words: the terminal (check, soak) and the pages (check's index, a trace
// page) say it the same way, from here, so "1 fault + 1 repair" on screen is "1 fault + 1 repair" in
// the browser too. Repairs and operator steps are not faults, so they are counted apart.
import { FAULTS, type FaultName } from '../harness/engine/faults/index.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "1 fault", "2 faults", "1 fault + 1 repair", "3 operator steps"; an empty schedule is "0 faults". */
export function scheduleSize(schedule: readonly { readonly fault: FaultName }[]): string {
  const repairs = schedule.filter((s) => FAULTS[s.fault].isRepair).length;
  const steps = schedule.filter((s) => s.fault === 'operator-step').length;
  const faults = schedule.length - repairs - steps;
  const parts = [
    faults > 0 || schedule.length === 0 ? plural(faults, 'fault') : '',
    repairs > 0 ? plural(repairs, 'repair') : '',
    steps > 0 ? plural(steps, 'operator step') : '',
  ];
  return parts.filter(Boolean).join(' + ');
}
