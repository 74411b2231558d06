// A machine's own record of which of its timers run. Machines are pure and the simulator's timers
// are opaque to them, so each keeps this record in its context; these keep it the same way
// everywhere: start or cancel, push the effect, return the new record.
import type { Effect } from './effects.js';

/** Timers recorded as bit flags (each flag has a name). */
export function startFlagTimer(running: number, flag: number, name: string, ms: number, out: Effect[]): number {
  out.push({ do: 'startTimer', name, ms });
  return running | flag;
}

export function cancelFlagTimer(running: number, flag: number, name: string, out: Effect[]): number {
  if (running & flag) out.push({ do: 'cancelTimer', name });
  return running & ~flag;
}

/** Timers recorded by name. */
export function startNamedTimer(timers: readonly string[], name: string, ms: number, out: Effect[]): readonly string[] {
  out.push({ do: 'startTimer', name, ms });
  return timers.includes(name) ? timers : [...timers, name];
}

export function cancelNamedTimer(timers: readonly string[], name: string, out: Effect[]): readonly string[] {
  if (!timers.includes(name)) return timers;
  out.push({ do: 'cancelTimer', name });
  return timers.filter((t) => t !== name);
}
