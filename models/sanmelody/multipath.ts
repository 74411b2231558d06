// A host's dm-multipath view of its storage paths. I/O goes round-robin over the paths in use; a
// path whose target vanished (hard power-cycle) hangs its I/O until the initiator times it out
// (`hardFailoverMs`), a path that fails fast is dropped after `cleanFailoverMs`. The host's HA
// agent is told how its statefile I/O fares: ok, stalled, or lost (no path left).
import type { Effect } from '../../harness/engine/effects.js';
import { PATH_SILENT, PATH_USABLE } from '../../harness/engine/fabric.js';
import { defineMachine, routed, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { StorageSettings } from './config.js';

export type IoState = 'ok' | 'stalled' | 'lost' | 'off';

export interface MultipathContext extends EffectfulContext {
  /** Agent id of the host's HA agent, told about every I/O state change. */
  readonly notify: string;
  readonly pathIds: readonly string[];
  readonly hardFailoverMs: number;
  readonly cleanFailoverMs: number;
  readonly pollingMs: number;
  /** Last observed state of each path (PATH_*). */
  readonly status: readonly number[];
  readonly inUse: number;
  /** Paths in use whose failure timer runs (their I/O hangs). */
  readonly failing: number;
  readonly reinstating: number;
  readonly io: IoState;
}

export type MultipathEvent =
  | { type: 'PATHS'; status: number[] }
  | { type: 'TIMER'; name: string }
  | { type: 'HOST_RESET' }
  | { type: 'CRASH' }
  | { type: 'POWER_ON' }
  | { type: 'HA_DISABLE' }
  /** The settings a drift changed. */
  | { type: 'RECONFIGURE'; values: Partial<StorageSettings> };

/** Timer names per path index, made once: naming a timer is on every path change's hot path. */
const MAX_PATHS = 32;
const FAIL: readonly string[] = Array.from({ length: MAX_PATHS }, (_, i) => `fail:${i}`);
const REINSTATE: readonly string[] = Array.from({ length: MAX_PATHS }, (_, i) => `reinstate:${i}`);
/** Timer name → [is a failure timer, path index] (no string splitting when a timer fires). */
const TIMER_OF = new Map<string, readonly [boolean, number]>([
  ...FAIL.map((n, i) => [n, [true, i]] as const),
  ...REINSTATE.map((n, i) => [n, [false, i]] as const),
]);

function parseTimer(name: string): readonly [boolean, number] {
  const known = TIMER_OF.get(name);
  if (known !== undefined) return known;
  const [kind, index] = name.split(':');
  return [kind === 'fail', Number(index)];
}

type Mutable = { -readonly [K in keyof MultipathContext]: MultipathContext[K] };

/**
 * A copy of the context, every field written out in the order `storageAgents` gives them (the
 * object a spread makes). The hot reducers copy with this and set the fields they change: a spread
 * followed by overrides was the costliest line of `onPaths` and `onTimer`.
 */
function copy(c: MultipathContext): Mutable {
  return {
    out: c.out,
    notify: c.notify,
    pathIds: c.pathIds,
    hardFailoverMs: c.hardFailoverMs,
    cleanFailoverMs: c.cleanFailoverMs,
    pollingMs: c.pollingMs,
    status: c.status,
    inUse: c.inUse,
    failing: c.failing,
    reinstating: c.reinstating,
    io: c.io,
  };
}

function ioOf(inUse: number, failing: number): IoState {
  if (inUse === 0) return 'lost';
  return failing !== 0 ? 'stalled' : 'ok';
}

/**
 * The next state and context. `after` is a copy its caller has just made: its I/O state and effects
 * are set in place (one copy of the context per event, not two: this was a hot spread).
 */
function finish(
  before: MultipathContext,
  after: MultipathContext,
  out: Effect[],
  io?: IoState,
): { value: string; context: MultipathContext } {
  const next = io ?? ioOf(after.inUse, after.failing);
  if (next !== before.io && next !== 'off')
    out.push({ do: 'send', to: before.notify, event: { type: 'STATEFILE', state: next } });
  const context = after as Mutable;
  context.io = next;
  context.out = out;
  return { value: next, context };
}

function onPaths(c: MultipathContext, status: readonly number[]): { value: string; context: MultipathContext } {
  const out: Effect[] = [];
  let { failing, reinstating } = c;
  for (let i = 0; i < status.length; i++) {
    const bit = 1 << i;
    const s = status[i];
    const was = c.status[i];
    if (c.inUse & bit) {
      if (s === PATH_USABLE) {
        if (failing & bit) {
          failing &= ~bit;
          out.push({ do: 'cancelTimer', name: FAIL[i] ?? `fail:${i}` });
        }
      } else if (!(failing & bit) || (was === PATH_SILENT && s !== PATH_SILENT)) {
        failing |= bit;
        out.push({
          do: 'startTimer',
          name: FAIL[i] ?? `fail:${i}`,
          ms: s === PATH_SILENT ? c.hardFailoverMs : c.cleanFailoverMs,
        });
      }
    } else if (s === PATH_USABLE && !(reinstating & bit)) {
      reinstating |= bit;
      out.push({ do: 'startTimer', name: REINSTATE[i] ?? `reinstate:${i}`, ms: c.pollingMs });
    } else if (s !== PATH_USABLE && reinstating & bit) {
      reinstating &= ~bit;
      out.push({ do: 'cancelTimer', name: REINSTATE[i] ?? `reinstate:${i}` });
    }
  }
  const after = copy(c);
  after.status = status;
  after.failing = failing;
  after.reinstating = reinstating;
  return finish(c, after, out);
}

function onTimer(c: MultipathContext, name: string): { value: string; context: MultipathContext } {
  const [fails, i] = parseTimer(name);
  const bit = 1 << i;
  const out: Effect[] = [];
  if (fails) {
    let left = '';
    let n = 0;
    for (let k = 0; k < c.pathIds.length; k++)
      if (k !== i && (c.inUse >> k) & 1) left = n++ === 0 ? c.pathIds[k] : `${left}, ${c.pathIds[k]}`;
    out.push({
      do: 'note',
      text: `multipath fails path ${c.pathIds[i]}; I/O continues on ${n > 0 ? left : 'no path'}`,
    });
    const after = copy(c);
    after.inUse = c.inUse & ~bit;
    after.failing = c.failing & ~bit;
    return finish(c, after, out);
  }
  out.push({ do: 'note', text: `multipath reinstates path ${c.pathIds[i]}` });
  const after = copy(c);
  after.inUse = c.inUse | bit;
  after.reinstating = c.reinstating & ~bit;
  return finish(c, after, out);
}

/** A (re)booting initiator logs in to every path that answers now. */
function fresh(c: MultipathContext): { value: string; context: MultipathContext } {
  let inUse = 0;
  c.status.forEach((s, i) => (inUse |= s === PATH_USABLE ? 1 << i : 0));
  const out: Effect[] = c.pathIds.flatMap((_, i) => [
    { do: 'cancelTimer', name: FAIL[i] ?? `fail:${i}` },
    { do: 'cancelTimer', name: REINSTATE[i] ?? `reinstate:${i}` },
  ]);
  const after = copy(c);
  after.inUse = inUse;
  after.failing = 0;
  after.reinstating = 0;
  return finish(c, after, out);
}

function reduce(c: MultipathContext, e: MultipathEvent): { value: string; context: MultipathContext } {
  switch (e.type) {
    case 'PATHS': {
      if (c.io !== 'off') return onPaths(c, e.status);
      const after = copy(c);
      after.status = e.status;
      after.out = [];
      return { value: 'off', context: after };
    }
    case 'TIMER':
      return onTimer(c, e.name);
    case 'CRASH':
      return { value: 'off', context: { ...c, inUse: 0, failing: 0, reinstating: 0, io: 'off', out: [] } };
    case 'HOST_RESET':
    case 'POWER_ON':
      return fresh(c);
    case 'HA_DISABLE':
      return { value: c.io, context: { ...c, out: [] } };
    case 'RECONFIGURE': {
      const v = e.values;
      return {
        value: c.io,
        context: {
          ...c,
          out: [],
          hardFailoverMs: v.hardFailoverMs ?? c.hardFailoverMs,
          cleanFailoverMs: v.cleanFailoverMs ?? c.cleanFailoverMs,
          pollingMs: v.pathPollingMs ?? c.pollingMs,
        },
      };
    }
    default: {
      const never: never = e;
      throw new Error(`multipath: unknown event ${JSON.stringify(never)}`);
    }
  }
}

const TARGETS = ['ok', 'stalled', 'lost', 'off'] as const;
const EVENTS = ['PATHS', 'TIMER', 'HOST_RESET', 'CRASH', 'POWER_ON', 'HA_DISABLE', 'RECONFIGURE'] as const;

function stateNode() {
  return { on: Object.fromEntries(EVENTS.map((e) => [e, routed<MultipathContext, MultipathEvent>(TARGETS, reduce)])) };
}

export const multipathMachine = defineMachine<MultipathContext, MultipathEvent>({
  id: 'multipath',
  initial: 'ok',
  states: { ok: stateNode(), stalled: stateNode(), lost: stateNode(), off: stateNode() },
});
