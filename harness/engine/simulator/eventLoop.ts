// The event loop: the only place where time advances. It pops queued items in (time, sequence)
// order, feeds events to the agents' machines through their pure `transition` (`deliver`), and
// hands the effects they return to their handlers. It also stops runs that never settle. This is
// the hot path: no per-event closures or object spreads beyond the trace entries themselves.
import type { AgentEvent } from '../effects.js';
import type { FaultName } from '../faults/index.js';
import type { FaultContext } from '../faults/kind.js';
import type { AgentState } from '../fsm.js';
import type { AgentSpec, WorldView } from '../model.js';
import { OscillationError } from '../oscillation.js';
import type { TraceEntry } from '../trace.js';
import { statusOf, type SimCore, type SimShape } from './core.js';
import { applyEffect } from './effectHandlers.js';
import type { Fencing } from '../fencing.js';
import { applyFault, faultContextFor, fencingFor } from './faultEffects.js';
import { afterChange, observe, observeDueNow, StateView } from './sensing.js';
import { hostBack, serviceUp } from './services.js';
import { newState } from './stateFields.js';
import { DELIVER, FAULT, FENCE, SENSE, SERVICE_UP, TIMER, type Item, type SimState } from './state.js';

/**
 * Events at one simulated instant beyond which a run oscillates: time stands still while agents
 * keep reacting (no model does a hundred thousand things in one millisecond).
 */
const INSTANT_EVENT_LIMIT = 100_000;
/**
 * Events in one run beyond which it is stopped. The busiest runs inside every setting's range stay
 * under a million (keepalived at advert_int 10 ms with preempt_delay 1000 s took about 800 000 while
 * its adverts were events, before its model 2.0.0).
 */
const EVENT_LIMIT = 5_000_000;
/** Deliveries nested inside deliveries (an event makes another agent react at once, and so on) beyond which agents ping-pong. */
const DELIVERY_DEPTH_LIMIT = 200;

export class EventLoop implements SimCore {
  readonly st: SimState;
  readonly view: WorldView;
  private readonly faults: FaultContext;
  readonly fencing: Fencing;

  constructor(readonly shape: SimShape) {
    this.st = newState(shape);
    this.view = new StateView(this.st);
    this.faults = faultContextFor(this);
    this.fencing = fencingFor(this, this.faults);
  }

  push(
    at: number,
    kind: number,
    agent: number,
    fault: FaultName | null,
    target: string,
    event: AgentEvent | null,
    token: number,
  ): void {
    this.st.queue.push({ at, seq: 0, kind, agent, fault, target, event, token });
  }

  record(entry: TraceEntry): void {
    this.st.entries.push(entry);
  }

  /**
   * Processes every event up to `untilMs`. With `stop`, returns the first instant (after that
   * instant's events) at which it holds, else null; the clock then stands at `untilMs`.
   */
  advance(untilMs: number, stop?: () => boolean): number | null {
    const st = this.st;
    const queue = st.queue;
    if (stop?.()) return st.now;
    while (queue.size > 0) {
      const at = queue.peek()!.at;
      if (at > untilMs) break;
      const before = st.events;
      while (queue.size > 0 && queue.peek()!.at === at) {
        const item = queue.pop()!;
        st.now = at;
        this.process(item);
        this.checkSettling(before);
      }
      if (stop?.()) return at;
    }
    st.now = Math.max(st.now, untilMs);
    return null;
  }

  process(item: Item): void {
    const { st, shape } = this;
    switch (item.kind) {
      case FAULT:
        applyFault(this, this.faults, item.fault!, item.target);
        break;
      case DELIVER: {
        // The reboot that ends a fence: the host is back, and knows it runs nothing.
        const host = shape.agents[item.agent].host;
        if (item.event!.type === 'REBOOTED' && host >= 0 && st.fabric.hostPowered[host] === 1) hostBack(this, host);
        this.deliver(item.agent, item.event!);
        break;
      }
      case TIMER:
        this.timer(item);
        break;
      case SENSE:
        // Stale when the observation was already delivered (before a timer) or rescheduled.
        if (st.senseDue[item.agent] === item.at) observe(this, item.agent);
        break;
      case SERVICE_UP:
        serviceUp(this, item);
        break;
      case FENCE:
        this.fencing.due(item.agent, item.event!);
        break;
      default:
        throw new Error(`unknown queue item kind ${item.kind}`);
    }
  }

  /** A timer fires, unless it was cancelled or restarted since (a stale token), or its host is paused. */
  private timer(item: Item): void {
    const st = this.st;
    const timers = st.timers[item.agent];
    const name = item.target;
    if (timers.get(name) !== item.token) return;
    if (item.event !== null && this.yieldsTo(item)) {
      // Behind the other agent's timer: queued again at this instant.
      this.push(item.at, TIMER, item.agent, null, name, item.event, item.token);
      return;
    }
    const spec = this.shape.agents[item.agent];
    if (spec.host >= 0 && st.fabric.hostFrozen[spec.host] === 1) {
      st.deferred[spec.host].push([item.agent, held(spec, { type: 'TIMER', name }, st.now), item.token]);
      return;
    }
    timers.delete(name);
    // A change and a timeout at the same instant: such an agent (and its host's sensors) sees the change first.
    if (spec.observeBeforeTimers === true) observeDueNow(this, item.agent);
    this.deliver(item.agent, { type: 'TIMER', name });
  }

  /** A live timer of another agent due at this instant with an earlier same-instant order (effects.ts). */
  private yieldsTo(item: Item): boolean {
    const mine = item.event!.order as readonly number[];
    for (const other of this.st.queue.pending()) {
      if (other.kind !== TIMER || other.at !== item.at || other.agent === item.agent || other.event === null) continue;
      if (this.st.timers[other.agent].get(other.target) !== other.token) continue;
      // A paused agent's timer only joins its backlog.
      const host = this.shape.agents[other.agent].host;
      if (host >= 0 && this.st.fabric.hostFrozen[host] === 1) continue;
      if (orderBefore(other.event.order as readonly number[], mine)) return true;
    }
    return false;
  }

  deliver(a: number, event: AgentEvent): void {
    const { st, shape } = this;
    const spec = shape.agents[a];
    if (spec.host >= 0 && st.fabric.hostFrozen[spec.host] === 1) {
      st.deferred[spec.host].push([a, held(spec, event, st.now), 0]);
      return;
    }
    st.events++;
    if (++st.depth > DELIVERY_DEPTH_LIMIT)
      this.stopOscillating(
        `agents keep reacting to each other at once (${DELIVERY_DEPTH_LIMIT} deliveries inside one another, the last ${event.type} to ${spec.id})`,
      );
    if (st.level === 'full') this.record({ at: st.now, type: 'event', agent: spec.id, event: describeEvent(event) });
    const before = st.states[a].context;
    const given = spec.clocked === true ? { ...event, at: st.now } : event;
    const result = this.shape.steppers[a](st.states[a] as AgentState<never>, given as never);
    st.states[a] = result.state;
    const republished = spec.published !== undefined && spec.published(before) !== spec.published(result.state.context);
    const role = result.state.value;
    let roleChanged = false;
    if (role !== st.roles[a]) {
      st.roles[a] = role;
      roleChanged = true;
      this.record({ at: st.now, type: 'role', agent: spec.id, kind: spec.kind, role, ...statusOf(shape, a, role) });
      if (spec.storage >= 0) {
        st.fabric.storageServing[spec.storage] = role === shape.instance.servingRole ? 1 : 0;
        st.fabric.changed();
      }
    }
    // Before the effects: a delivery they nest may sense, and must see this agent as changed.
    if (roleChanged || republished) st.senseCache.touch(a);
    const effects = result.effects;
    for (let i = 0; i < effects.length; i++) applyEffect(this, a, effects[i]);
    if (roleChanged || republished) afterChange(this);
    st.depth--;
  }

  /** Stops a run that never settles (`before`: the event count when the current instant began). */
  checkSettling(before: number): void {
    const events = this.st.events;
    if (events - before > INSTANT_EVENT_LIMIT)
      this.stopOscillating(`${events - before} events at this instant without time moving on`);
    if (events > EVENT_LIMIT) this.stopOscillating(`more than ${EVENT_LIMIT} events in one run`);
  }

  private stopOscillating(reason: string): never {
    throw new OscillationError(this.shape.model.name, { atMs: this.st.now, events: this.st.events, reason });
  }
}

/** Element by element; a prefix comes first. */
function orderBefore(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length && i < b.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return a.length < b.length;
}

/** An event kept while its host is paused: a clocked agent learns when it arrived (`heldSinceMs`). */
function held(spec: AgentSpec, event: AgentEvent, now: number): AgentEvent {
  return spec.clocked === true ? { ...event, heldSinceMs: now } : event;
}

function describeEvent(event: AgentEvent): string {
  const fields = Object.keys(event).filter((k) => k !== 'type');
  if (fields.length === 0) return event.type;
  return `${event.type} ${fields.map((k) => `${k}=${fieldText(event[k])}`).join(' ')}`;
}

/** A field as JSON, except that a host set beyond one word (a bigint) prints as its decimal digits, as a number does. */
function fieldText(v: unknown): string {
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.some((x) => typeof x === 'bigint')) return `[${v.map(fieldText).join(',')}]`;
  return JSON.stringify(v);
}
