// The compiled machines against the reference: every machine of every built-in model (and synthetic
// machines using the rest of @xstate/fsm's config format) is driven through random sequences of
// plausible events, once by its compiled dispatcher and once by the library's own `transition`, and
// the two must agree at every step on the state value, the context (deep equal, and kept or replaced
// alike), `changed` and the effects. Fixed seed (HAFAULT_SEED); HAFAULT_DIFF_RUNS sequences per
// machine (default 150).
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AgentEvent } from '../../harness/engine/effects.js';
import { compileMachine, libraryStep, type AgentState, type EffectfulContext } from '../../harness/engine/fsm.js';
import type { Dispatch } from '../../harness/engine/compiledMachine.js';
import { SEED } from '../../harness/runners/testing.js';
import { recordMachines, type FsmMachine } from './recordedEvents.js';
import { SYNTHETIC_EVENTS, SYNTHETIC_STATES, syntheticMachines } from './syntheticMachines.js';

const RUNS = Number(process.env.HAFAULT_DIFF_RUNS ?? 150);

type Outcome =
  | { readonly value: string; readonly context: unknown; readonly changed: boolean; readonly effects: unknown }
  | { readonly threw: string };

function attempt(run: () => { state: AgentState<unknown>; changed: boolean; effects: unknown }): Outcome {
  try {
    const r = run();
    return { value: r.state.value, context: r.state.context, changed: r.changed, effects: r.effects };
  } catch (error) {
    return { threw: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}

/** The first way the two outcomes differ, or null. */
function difference(compiled: Outcome, library: Outcome, before: unknown): string | null {
  if ('threw' in compiled || 'threw' in library)
    return 'threw' in compiled && 'threw' in library && compiled.threw === library.threw
      ? null
      : `compiled ${JSON.stringify(compiled)} vs library ${JSON.stringify(library)}`;
  if (compiled.value !== library.value) return `value ${compiled.value} vs ${library.value}`;
  if (compiled.changed !== library.changed) return `changed ${compiled.changed} vs ${library.changed}`;
  if ((compiled.context === before) !== (library.context === before))
    return 'context kept by one, replaced by the other';
  if (!isDeepStrictEqual(compiled.context, library.context)) return 'contexts differ';
  if (!isDeepStrictEqual(compiled.effects, library.effects))
    return `effects ${JSON.stringify(compiled.effects)} vs ${JSON.stringify(library.effects)}`;
  return null;
}

interface Subject {
  readonly label: string;
  readonly machine: FsmMachine;
  readonly states: readonly AgentState<EffectfulContext>[];
  readonly events: readonly AgentEvent[];
}

/** A start (a seen state, or its value as a string) and events to deliver (some as bare type strings). */
function inputs(s: Subject) {
  return fc.record({
    start: fc.nat({ max: s.states.length - 1 }),
    startAsString: fc.nat({ max: 9 }).map((n) => n === 0),
    events: fc.array(fc.tuple(fc.nat({ max: s.events.length - 1 }), fc.nat({ max: 19 })), {
      minLength: 1,
      maxLength: 40,
    }),
  });
}

/** Drives one machine both ways; returns the moves taken (`from>to`, for steps that were `changed`). */
function drive(s: Subject, dispatch: Dispatch): Set<string> {
  const taken = new Set<string>();
  fc.assert(
    fc.property(inputs(s), ({ start, startAsString, events }) => {
      const seen = s.states[start];
      let state: string | AgentState<EffectfulContext> = startAsString ? seen.value : seen;
      for (const [i, asString] of events) {
        const event = asString === 0 ? s.events[i].type : s.events[i];
        const before = typeof state === 'string' ? s.machine.config.context : state.context;
        const from = state;
        // States are shared (snapshots, explore's branches, the hash's reuse by identity): a step
        // must never change the context it was given, only return a new one.
        const given = structuredClone(before);
        const compiled = attempt(() => dispatch(from, event));
        const library = attempt(() => libraryStep(s.machine, from, event as AgentEvent));
        if (!isDeepStrictEqual(before, given))
          throw new Error(`${s.label}: on ${JSON.stringify(event)} a step changed the context it was given`);
        const diff = difference(compiled, library, before);
        if (diff !== null)
          throw new Error(
            `${s.label}: from ${typeof from === 'string' ? from : from.value} on ${JSON.stringify(event)}: ${diff}`,
          );
        if ('threw' in library) return;
        if (library.changed) taken.add(`${typeof from === 'string' ? from : from.value}>${library.value}`);
        state = { value: library.value, context: library.context as EffectfulContext };
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
  return taken;
}

describe('compiled machines agree with @xstate/fsm', () => {
  const recorded = recordMachines(6, SEED, 400);

  it('records events for the machines of every model', () => {
    // Every built-in model has at least one machine here, each with events to replay.
    expect(recorded.length).toBeGreaterThanOrEqual(9);
    for (const r of recorded) expect(r.events.length, r.label).toBeGreaterThan(0);
  });

  for (const r of recorded)
    it(r.label, () => {
      const moves = [...drive(r, compileMachine(r.machine))];
      expect(moves.length, 'no step took a transition').toBeGreaterThan(0);
      // Guards met real inputs: a machine seen in several states is driven from one state to another.
      if (new Set(r.states.map((s) => s.value)).size > 1)
        expect(moves.filter((m) => m.split('>')[0] !== m.split('>')[1])).not.toEqual([]);
    });

  for (const { label, machine } of syntheticMachines())
    it(label, () => {
      const subject: Subject = {
        label,
        machine,
        states: SYNTHETIC_STATES,
        events: SYNTHETIC_EVENTS,
      };
      expect([...drive(subject, compileMachine(machine))]).toEqual(
        expect.arrayContaining(['idle>busy', 'busy>idle', 'busy>done', 'idle>idle', 'done>idle']),
      );
    });
});
