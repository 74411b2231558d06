// Single points of failure: fail each component alone — every NIC, bond, switch, cable, storage
// node, storage path and host — at every instant of the heartbeat that can make a difference
// (explore's time abstraction), and record the worst outcome: which properties break, how many
// hosts fence, how long each service is down.
import { checkProperty } from '../properties/index.js';
import { forEachInstant, WorldState } from '../properties/worldState.js';
import { FIRST_FAULT_AT_MS } from './generators.js';
import { candidateInstants, timingOf, type Timing } from './explore/instants.js';
import type { FaultName } from './faults/index.js';
import type { PropertyName } from './model.js';
import { Simulation, type RunResult } from './simulator.js';
import type { Target } from './target.js';

export type ComponentKind = 'host' | 'switch' | 'storage node' | 'link' | 'bond' | 'nic' | 'path';

export interface SpofEntry {
  readonly component: string;
  readonly kind: ComponentKind;
  /** How the component fails. */
  readonly fault: FaultName;
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
  /** Instants tried. */
  readonly instants: number;
  /** The instant of the worst outcome, and what the first broken property said then. */
  readonly worstAt: number;
  readonly explanation: string | null;
}

export interface SpofReport {
  readonly entries: readonly SpofEntry[];
  readonly timing: Timing;
  readonly instants: readonly number[];
  readonly properties: readonly PropertyName[];
}

/** Each kind of component and how it fails when it fails alone. */
const FAILURES: readonly { kind: ComponentKind; fault: FaultName; ids: (t: Target) => readonly string[] }[] = [
  { kind: 'host', fault: 'host-crash', ids: (t) => t.compiled.hostIds },
  { kind: 'switch', fault: 'switch-down', ids: (t) => t.compiled.switchIds },
  { kind: 'storage node', fault: 'storage-hard-powercycle', ids: (t) => t.compiled.storageIds },
  { kind: 'link', fault: 'link-cut', ids: (t) => t.compiled.links.map((l) => l.id) },
  { kind: 'bond', fault: 'bond-down', ids: (t) => t.compiled.bonds.map((b) => b.id) },
  { kind: 'nic', fault: 'nic-down', ids: (t) => t.compiled.nics.map((n) => n.id) },
  { kind: 'path', fault: 'path-down', ids: (t) => t.compiled.paths.map((p) => p.id) },
];

interface Outcome {
  readonly broken: Map<PropertyName, string>;
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

function outcome(run: RunResult, properties: readonly PropertyName[], from: number): Outcome {
  const broken = new Map<PropertyName, string>();
  for (const p of properties) {
    const v = checkProperty(p, run);
    if (v.status === 'violated') broken.set(p, v.explanation);
  }
  const fenced = [...new Set(run.entries.flatMap((e) => (e.type === 'fence' ? [e.host] : [])))].sort();
  return { broken, fenced, ...downtimes(run, from) };
}

const worstDowntime = (o: Outcome) => Math.max(0, ...o.down.values());
const severity = (o: Outcome) => [o.broken.size, o.fenced.length, o.unrestored.length, worstDowntime(o)];

function worse(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

export function spofReport(target: Target, properties: readonly PropertyName[] = target.model.properties): SpofReport {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const timing = timingOf(sim.instance, target.config);
  const instants = candidateInstants(FIRST_FAULT_AT_MS, -1, timing, 'coarse');
  const entries: SpofEntry[] = [];
  for (const { kind, fault, ids } of FAILURES) {
    for (const component of ids(target)) {
      const outcomes = instants.map((at) => ({ at, o: outcome(sim.run([{ at, fault, target: component }]), properties, at) }));
      let worst = outcomes[0];
      for (const x of outcomes) if (worse(severity(x.o), severity(worst.o))) worst = x;
      const broken = properties.filter((p) => outcomes.some((x) => x.o.broken.has(p)));
      const services: Record<string, number> = {};
      for (const x of outcomes) for (const [id, ms] of x.o.down) services[id] = Math.max(services[id] ?? 0, ms);
      entries.push({
        component,
        kind,
        fault,
        broken,
        fenced: Math.max(...outcomes.map((x) => x.o.fenced.length)),
        fencedHosts: [...new Set(outcomes.flatMap((x) => x.o.fenced))].sort(),
        downtimeMs: Math.max(0, ...Object.values(services)),
        services,
        unrestored: [...new Set(outcomes.flatMap((x) => x.o.unrestored))].sort(),
        instants: instants.length,
        worstAt: worst.at,
        explanation: worst.o.broken.size > 0 ? [...worst.o.broken.values()][0] : null,
      });
    }
  }
  const order = FAILURES.map((f) => f.kind);
  entries.sort(
    (a, b) =>
      b.broken.length - a.broken.length ||
      b.fenced - a.fenced ||
      b.unrestored.length - a.unrestored.length ||
      b.downtimeMs - a.downtimeMs ||
      order.indexOf(a.kind) - order.indexOf(b.kind) ||
      (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
  );
  return { entries, timing, instants, properties };
}
