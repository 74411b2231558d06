// Exhaustive search: every schedule of at most K faults over the design's components, at the
// instants the time abstraction (instants.ts) says can differ, breadth-first so the first
// violation found has the fewest faults. States are merged when they are equal up to a time shift
// (simulator state, heartbeat phase, and the past as the properties would still judge it:
// history.ts), so a schedule whose run joins one already explored stops there.
//
// Memory stays small: the tree of explored schedules is kept as a few numbers per node, and each
// breadth-first level re-simulates the levels above it instead of storing their states.
import { checkProperty } from '../../../properties/index.js';
import { FAULTS, type FaultName, type FaultStep } from '../../engine/faults/index.js';
import { drawableKinds, FIRST_FAULT_AT_MS, vocabularyOf } from '../../engine/generators.js';
import type { PropertyName } from '../../engine/model.js';
import { oscillationOf, type OscillationFinding } from '../../engine/oscillation.js';
import { Simulation, type SimSnapshot } from '../../engine/simulator.js';
import type { Target } from '../../engine/target.js';
import { FingerprintSet } from './fingerprints.js';
import { StateHasher } from './hash.js';
import { ShardLog } from './shardLog.js';
import { monitorsFor, summarised, type Monitor } from './history.js';
import { candidateInstants, timingOf, type InstantMode, type Timing } from './instants.js';
import { canonicalChoice, hostSymmetries, type Symmetry } from './symmetry.js';

export interface ExploreOptions {
  readonly depth: number;
  readonly mode?: InstantMode;
  /** Fault kinds (default: the target's). */
  readonly kinds?: readonly FaultName[];
  /** Also choose repairs of active faults (each repair counts toward the depth). */
  readonly repairs?: boolean;
  readonly properties?: readonly PropertyName[];
  /** Stop at the first violation (default), or explore every schedule up to the depth and report each property's shortest. */
  readonly keepGoing?: boolean;
  /** Merge runs that reach an explored state (default). Off: every schedule's run is simulated to its end (for testing the merge). */
  readonly merge?: boolean;
  /** Give up (result `complete: false`, `truncated` set) after this many distinct states. */
  readonly maxStates?: number;
  /**
   * Explore only shard `index` of `count` (1-based): the first-level schedules (one fault on the
   * fault-free run, in the order they are enumerated) whose position modulo `count` is `index − 1`,
   * and every schedule that extends them. The fault-free run is explored by every shard.
   */
  readonly shard?: Shard;
  readonly onProgress?: (stats: ExploreStats) => void;
}

export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** What a shard explored: which one, and the part every shard repeats (the fault-free run). */
export interface ShardStats extends Shard {
  /** First-level schedules enumerated in this shard (merging leaves some without a run). */
  readonly firstLevelSchedules: number;
  /** Of the stats: the fault-free run's share, the same in every shard. */
  readonly common: { readonly distinctStates: number; readonly runs: number; readonly events: number };
  /** The search's decisions on explored states, for merge to recompute the unsharded counts (shardLog.ts). */
  readonly log: string;
}

export interface ExploreViolation {
  readonly property: PropertyName;
  readonly schedule: readonly FaultStep[];
  /** Position of the schedule's first fault among the first-level schedules (-1: no fault): the search order. */
  readonly firstLevel: number;
  readonly at: number;
  readonly explanation: string;
}

export interface ExploreStats {
  /** Schedules enumerated (each fault choice at each instant), merged ones included. */
  readonly schedules: number;
  /** Distinct states (instants of runs) fingerprinted and kept. */
  readonly distinctStates: number;
  /** Schedules whose run was simulated to its end or to the state it merged into. */
  readonly runs: number;
  readonly events: number;
  readonly seconds: number;
  readonly depthReached: number;
}

export interface ExploreResult {
  readonly depth: number;
  /** Every schedule up to `depth` was covered (false: stopped at a violation or at maxStates). */
  readonly complete: boolean;
  /** Stopped at maxStates, in the middle of level `depth` (null: it did not). */
  readonly truncated: { readonly maxStates: number; readonly depth: number } | null;
  readonly violations: readonly ExploreViolation[];
  readonly stats: ExploreStats;
  readonly timing: Timing;
  readonly choices: number;
  /** Host permutations used to merge symmetric schedules (1: none). */
  readonly symmetries: number;
  /** Properties whose past could not be summarised (merging of different pasts is off). */
  readonly unsummarised: readonly PropertyName[];
  /** A schedule whose run never settles: exploring stopped there (`complete` is false). */
  readonly oscillation?: OscillationFinding;
  /** Set when options.shard was. */
  readonly shard?: ShardStats;
}

interface Choice {
  readonly fault: FaultName;
  readonly target: string;
  /** For a repair: the index of the choice it repairs. */
  readonly repairs: number;
}

/** A explored schedule: its last fault and where it was injected on its parent's run. */
interface Node {
  readonly parent: number;
  readonly depth: number;
  /** Index of the instant on the parent's run after which the fault was injected. */
  readonly step: number;
  readonly at: number;
  readonly choice: number;
  /** Instants of its own run that it owns (the rest merged into another run). */
  steps: number;
  /** Position of its first-level ancestor among the first-level schedules (-1: the root). */
  readonly firstLevel: number;
  firstChild: number;
  children: number;
}

interface Saved {
  readonly sim: SimSnapshot;
  readonly monitors: readonly Monitor[];
  readonly fed: number;
}

export function explore(target: Target, options: ExploreOptions): ExploreResult {
  return new Explorer(target, options).run();
}

class Explorer {
  private readonly sim: Simulation;
  private readonly hasher = new StateHasher();
  private readonly visited = new FingerprintSet();
  private readonly nodes: Node[] = [];
  private readonly choices: Choice[];
  private readonly properties: readonly PropertyName[];
  private readonly timing: Timing;
  private readonly mode: InstantMode;
  private readonly symmetries: readonly Symmetry[];
  private monitors: Monitor[] = [];
  private fed = 0;
  private readonly violations: ExploreViolation[] = [];
  private readonly violatedProps = new Set<PropertyName>();
  private schedules = 0;
  private runs = 0;
  private events = 0;
  private depthReached = 0;
  private stopped = false;
  private truncated = false;
  /** The schedule being simulated for the first time: a node's run, or a choice injected on it. */
  private trying: { readonly node: number; readonly step: number; readonly at: number; readonly choice: number } = {
    node: 0,
    step: -1,
    at: -1,
    choice: -1,
  };
  private readonly started = performance.now();
  private readonly merging: boolean;
  /** First-level schedules enumerated so far, in every shard (the shard's own are a subset). */
  private firstLevel = 0;
  private ownFirstLevelCount = 0;
  private common: ShardStats['common'] = { distinctStates: 0, runs: 0, events: 0 };
  /** Set when sharded: what merge replays (shardLog.ts). */
  private readonly log: ShardLog | null;

  constructor(
    target: Target,
    private readonly options: ExploreOptions,
  ) {
    this.sim = new Simulation(target.model, target.compiled, target.config);
    this.properties = options.properties ?? target.model.properties;
    this.timing = timingOf(this.sim.instance, target.config, target.model.keys);
    this.mode = options.mode ?? 'coarse';
    this.merging = options.merge ?? true;
    const shard = options.shard;
    this.log = shard ? new ShardLog() : null;
    if (shard && !(Number.isInteger(shard.count) && shard.count >= 1 && Number.isInteger(shard.index)))
      throw new Error(`explore: shard ${shard.index}/${shard.count} is not two whole numbers`);
    if (shard && (shard.index < 1 || shard.index > shard.count))
      throw new Error(`explore: shard ${shard.index}/${shard.count}: the index must be from 1 to ${shard.count}`);
    const kinds = drawableKinds(target.compiled, options.kinds ?? target.faults, vocabularyOf(target.model));
    const vocabulary = vocabularyOf(target.model);
    const faults: Choice[] = kinds.flatMap((k) =>
      FAULTS[k].targets(target.compiled, vocabulary).map((t) => ({ fault: k, target: t, repairs: -1 })),
    );
    const repairs: Choice[] = options.repairs
      ? faults.flatMap((c, i) =>
          FAULTS[c.fault].repairedBy ? [{ fault: FAULTS[c.fault].repairedBy!, target: c.target, repairs: i }] : [],
        )
      : [];
    this.choices = [...faults, ...repairs];
    this.symmetries = target.model.interchangeableHosts ? hostSymmetries(target.compiled, this.choices) : [];
  }

  run(): ExploreResult {
    let oscillation: OscillationFinding | undefined;
    try {
      this.explore();
    } catch (error) {
      const o = oscillationOf(error);
      if (o === null) throw error;
      oscillation = { ...o, schedule: this.tryingSchedule() };
      this.log?.neverSettles(this.trying.choice < 0 ? -1 : this.trying.node, this.trying.step);
    }
    const complete = !this.stopped && oscillation === undefined;
    return {
      ...(oscillation ? { oscillation } : {}),
      depth: this.options.depth,
      complete,
      truncated:
        this.truncated && this.options.maxStates !== undefined
          ? { maxStates: this.options.maxStates, depth: this.depthReached }
          : null,
      violations: this.violations,
      stats: this.stats(),
      timing: this.timing,
      choices: this.choices.length,
      symmetries: this.symmetries.length + 1,
      unsummarised: this.properties.filter((p) => !summarised(p)),
      ...(this.options.shard
        ? {
            shard: {
              ...this.options.shard,
              firstLevelSchedules: this.ownFirstLevelCount,
              common: this.common,
              log: this.log!.encode(complete),
            },
          }
        : {}),
    };
  }

  private explore(): void {
    // Depth 0: the run with no fault at all.
    this.nodes.push({
      parent: -1,
      depth: 0,
      step: -1,
      at: 0,
      choice: -1,
      steps: 0,
      firstChild: -1,
      children: 0,
      firstLevel: -1,
    });
    this.sim.begin();
    this.resetMonitors();
    this.log?.block(0, -1);
    const rootIsNew = this.visit();
    this.log?.stepped(this.hasher.lo, this.hasher.hi, 0, rootIsNew);
    this.nodes[0].steps = this.walkNew(0, 0);
    this.common = { distinctStates: this.visited.size, runs: this.runs, events: this.events };
    for (let d = 1; d <= this.options.depth && !this.stopped; d++) {
      if (this.violations.length > 0 && !this.options.keepGoing) break;
      this.depthReached = d;
      this.sim.begin();
      this.resetMonitors();
      this.pass(0, d);
    }
  }

  /** The schedule whose first simulation was under way (a run that never settled). */
  private tryingSchedule(): FaultStep[] {
    const { node, at, choice } = this.trying;
    const c = this.choices[choice];
    return choice < 0 ? this.scheduleOf(node) : [...this.scheduleOf(node), { at, fault: c.fault, target: c.target }];
  }

  stats(): ExploreStats {
    return {
      schedules: this.schedules,
      distinctStates: this.visited.size,
      runs: this.runs,
      events: this.events,
      seconds: (performance.now() - this.started) / 1000,
      depthReached: this.depthReached,
    };
  }

  private resetMonitors(): void {
    this.monitors = monitorsFor(this.properties, this.sim.result(0));
    this.fed = 0;
    this.feed();
  }

  private feed(): void {
    const entries = this.sim.recorded;
    for (; this.fed < entries.length; this.fed++) for (const m of this.monitors) m.feed(entries[this.fed]);
  }

  private save(): Saved {
    return { sim: this.sim.snapshot(), monitors: this.monitors.map((m) => m.clone()), fed: this.fed };
  }

  private load(s: Saved): void {
    this.sim.restore(s.sim);
    this.monitors = s.monitors.map((m) => m.clone());
    this.fed = s.fed;
  }

  /** Fingerprints the current state and adds it to the explored ones: true if it is new. */
  private visit(): boolean {
    this.feed();
    const h = this.hasher;
    h.reset();
    this.sim.hashState(h);
    const now = this.sim.time;
    for (const m of this.monitors) m.digest(h, now);
    const p = this.timing.periodMs;
    h.num(p > 0 ? now % p : p < 0 ? now : 0);
    return this.visited.add(h.lo, h.hi);
  }

  /** Faults applied and not repaired on the path to a node (choice indices). */
  private activeOn(node: number): Set<number> {
    const active = new Set<number>();
    const path: number[] = [];
    for (let n = node; n > 0; n = this.nodes[n].parent) path.push(this.nodes[n].choice);
    for (const c of path.reverse()) {
      const r = this.choices[c].repairs;
      if (r >= 0) active.delete(r);
      else active.add(c);
    }
    return active;
  }

  private lastFaultAt(node: number): number {
    return node === 0 ? 0 : this.nodes[node].at;
  }

  /**
   * Re-simulates `node`'s run (the simulator is at its first instant) and, at the nodes one level
   * above the pass's depth, creates their children.
   */
  private pass(node: number, depth: number): void {
    if (this.stopped) return;
    const n = this.nodes[node];
    const expand = n.depth === depth - 1;
    const active = expand ? this.activeOn(node) : null;
    const allowed = expand ? this.allowedChoices(node, active!) : null;
    let child = n.firstChild;
    const lastChild = n.firstChild + n.children;
    if (expand) n.firstChild = this.nodes.length;
    for (let i = 0; i < n.steps && !this.stopped; i++) {
      if (i > 0 && this.sim.stepInstant() < 0)
        throw new Error('explore: a run ended early on re-simulation (the simulator is not deterministic)');
      if (expand) {
        const next = this.sim.nextEventAt();
        const last = i === n.steps - 1 && next < 0 ? -1 : next;
        const limit = this.lastFaultAt(node) + this.sim.tailMs;
        // The first fault comes once the pool has settled, as in `check` (FIRST_FAULT_AT_MS).
        const from = node === 0 && last < 0 ? Math.max(this.sim.time, FIRST_FAULT_AT_MS) : this.sim.time;
        const instants = candidateInstants(from, last >= 0 && last > limit ? -1 : last, this.timing, this.mode);
        const saved = this.save();
        for (const at of instants) {
          for (const c of allowed!) {
            if (node === 0 && !this.ownFirstLevel(this.firstLevel++)) continue;
            if (node === 0) this.log?.block(depth, this.firstLevel - 1);
            this.schedules++;
            this.load(saved);
            this.trying = { node, step: i, at, choice: c };
            this.sim.injectNow(at, this.choices[c].fault, this.choices[c].target);
            const isNew = this.visit();
            this.log?.tried(node, i, this.hasher.lo, this.hasher.hi, isNew);
            if (!isNew && this.merging) continue;
            const id = this.nodes.length;
            this.nodes.push({
              parent: node,
              depth: n.depth + 1,
              step: i,
              at,
              choice: c,
              steps: 0,
              firstChild: -1,
              children: 0,
              firstLevel: node === 0 ? this.firstLevel - 1 : n.firstLevel,
            });
            n.children++;
            this.nodes[id].steps = this.walkNew(id, at);
            if (this.stopped) break;
          }
          if (this.stopped) break;
        }
        this.load(saved);
      } else if (child < lastChild && this.nodes[child].step === i) {
        const saved = this.save();
        for (; child < lastChild && this.nodes[child].step === i && !this.stopped; child++) {
          const c = this.nodes[child];
          if (node === 0) this.log?.block(depth, c.firstLevel);
          this.load(saved);
          this.sim.injectNow(c.at, this.choices[c.choice].fault, this.choices[c.choice].target);
          this.feed();
          this.pass(child, depth);
        }
        this.load(saved);
      }
    }
  }

  /** The first-level schedule at this position is this shard's (every one is, unsharded). */
  private ownFirstLevel(position: number): boolean {
    const shard = this.options.shard;
    const own = shard === undefined || position % shard.count === shard.index - 1;
    if (own) this.ownFirstLevelCount++;
    return own;
  }

  /** Choices that are not no-ops here (an active fault again), and canonical under host symmetry. */
  private allowedChoices(node: number, active: Set<number>): number[] {
    const out: number[] = [];
    const past: number[] = [];
    for (let n = node; n > 0; n = this.nodes[n].parent) past.push(this.nodes[n].choice);
    for (let c = 0; c < this.choices.length; c++) {
      const r = this.choices[c].repairs;
      if (r < 0 && active.has(c)) continue;
      if (r >= 0 && !active.has(r)) continue;
      if (this.symmetries.length > 0 && !canonicalChoice(c, past, this.symmetries)) continue;
      out.push(c);
    }
    return out;
  }

  /** First simulation of a new node's run: fingerprint each instant, stop where it merges, judge. */
  private walkNew(node: number, faultAt: number): number {
    this.trying = { node, step: -1, at: -1, choice: -1 };
    this.runs++;
    const eventsBefore = this.sim.eventCount;
    const limit = faultAt + this.sim.tailMs;
    let steps = 1;
    let endMs: number;
    for (;;) {
      const next = this.sim.nextEventAt();
      if (next < 0 || next > limit) {
        endMs = Math.max(this.sim.time, limit);
        this.log?.tailEnded();
        break;
      }
      const before = this.sim.eventCount;
      this.sim.stepInstant();
      const isNew = this.visit();
      this.log?.stepped(this.hasher.lo, this.hasher.hi, this.sim.eventCount - before, isNew);
      if (!isNew && this.merging) {
        endMs = this.sim.time;
        break;
      }
      steps++;
      if (this.options.maxStates !== undefined && this.visited.size >= this.options.maxStates) {
        this.log?.limited();
        this.stopped = true;
        this.truncated = true;
        endMs = this.sim.time;
        break;
      }
    }
    const run = this.sim.result(endMs);
    this.events += run.events - eventsBefore;
    const violationsBefore = this.violations.length;
    this.judge(node, run);
    if (this.violations.length > violationsBefore) this.log?.violated(this.violations.length);
    if (this.options.onProgress && this.runs % 2000 === 0) this.options.onProgress(this.stats());
    return steps;
  }

  /** Each property not violated yet, on the run of `node` that just ended. */
  private judge(node: number, run: ReturnType<Simulation['result']>): void {
    for (const p of this.properties) {
      if (this.violatedProps.has(p)) continue;
      const verdict = checkProperty(p, run, this.sim.model);
      if (verdict.status !== 'violated') continue;
      this.violatedProps.add(p);
      this.violations.push({
        property: p,
        schedule: this.scheduleOf(node),
        firstLevel: this.nodes[node].firstLevel,
        at: verdict.at,
        explanation: verdict.explanation,
      });
      if (!this.options.keepGoing) this.stopped = true;
    }
  }

  private scheduleOf(node: number): FaultStep[] {
    const out: FaultStep[] = [];
    for (let n = node; n > 0; n = this.nodes[n].parent) {
      const c = this.choices[this.nodes[n].choice];
      out.push({ at: this.nodes[n].at, fault: c.fault, target: c.target });
    }
    return out.reverse();
  }
}
