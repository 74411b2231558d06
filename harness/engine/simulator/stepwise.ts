// Stepwise control, for exhaustive search (explore, spof): the same loop as `run`, one instant at a
// time, with faults injected at chosen instants. Snapshots to branch from, and the fingerprint of
// a state, are the run-state record's own (stateFields.ts).
import type { FaultName } from '../faults/index.js';
import type { EventLoop } from './eventLoop.js';
import { FAULT, TIMER } from './state.js';

/** Instant of the next pending item that still does something (stale timers are dropped); -1: none. */
export function nextEventAt(loop: EventLoop): number {
  const st = loop.st;
  for (;;) {
    const item = st.queue.peek();
    if (item === undefined) return -1;
    if (item.kind === TIMER && st.timers[item.agent].get(item.target) !== item.token) {
      st.queue.pop();
      continue;
    }
    return item.at;
  }
}

/** Processes every item of the next instant (and what they schedule for that instant); returns it, or -1. */
export function stepInstant(loop: EventLoop): number {
  const at = nextEventAt(loop);
  if (at < 0) return -1;
  const st = loop.st;
  st.now = at;
  const before = st.events;
  while (st.queue.size > 0 && st.queue.peek()!.at === at) {
    loop.process(st.queue.pop()!);
    loop.checkSettling(before);
  }
  return at;
}

/** Moves the clock forward to `at` (nothing pending before it), applies a fault there, and processes that instant. */
export function injectNow(loop: EventLoop, at: number, fault: FaultName, target: string): void {
  const next = nextEventAt(loop);
  const now = loop.st.now;
  if (at < now || (next >= 0 && next < at))
    throw new Error(`inject at ${at}: the clock is at ${now} and the next item at ${next}`);
  loop.push(at, FAULT, -1, fault, target, null, 0);
  stepInstant(loop);
}
