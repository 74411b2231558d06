// Machines that use the parts of @xstate/fsm's config format no built-in model uses (entry and exit
// actions, property-map assigns, named actions, the wildcard, `undefined` entries, a `null` target,
// transitions given as a bare target string), so the differential test holds the compiled form to
// the library's semantics there too. Guards read both the context and the event, and actions
// return effects, so a wrong guard order, a wrong context or a lost action shows.
import { assign, createMachine } from '@xstate/fsm';
import type { StateMachine } from '@xstate/fsm';
import type { AgentEvent, Effect } from '../../harness/engine/effects.js';
import type { AgentState } from '../../harness/engine/fsm.js';
import type { FsmMachine } from './recordedEvents.js';

interface Ctx {
  readonly out: readonly Effect[];
  readonly n: number;
  readonly log: readonly string[];
}
interface Ev extends AgentEvent {
  readonly type: 'A' | 'B' | 'C' | 'D';
  readonly k: number;
}

const say =
  (what: string) =>
  (c: Ctx): readonly Effect[] => [{ do: 'log', text: `${what}@${c.n}` } as unknown as Effect];
const add = assign<Ctx, Ev>((c, e) => ({ ...c, n: c.n + e.k, log: [...c.log, `add${e.k}`] }));
// A property map: each function reads the context before the assign (the later key sees the old n).
const double = assign<Ctx, Ev>({ n: (c) => c.n * 2, log: (c) => [...c.log, `doubled ${c.n}`], out: [] });
const odd = (c: Ctx, e: Ev): boolean => (c.n + e.k) % 2 === 1;

const config: StateMachine.Config<Ctx, Ev> = {
  id: 'synthetic',
  initial: 'idle',
  context: { out: [], n: 0, log: [] },
  states: {
    idle: {
      entry: [say('enter idle'), 'named', 'unnamed'],
      exit: say('leave idle'),
      on: {
        A: [
          { target: 'busy', cond: odd, actions: [add, say('go busy'), double] },
          { cond: (c) => c.n > 5, actions: double },
          'busy',
        ],
        B: { target: 'idle', actions: add },
        C: [{ target: null as unknown as string, cond: (_c: Ctx, e: Ev) => e.k === 0 }, undefined as never, 'busy'],
        D: { target: 'nowhere', cond: (c: Ctx) => c.n === 11 },
        '*': [{ actions: [say('any'), add], cond: (_c, e) => e.k > 1 }],
      },
    },
    busy: {
      entry: [add, say('enter busy')],
      exit: [double, say('leave busy')],
      on: {
        A: { cond: (c) => c.n > 100, target: 'done' },
        B: [{ target: 'idle', cond: (c: Ctx, e: Ev) => c.n < 10 * e.k }, { actions: ['named'] }],
        D: undefined,
        '*': 'idle',
      },
    },
    // A transition to the state itself with no action at all: taken, yet not `changed`.
    done: { on: { A: 'done', B: { target: 'done', cond: odd }, C: [{ target: 'idle', cond: odd }] } },
  },
};

/** A machine with named actions (the `actions` option) and one without: a name is a no-op there. */
export function syntheticMachines(): { readonly label: string; readonly machine: FsmMachine }[] {
  const withOptions = createMachine<Ctx, Ev>(config, { actions: { named: say('named'), unnamed: 'unnamed' as never } });
  return [
    { label: 'synthetic (named actions)', machine: withOptions as unknown as FsmMachine },
    { label: 'synthetic', machine: createMachine<Ctx, Ev>(config) as unknown as FsmMachine },
  ];
}

/** The states to start from; 'ghost' is none of the machine's (the library's error must be kept). */
export const SYNTHETIC_STATES: readonly AgentState<Ctx>[] = ['idle', 'busy', 'done', 'ghost'].flatMap((value) =>
  [0, 1, 6, 11, 101].map((n) => ({ value, context: { out: [], n, log: [] } })),
);

/** Event types the machine names, one it does not, and the wildcard (which no event may have). */
export const SYNTHETIC_EVENTS: readonly Ev[] = (['A', 'B', 'C', 'D', 'E', '*'] as const).flatMap((type) =>
  [0, 1, 2, 3].map((k) => ({ type, k }) as Ev),
);
