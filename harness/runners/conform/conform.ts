// One conformance check: a schedule, kept off knife edges, run on the model and on the real
// daemons; their role sequences compared. Also draws the short schedules `conform` uses.
import fc from 'fast-check';
import type { FaultStep } from '../../engine/faults/index.js';
import { scheduleArbitrary, vocabularyOf } from '../../engine/generators.js';
import { Simulation, type RunResult } from '../../engine/simulator.js';
import type { Target } from '../../engine/target.js';
import type { Trace } from '../../engine/trace.js';
import { runReal } from './lab.js';
import { dualActiveOverlaps, type Overlap } from '../../../properties/dualActiveOverlaps.js';
import { isClusterLab, type ClusterLab, type ConformBinding } from '../../lab/product.js';
import { compareRoles } from './compare.js';
import { DEFAULT_NUDGE, nudgeSchedule } from './nudge.js';
import { roleSequences, type RoleSequences } from './roles.js';

export interface ConformOptions {
  readonly toleranceMs: number;
  /** Real runs of a disagreeing schedule before the disagreement counts (default 0). */
  readonly retries?: number;
  /** Test hook: make the real run fail after start (proves cleanup). */
  readonly failAfterStart?: boolean;
}

export interface ConformResult {
  /** The schedule as drawn or named. */
  readonly drawn: readonly FaultStep[];
  /** The schedule both sides ran (faults moved off knife edges). */
  readonly schedule: readonly FaultStep[];
  readonly horizonMs: number;
  readonly agree: boolean;
  readonly mismatches: readonly string[];
  readonly worstDeltaMs: number;
  readonly toleranceMs: number;
  readonly modelRoles: RoleSequences;
  readonly realRoles: RoleSequences;
  readonly modelOverlaps: readonly Overlap[];
  readonly realOverlaps: readonly Overlap[];
  readonly modelRun: RunResult;
  readonly realTrace: Trace;
  readonly offsetMs: number;
  readonly warnings: readonly string[];
  readonly logs: Readonly<Record<string, string>>;
  /** The real outcome in a few words (a whole-cluster lab's: who fenced whom), else null. */
  readonly outcome: string | null;
  /** A race: how far the model's faults were moved to give the real outcome (0: as scheduled);
   * null when not a race or no instant gives it. */
  readonly raceShiftMs: number | null;
  /** Real runs made (1 + retries used) and the mismatches of the earlier ones. */
  readonly attempts: number;
  readonly earlierMismatches: readonly (readonly string[])[];
}

/** The schedule and horizon both sides run, without touching anything real. */
export function planConformance(
  target: Target,
  binding: ConformBinding,
  drawn: readonly FaultStep[],
): { schedule: FaultStep[]; horizonMs: number; modelRun: RunResult } {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const schedule = nudgeSchedule(
    drawn,
    (prefix, untilMs) =>
      binding.sensitiveInstants(sim.run(prefix, { level: 'full', horizonMs: untilMs }), target.config),
    DEFAULT_NUDGE,
  );
  const last = schedule.reduce((m, s) => Math.max(m, s.at), 0);
  const horizonMs = Math.max(last, binding.firstAtMs) + binding.tailMs(target.config);
  return { schedule, horizonMs, modelRun: sim.run(schedule, { level: 'full', horizonMs }) };
}

/**
 * Runs a schedule on the model and on the real daemons; a disagreement is run again up to
 * `retries` times (timing noise on a loaded machine is not a model error; a model error disagrees
 * every time), and the earlier attempts' mismatches are kept.
 */
export async function conformOne(
  target: Target,
  binding: ConformBinding,
  drawn: readonly FaultStep[],
  options: ConformOptions,
): Promise<ConformResult> {
  const earlier: string[][] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await conformOnce(target, binding, drawn, options);
    if (r.agree || attempt > (options.retries ?? 0)) return { ...r, attempts: attempt, earlierMismatches: earlier };
    earlier.push([...r.mismatches]);
  }
}

async function conformOnce(
  target: Target,
  binding: ConformBinding,
  drawn: readonly FaultStep[],
  options: ConformOptions,
): Promise<Omit<ConformResult, 'attempts' | 'earlierMismatches'>> {
  const { schedule, horizonMs, modelRun } = planConformance(target, binding, drawn);
  if (isClusterLab(binding.product))
    return conformCluster(target, binding.product, drawn, { schedule, horizonMs, modelRun }, options);
  const first = modelRun.entries.find((e) => e.type === 'role' && e.at > 0);
  const real = await runReal({
    product: binding.product,
    compiled: target.compiled,
    config: target.config,
    schedule,
    horizonMs,
    calibration: first && first.type === 'role' ? { host: first.agent, role: first.role, atMs: first.at } : null,
    failAfterStart: options.failAfterStart,
  });
  const modelRoles = roleSequences(modelRun);
  const realRoles = roleSequences(real.trace);
  const verdict = compareRoles(modelRoles, realRoles, options.toleranceMs, daemonStarts(schedule));
  return {
    drawn,
    schedule,
    horizonMs,
    agree: verdict.agree && real.warnings.length === 0,
    mismatches: [...verdict.mismatches, ...real.warnings],
    worstDeltaMs: verdict.worstDeltaMs,
    toleranceMs: options.toleranceMs,
    modelRoles,
    realRoles,
    modelOverlaps: dualActiveOverlaps(modelRun),
    realOverlaps: dualActiveOverlaps(real.trace),
    modelRun,
    realTrace: real.trace,
    offsetMs: real.offsetMs,
    warnings: real.warnings,
    logs: real.logs,
    outcome: null,
    raceShiftMs: null,
  };
}

/** A whole-cluster lab runs the schedule and compares it with the model's run in its own terms. */
async function conformCluster(
  target: Target,
  lab: ClusterLab,
  drawn: readonly FaultStep[],
  plan: { schedule: FaultStep[]; horizonMs: number; modelRun: RunResult },
  options: ConformOptions,
): Promise<Omit<ConformResult, 'attempts' | 'earlierMismatches'>> {
  const sim = new Simulation(target.model, target.compiled, target.config);
  const c = await lab.compare({
    compiled: target.compiled,
    config: target.config,
    schedule: plan.schedule,
    horizonMs: plan.horizonMs,
    modelRun: plan.modelRun,
    simulate: (schedule, horizonMs) => sim.run(schedule, { level: 'full', horizonMs }),
    toleranceMs: options.toleranceMs,
  });
  return {
    drawn,
    schedule: plan.schedule,
    horizonMs: plan.horizonMs,
    agree: c.agree && c.warnings.length === 0,
    mismatches: [...c.mismatches, ...c.warnings],
    worstDeltaMs: c.worstDeltaMs,
    toleranceMs: options.toleranceMs,
    modelRoles: c.modelRoles,
    realRoles: c.realRoles,
    modelOverlaps: dualActiveOverlaps(plan.modelRun),
    realOverlaps: dualActiveOverlaps(c.realTrace),
    modelRun: plan.modelRun,
    realTrace: c.realTrace,
    offsetMs: 0,
    warnings: c.warnings,
    logs: c.logs,
    outcome: c.outcome,
    raceShiftMs: c.raceShiftMs,
  };
}

/** Per host, the instants its daemon starts again: a boot or a start. */
export function daemonStarts(schedule: readonly FaultStep[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const s of schedule) if (s.fault === 'host-boot' || s.fault === 'agent-start') (out[s.target] ??= []).push(s.at);
  return out;
}

/**
 * While a host is paused the simulator defers everything it would get, its power loss and daemon
 * starts included, whereas SIGKILL and a fresh process do not wait: schedules that crash, boot,
 * stop or start a paused host compare the engine's pause semantics, not the model, so they are
 * not drawn (README: what conformance does not prove).
 */
export function drawable(schedule: readonly FaultStep[]): boolean {
  const paused = new Set<string>();
  for (const s of schedule) {
    if (s.fault === 'slowdown') paused.add(s.target);
    else if (s.fault === 'resume') paused.delete(s.target);
    else if (['host-crash', 'host-boot', 'agent-stop', 'agent-start'].includes(s.fault) && paused.has(s.target))
      return false;
  }
  return true;
}

/** A whole-cluster lab can make every fault of the schedule (a daemon lab can make any). */
export function labCanMake(target: Target, binding: ConformBinding, schedule: readonly FaultStep[]): boolean {
  const p = binding.product;
  return !isClusterLab(p) || p.scheduleProblems(target.compiled, target.config, schedule).length === 0;
}

/** `runs` short schedules from `seed` (same seed, same schedules). */
export function drawSchedules(
  target: Target,
  binding: ConformBinding,
  runs: number,
  seed: number,
  maxFaults: number,
): FaultStep[][] {
  const arb = scheduleArbitrary(target.compiled, vocabularyOf(target.model), {
    kinds: binding.kinds,
    maxFaults,
    firstAtMs: binding.firstAtMs,
    spanMs: binding.spanMs,
  })
    .filter(drawable)
    .filter((s) => labCanMake(target, binding, s));
  return fc.sample(arb, { seed, numRuns: runs });
}
