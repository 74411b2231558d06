// `soak` end to end, without file I/O: the plan's runs on every thread (same tally whatever the
// split), then each (target, property) that was violated shrunk from its first violating schedule
// and made a trace file, and each target whose simulation crashed shrunk to its crash.
import type { FaultStep } from '../../engine/faults/index.js';
import type { PropertyName } from '../../engine/model.js';
import { makeTraceFile } from '../replay.js';
import { runPool, threadsFor, workerModule, type PoolJob } from '../pool.js';
import { storyOf, type TraceFile } from '../../engine/traceFile.js';
import type { SoakPlan, SoakTarget } from './plan.js';
import { SoakRunner, type SliceTally, type SoakSlice } from './runner.js';
import { shrinkCrash, shrinkViolation } from './shrink.js';
import { emptySoakTally, mergeTargetTally, type SoakTally, type TargetTally } from './tally.js';

export interface SoakFinding {
  /** null: the simulation itself failed (a model or engine bug). */
  readonly property: PropertyName | null;
  /** The README calls this target clean for this property (crashes: always). */
  readonly clean: boolean;
  /** Schedules that violated it (or crashed) and that no known behaviour explains. */
  readonly count: number;
  /** Index of the first of them in the target's draw. */
  readonly firstIndex: number;
  /** The first one, shrunk. */
  readonly schedule: readonly FaultStep[];
  readonly story: readonly string[];
  readonly explanation: string;
  readonly at: number | null;
  readonly seed: number;
  readonly path: string;
  readonly shrinks: number;
  /** The shrunk run as a trace file (null for a crash: there is no trace). */
  readonly trace: TraceFile | null;
}

export interface PropertyOutcome {
  readonly property: PropertyName;
  readonly violations: number;
  /** Violations explained by a cited product behaviour (beyond the clean claim's fault bound). */
  readonly explained: number;
  /** Each known behaviour that explained some of them, with its count. */
  readonly known: readonly { readonly because: string; readonly count: number }[];
  readonly unknown: number;
  readonly unknownReason?: string;
  readonly clean: boolean;
}

export interface SoakTargetResult {
  readonly target: SoakTarget;
  readonly runs: number;
  readonly properties: readonly PropertyOutcome[];
  readonly crashes: number;
  readonly findings: readonly SoakFinding[];
}

export interface SoakResult {
  readonly plan: SoakPlan;
  readonly threads: number;
  readonly targets: readonly SoakTargetResult[];
  /** Findings on what the README calls clean, crashes included: any of them fails the soak. */
  readonly cleanFindings: number;
}

export interface SoakOptions {
  /** Threads in all, this one included (default: pool.ts `threadsFor`). */
  readonly threads?: number;
  /** This thread only hands out slices (tests). */
  readonly coordinateOnly?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

const SLICE_RUNS = 400;

/** Slices of every target, round-robin (each target's findings come early, the tail is shared). */
export function slicesOf(plan: SoakPlan): SoakSlice[] {
  const slices: SoakSlice[] = [];
  const rounds = Math.max(...plan.targets.map((t) => Math.ceil(t.runs / SLICE_RUNS)));
  for (let r = 0; r < rounds; r++) {
    plan.targets.forEach((t, target) => {
      const from = r * SLICE_RUNS;
      if (from < t.runs) slices.push({ target, from, to: Math.min(t.runs, from + SLICE_RUNS) });
    });
  }
  return slices;
}

/** Runs the plan and returns its tally (the part that threads share). */
export async function tallySoak(runner: SoakRunner, options: SoakOptions = {}): Promise<SoakTally> {
  const plan = runner.plan;
  const tally = emptySoakTally(plan);
  const total = plan.targets.reduce((n, t) => n + t.runs, 0);
  let done = 0;
  const job: PoolJob<SoakSlice, SliceTally> = {
    plan,
    worker: workerModule(import.meta.url, './worker.ts', './soak-worker.js'),
    run: (slice) => ({ type: 'tally', tally: runner.runSlice(slice) }),
    merge: (result, slice) => {
      mergeTargetTally(tally.targets[result.target], result.tally);
      done += slice.to - slice.from;
      options.onProgress?.(done, total);
    },
  };
  await runPool(
    job,
    slicesOf(plan),
    Math.max(1, options.threads ?? threadsFor(total)),
    options.coordinateOnly === true,
  );
  return tally;
}

function findingsOf(runner: SoakRunner, index: number, tally: TargetTally): SoakFinding[] {
  const bench = runner.bench(index);
  const target = bench.target;
  const findings: SoakFinding[] = [];
  if (tally.firstCrash >= 0) {
    const c = shrinkCrash(runner, index, tally.firstCrash);
    findings.push({
      property: null,
      clean: true,
      count: tally.crashes,
      firstIndex: tally.firstCrash,
      schedule: c.schedule,
      story: storyOf(c.schedule),
      explanation: `the simulation failed: ${c.message}`,
      at: null,
      seed: c.seed,
      path: c.path,
      shrinks: c.shrinks,
      trace: null,
    });
  }
  target.properties.forEach((property, k) => {
    const p = tally.properties[k];
    if (p.first < 0) return;
    const s = shrinkViolation(runner, index, p.first, property);
    const trace = makeTraceFile({
      model: bench.model,
      preset: bench.preset.name,
      topology: bench.preset.topology,
      config: bench.config,
      search: { seed: s.seed, path: s.path, runs: 1 },
      properties: [property],
      schedule: s.schedule,
      run: s.run,
    });
    findings.push({
      property,
      clean: target.clean.includes(property),
      count: p.violations - p.explained,
      firstIndex: p.first,
      schedule: s.schedule,
      story: trace.story,
      explanation: s.verdict.explanation,
      at: s.verdict.at,
      seed: s.seed,
      path: s.path,
      shrinks: s.shrinks,
      trace,
    });
  });
  return findings;
}

export async function runSoak(plan: SoakPlan, options: SoakOptions = {}): Promise<SoakResult> {
  const runner = new SoakRunner(plan);
  const threads = Math.max(1, options.threads ?? threadsFor(plan.targets.reduce((n, t) => n + t.runs, 0)));
  const tally = await tallySoak(runner, { ...options, threads });
  const targets = plan.targets.map((target, i): SoakTargetResult => {
    const t = tally.targets[i];
    return {
      target,
      runs: t.runs,
      properties: target.properties.map((property, k) => {
        const p = t.properties[k];
        const known = target.known.flatMap((ref, j) =>
          ref.property === property && p.known[j] > 0 ? [{ because: ref.because, count: p.known[j] }] : [],
        );
        return {
          property,
          violations: p.violations,
          explained: p.explained,
          known,
          unknown: p.unknown,
          ...(p.unknown > 0 ? { unknownReason: p.unknownReason } : {}),
          clean: target.clean.includes(property),
        };
      }),
      crashes: t.crashes,
      findings: findingsOf(runner, i, t),
    };
  });
  return {
    plan,
    threads,
    targets,
    cleanFindings: targets.reduce((n, t) => n + t.findings.filter((f) => f.clean).length, 0),
  };
}
