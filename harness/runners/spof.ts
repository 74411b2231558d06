// Single points of failure: fail each component alone — every NIC, bond, switch, cable, storage
// node, storage path, fence device and host — at every instant of the heartbeat that can make a difference
// (explore's time abstraction), and record the worst outcome: which properties break, how many
// hosts fence, how long each service is down. A component is a single point of failure when its
// failure alone breaks a property, and each finding says whose fault it is: the design's (a
// protected service stays down past its RTO whatever the software does: servicesSurvive) or the HA
// software's (a safety or liveness property of the product).
import { checkProperty, propertyKind, type PropertyKind } from '../../properties/index.js';
import { forEachInstant, WorldState } from '../../properties/worldState.js';
import { FIRST_FAULT_AT_MS } from '../engine/generators.js';
import { candidateInstants, timingOf, type Timing } from './explore/instants.js';
import { FAULTS, type FaultName, type FaultStep } from '../engine/faults/index.js';
import { OscillationError, ScheduleOscillationError } from '../engine/oscillation.js';
import type { Model, PropertyName } from '../engine/model.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import type { Target } from '../engine/target.js';

export type ComponentKind = 'host' | 'switch' | 'storage node' | 'link' | 'bond' | 'nic' | 'path' | 'fence device';

/** One broken property of a component: how the component failed, when, and what the property said. */
export interface SpofFinding {
  readonly property: PropertyName;
  /** `design`: the design cannot survive this; `safety` / `liveness`: the HA software did the wrong thing. */
  readonly kind: PropertyKind;
  readonly fault: FaultName;
  readonly at: number;
  readonly explanation: string;
}

export interface SpofEntry {
  readonly component: string;
  readonly kind: ComponentKind;
  /** Every way the component was failed (a storage node fails twice, see FAILURES). */
  readonly faults: readonly FaultName[];
  /** How it failed in the worst outcome. */
  readonly fault: FaultName;
  /** What kinds of finding it is, design first, then safety, then liveness; empty: not a SPOF. */
  readonly findingKinds: readonly PropertyKind[];
  /** One per broken property, in the order of `findingKinds`. */
  readonly findings: readonly SpofFinding[];
  /** Properties violated at some instant. */
  readonly broken: readonly PropertyName[];
  /** Most hosts fenced in one run. */
  readonly fenced: number;
  readonly fencedHosts: readonly string[];
  /** Longest time one service was down, worst instant (counted to the end of the run if never restored). */
  readonly downtimeMs: number;
  /** Worst downtime of each service that went down. */
  readonly services: Readonly<Record<string, number>>;
  /** Some service was still down when the run ended. */
  readonly unrestored: readonly string[];
  /** Instants tried, for each way of failing. */
  readonly instants: number;
  /** The instant of the worst outcome. */
  readonly worstAt: number;
}

export interface SpofReport {
  /** Every component, ranked (see `rankEntries`). */
  readonly entries: readonly SpofEntry[];
  /** The single points of failure: the entries with a finding, in the same order. */
  readonly spofs: readonly SpofEntry[];
  readonly timing: Timing;
  readonly instants: readonly number[];
  readonly properties: readonly PropertyName[];
  /** What each judged property judges (built-in or the model's own). */
  readonly kinds: Readonly<Record<PropertyName, PropertyKind>>;
}

/**
 * Each kind of component and how it fails when it fails alone; every failure lasts to the end of
 * the run except the storage power-cycle. A storage node fails twice: hard power-cycled (seed 004's
 * sudden failure, back after the model's reboot time: what tests the HA software) and lost (stopped
 * and never started again: what tests the design).
 */
export const FAILURES: readonly {
  kind: ComponentKind;
  faults: readonly FaultName[];
  ids: (t: Target) => readonly string[];
}[] = [
  { kind: 'host', faults: ['host-crash'], ids: (t) => t.compiled.hostIds },
  { kind: 'switch', faults: ['switch-down'], ids: (t) => t.compiled.switchIds },
  {
    kind: 'storage node',
    faults: ['storage-hard-powercycle', 'storage-clean-stop'],
    ids: (t) => t.compiled.storageIds,
  },
  { kind: 'link', faults: ['link-cut'], ids: (t) => t.compiled.links.map((l) => l.id) },
  { kind: 'bond', faults: ['bond-down'], ids: (t) => t.compiled.bonds.map((b) => b.id) },
  { kind: 'nic', faults: ['nic-down'], ids: (t) => t.compiled.nics.map((n) => n.id) },
  { kind: 'path', faults: ['path-down'], ids: (t) => t.compiled.paths.map((p) => p.id) },
  { kind: 'fence device', faults: ['fence-device-down'], ids: (t) => t.compiled.fenceDevices.map((d) => d.id) },
];

/** "switch sw1 fails"; a storage node's lasting stop says that it lasts. */
export function failureSentence(fault: FaultName, component: string): string {
  if (fault === 'storage-clean-stop') return `storage node ${component} is lost (stopped, never started again)`;
  return FAULTS[fault].sentence(component);
}

const KIND_ORDER: readonly PropertyKind[] = ['design', 'safety', 'liveness'];

interface Outcome {
  readonly fault: FaultName;
  readonly at: number;
  readonly broken: Map<PropertyName, string>;
  /** The kinds of the broken properties. */
  readonly brokenKinds: readonly PropertyKind[];
  readonly fenced: string[];
  readonly down: Map<string, number>;
  readonly unrestored: string[];
}

function downtimes(run: RunResult, from: number): { down: Map<string, number>; unrestored: string[] } {
  const state = new WorldState(run);
  const since = new Map<string, number>();
  const total = new Map<string, number>();
  forEachInstant(run, state, (at) => {
    for (const s of run.meta.services) {
      const up = state.serviceUp(s.id);
      const start = since.get(s.id);
      if (up && start !== undefined) {
        total.set(s.id, (total.get(s.id) ?? 0) + at - start);
        since.delete(s.id);
      } else if (!up && start === undefined && at >= from) {
        since.set(s.id, at);
      }
    }
  });
  for (const [id, start] of since) total.set(id, (total.get(id) ?? 0) + run.meta.endMs - start);
  return { down: total, unrestored: [...since.keys()] };
}

function outcome(
  run: RunResult,
  model: Model,
  properties: readonly PropertyName[],
  fault: FaultName,
  at: number,
): Outcome {
  const broken = new Map<PropertyName, string>();
  for (const p of properties) {
    const v = checkProperty(p, run, model);
    if (v.status === 'violated') broken.set(p, v.explanation);
  }
  const brokenKinds = [...broken.keys()].map((p) => propertyKind(p, model));
  const fenced = [...new Set(run.entries.flatMap((e) => (e.type === 'fence' ? [e.host] : [])))].sort();
  return { fault, at, broken, brokenKinds, fenced, ...downtimes(run, at) };
}

/** 0: a design loss or a safety break; 1: a liveness finding only; 2: nothing broken. */
function findingClass(kinds: Iterable<PropertyKind>): number {
  const all = [...kinds];
  if (all.includes('design') || all.includes('safety')) return 0;
  return all.includes('liveness') ? 1 : 2;
}

const worstDowntime = (o: Outcome) => Math.max(0, ...o.down.values());
const severity = (o: Outcome) => [
  2 - findingClass(o.brokenKinds),
  o.unrestored.length,
  o.broken.size,
  o.fenced.length,
  worstDowntime(o),
];

function worse(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

function worstOf(outcomes: readonly Outcome[]): Outcome {
  let worst = outcomes[0];
  for (const o of outcomes) if (worse(severity(o), severity(worst))) worst = o;
  return worst;
}

function findingsOf(
  outcomes: readonly Outcome[],
  kinds: Readonly<Record<PropertyName, PropertyKind>>,
  properties: readonly PropertyName[],
): SpofFinding[] {
  const findings: SpofFinding[] = [];
  for (const kind of KIND_ORDER) {
    for (const property of properties) {
      if (kinds[property] !== kind) continue;
      const where = outcomes.filter((o) => o.broken.has(property));
      if (where.length === 0) continue;
      const o = worstOf(where);
      findings.push({ property, kind, fault: o.fault, at: o.at, explanation: o.broken.get(property)! });
    }
  }
  return findings;
}

function entryOf(
  component: string,
  kind: ComponentKind,
  faults: readonly FaultName[],
  instants: number,
  outcomes: readonly Outcome[],
  kinds: Readonly<Record<PropertyName, PropertyKind>>,
  properties: readonly PropertyName[],
): SpofEntry {
  const worst = worstOf(outcomes);
  const findings = findingsOf(outcomes, kinds, properties);
  const services: Record<string, number> = {};
  for (const o of outcomes) for (const [id, ms] of o.down) services[id] = Math.max(services[id] ?? 0, ms);
  return {
    component,
    kind,
    faults,
    fault: worst.fault,
    findingKinds: KIND_ORDER.filter((k) => findings.some((f) => f.kind === k)),
    findings,
    broken: properties.filter((p) => findings.some((f) => f.property === p)),
    fenced: Math.max(...outcomes.map((o) => o.fenced.length)),
    fencedHosts: [...new Set(outcomes.flatMap((o) => o.fenced))].sort(),
    downtimeMs: Math.max(0, ...Object.values(services)),
    services,
    unrestored: [...new Set(outcomes.flatMap((o) => o.unrestored))].sort(),
    instants,
    worstAt: worst.at,
  };
}

/**
 * Worst first: a design loss or a safety break, then a liveness finding only, then nothing; within
 * that, more services left down at the end of the run, more properties broken, more hosts fenced,
 * longer downtime; then by kind of component (FAILURES order) and name, so the order is stable.
 */
export function rankEntries(entries: readonly SpofEntry[]): SpofEntry[] {
  const order = FAILURES.map((f) => f.kind);
  return [...entries].sort(
    (a, b) =>
      findingClass(a.findingKinds) - findingClass(b.findingKinds) ||
      b.unrestored.length - a.unrestored.length ||
      b.broken.length - a.broken.length ||
      b.fenced - a.fenced ||
      b.downtimeMs - a.downtimeMs ||
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
  );
}

/** One run; one that never settles says which failure provoked it (for its trace file). */
function runNaming(sim: Simulation, schedule: readonly FaultStep[], full = false): RunResult {
  try {
    return full ? sim.run(schedule, { level: 'full' }) : sim.run(schedule);
  } catch (error) {
    if (!(error instanceof OscillationError)) throw error;
    throw new ScheduleOscillationError(error.model, error.oscillation, schedule);
  }
}

/** How many components spofReport fails one by one (its progress total). */
export function spofComponentCount(target: Target): number {
  return FAILURES.reduce((n, f) => n + f.ids(target).length, 0);
}

/** The schedule and the full run of one finding (the component failed alone at the finding's instant), for its trace file. */
export function findingRun(
  target: Target,
  component: string,
  finding: SpofFinding,
): { schedule: FaultStep[]; run: RunResult } {
  const schedule = [{ at: finding.at, fault: finding.fault, target: component }];
  return { schedule, run: runNaming(new Simulation(target.model, target.compiled, target.config), schedule, true) };
}

/** `onComponent`: called as each component's failures are judged, for a progress display. */
export function spofReport(
  target: Target,
  properties: readonly PropertyName[] = target.model.properties,
  onComponent: () => void = () => {},
): SpofReport {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const timing = timingOf(sim.instance, target.config);
  const instants = candidateInstants(FIRST_FAULT_AT_MS, -1, timing, 'coarse');
  const kinds = Object.fromEntries(properties.map((p) => [p, propertyKind(p, target.model)]));
  const entries: SpofEntry[] = [];
  for (const { kind, faults, ids } of FAILURES) {
    for (const component of ids(target)) {
      const outcomes = faults.flatMap((fault) =>
        instants.map((at) =>
          outcome(runNaming(sim, [{ at, fault, target: component }]), target.model, properties, fault, at),
        ),
      );
      entries.push(entryOf(component, kind, faults, instants.length, outcomes, kinds, properties));
      onComponent();
    }
  }
  const ranked = rankEntries(entries);
  return { entries: ranked, spofs: ranked.filter((e) => e.findings.length > 0), timing, instants, properties, kinds };
}
