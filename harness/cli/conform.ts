// `hafault conform`: draws short fault schedules, runs each on the model and on the real daemons in
// network namespaces, and compares the role sequences. A disagreement is printed with both
// timelines side by side and saved as a trace file that `replay` shows.
import { join } from 'node:path';
import { CONFORM_BINDINGS, findBinding } from '../../models/registry.js';
import type { ConformBinding } from '../lab/product.js';
import { conformOne, drawSchedules, labCanMake, type ConformResult } from '../runners/conform/conform.js';
import type { FaultStep } from '../engine/faults/index.js';
import { isClusterLab } from '../lab/product.js';
import { checkPlan, planFromSteps } from '../runners/plan/load.js';
import { labHostProblem, realEnvironmentProblem } from '../runners/conform/environment.js';
import { removeLeftovers, runCleanup } from './conformCleanup.js';
import { RealRunError } from '../runners/conform/lab.js';
import { CommandError } from '../lab/shell.js';
import { targetLabel, type Target } from '../engine/target.js';
import { formatMs, parseDuration } from '../engine/time.js';
import { storyOf } from '../engine/traceFile.js';
import type { Overlap } from '../../properties/dualActiveOverlaps.js';
import { exactSeconds, renderSideBySide } from '../../reports/sideBySide.js';
import {
  collecting,
  EXIT_HOLDS,
  EXIT_VIOLATION,
  refuseCollected,
  refuseUnused,
  selectTargets,
  UsageError,
} from './common.js';
import { COUNTS, parseCounts } from './counts.js';
import { checkOutputs, folderOutput } from './outputs.js';
import type { Tick } from './progressBar.js';
import { fileStem, targetTraceFile, writeTrace } from './traceOutput.js';

/** The machine cannot run real daemons (not root, no namespaces, product not installed). */
export const EXIT_CANNOT_RUN = 4;

export interface ConformFlags {
  readonly model?: string;
  readonly preset?: string;
  readonly set: string[];
  readonly runs: string | number;
  readonly seed: string | number;
  readonly maxFaults: string | number;
  readonly tolerance?: string;
  /** A named schedule (plan lines, `at 3s: partition n1|n2`), run `--runs` times instead of drawn ones. */
  readonly step?: string[];
  readonly parallel: string | number;
  readonly retries: string | number;
  readonly json?: boolean;
  readonly out: string;
  readonly cleanup?: boolean;
  readonly quiet?: boolean;
}

export const DEFAULT_TOLERANCE_MS = 300;

function pickBinding(model: string | undefined): ConformBinding {
  const names = CONFORM_BINDINGS.map((b) => b.model).join(', ');
  if (model === undefined)
    throw new UsageError([`--model: name the model to check against its real daemon (models with one: ${names})`]);
  const binding = findBinding(model);
  if (!binding)
    throw new UsageError([`--model: ${model} has no real daemon to compare with (models with one: ${names})`]);
  return binding;
}

export async function runConform(
  flags: ConformFlags,
  write: (s: string) => void,
  warn: (s: string) => void,
  progress: Tick,
  explicit: ReadonlySet<string> = new Set(),
): Promise<number> {
  if (flags.cleanup) {
    refuseUnused(
      explicit,
      ['cleanup', 'json', 'quiet'],
      'not taken beside --cleanup, which only removes what killed runs left behind (beside it: --json, --quiet)',
    );
    return cleanupOnly(flags.json === true, write, warn);
  }
  checkOutputs([folderOutput('--out', flags.out, { folders: ['traces'] })]);
  const problems: string[] = [];
  const found = collecting(problems, () => pickBinding(flags.model));
  const counts = collecting(problems, () =>
    parseCounts({
      runs: [COUNTS.conformRuns, flags.runs],
      seed: [COUNTS.seed, flags.seed],
      maxFaults: [COUNTS.conformMaxFaults, flags.maxFaults],
      parallel: [COUNTS.parallel, flags.parallel],
      retries: [COUNTS.retries, flags.retries],
    }),
  );
  refuseCollected(problems);
  const binding = found!;
  const { runs, seed, maxFaults, parallel, retries } = counts!;
  const toleranceMs =
    flags.tolerance === undefined ? (binding.toleranceMs ?? DEFAULT_TOLERANCE_MS) : parseDuration(flags.tolerance);
  if (toleranceMs === null)
    throw new UsageError([`--tolerance: expected a duration (e.g. 250ms, 0.5s), found \`${flags.tolerance}\``]);
  const target = selectTargets(binding.model, flags.preset ?? undefined, flags.set)[0];
  const named = namedSchedule(flags.step ?? [], target, binding);
  const problem = realEnvironmentProblem(binding.product);
  if (problem !== null) {
    warn(`hafault conform: cannot run real ${binding.model} here: ${problem}\n`);
    return EXIT_CANNOT_RUN;
  }
  // A run killed with SIGKILL cleaned nothing up: the next run does, before it adds its own.
  removeLeftovers((line) => warn(`${line.startsWith(' ') ? '' : 'hafault conform: '}${line}\n`));
  const schedules =
    named === null ? drawSchedules(target, binding, runs, seed, maxFaults) : Array.from({ length: runs }, () => named);
  const results = new Array<ConformResult>(schedules.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < schedules.length) {
      const i = next++;
      results[i] = await conformOne(target, binding, schedules[i], { toleranceMs, retries });
      progress(++done, schedules.length);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(parallel, schedules.length) }, worker));
  } catch (error) {
    // The lab itself failed (an `ip` command, a daemon that would not start): everything it made is
    // already removed; say what failed in one line.
    if (!(error instanceof RealRunError || error instanceof CommandError)) throw error;
    warn(`hafault conform: a real run failed: ${error.message}\n`);
    return EXIT_CANNOT_RUN;
  }
  const traceFiles = results.map((r, i) => (r.agree ? null : writeFinding(target, r, seed, i, flags.out)));
  if (flags.json) write(JSON.stringify(toJson(target, results, traceFiles, seed, toleranceMs), null, 2) + '\n');
  else write(render(target, results, traceFiles, seed, toleranceMs));
  return results.every((r) => r.agree) ? EXIT_HOLDS : EXIT_VIOLATION;
}

/**
 * `--step` lines as one schedule (absolute instants; `+30s` after the previous step), checked
 * against the design and against what the product's lab can make; null without `--step`.
 */
function namedSchedule(lines: readonly string[], target: Target, binding: ConformBinding): FaultStep[] | null {
  if (lines.length === 0) return null;
  const plan = planFromSteps(lines);
  checkPlan(plan, target);
  const out: FaultStep[] = [];
  let atMs = 0;
  for (const step of plan.steps) {
    if (step.kind === 'wait')
      throw new UsageError([`--step: \`${step.text}\`: conform runs fault steps only, no waits`]);
    atMs = 'atMs' in step.time ? step.time.atMs : atMs + step.time.afterMs;
    out.push({ at: atMs, fault: step.fault, target: step.target });
  }
  if (!labCanMake(target, binding, out) && isClusterLab(binding.product))
    throw new UsageError(
      binding.product.scheduleProblems(target.compiled, target.config, out).map((p) => `--step: ${p}`),
    );
  return out;
}

/** `conform --cleanup`: exit 0 when nothing stale is left, 4 when it cannot look or could not remove. */
function cleanupOnly(json: boolean, write: (s: string) => void, warn: (s: string) => void): number {
  const problem = labHostProblem();
  if (problem !== null) {
    warn(`hafault conform --cleanup: cannot clean up here: ${problem}\n`);
    return EXIT_CANNOT_RUN;
  }
  return runCleanup(json, write) ? EXIT_HOLDS : EXIT_CANNOT_RUN;
}

function writeFinding(target: Target, r: ConformResult, seed: number, index: number, out: string): string {
  const file = targetTraceFile(target, r.modelRun, r.schedule, target.model.properties);
  const withReal = {
    ...file,
    conformance: {
      seed,
      schedule: index + 1,
      toleranceMs: r.toleranceMs,
      offsetMs: Math.round(r.offsetMs),
      drawn: r.drawn,
      mismatches: r.mismatches,
      modelRoles: r.modelRoles,
      realRoles: r.realRoles,
      realTimeline: r.realTrace.entries,
      daemonLogs: r.logs,
    },
  };
  const path = join(out, 'traces', `conform.${fileStem(target)}.seed${seed}.${index + 1}.json`);
  writeTrace(path, withReal);
  return path;
}

function overlapText(label: string, overlaps: readonly Overlap[]): string {
  if (overlaps.length === 0) return `${label}: none`;
  return `${label}: ${overlaps.map((o) => `${o.service} on ${o.hosts.join('+')} ${exactSeconds(o.fromMs)}–${exactSeconds(o.toMs)}${o.open ? ' (still at the end)' : ''}, ${exactSeconds(o.lengthMs)}`).join('; ')}`;
}

/** How the model came to the real outcome of a race. */
function raceText(shiftMs: number | null): string {
  if (shiftMs === null) return ' (the model gives another outcome at every instant it tried)';
  if (shiftMs === 0) return " (the model's too, at the scheduled instant)";
  return ` (a race: the model gives it with the faults ${shiftMs} ms later)`;
}

/** How often each real outcome occurred ("n1 fenced n2; group on n1 ×3, …"), or '' for none. */
function outcomeTally(results: readonly ConformResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) if (r.outcome !== null) counts.set(r.outcome, (counts.get(r.outcome) ?? 0) + 1);
  return [...counts].map(([o, n]) => `${o} ×${n}`).join(', ');
}

function render(
  target: Target,
  results: readonly ConformResult[],
  files: readonly (string | null)[],
  seed: number,
  toleranceMs: number,
): string {
  const out = [
    `hafault conform: ${targetLabel(target)} against real ${target.model.name}, seed ${seed}, ${results.length} schedule${results.length === 1 ? '' : 's'}, tolerance ${toleranceMs} ms`,
    '',
  ];
  results.forEach((r, i) => {
    const head = `${r.agree ? '✓' : '✗'} ${i + 1}/${results.length} ${r.agree ? `agree (largest difference ${r.worstDeltaMs} ms)` : 'DISAGREE'}`;
    out.push(r.attempts > 1 ? `${head}, real run ${r.attempts} of ${r.attempts}` : head);
    r.earlierMismatches.forEach((ms, k) => out.push(`    real run ${k + 1} disagreed: ${ms.join('; ')}`));
    for (const line of storyOf(r.schedule)) out.push(`    ${line}`);
    if (JSON.stringify(r.schedule) !== JSON.stringify(r.drawn))
      out.push(
        `    (moved off advert instants; drawn: ${r.drawn.map((s) => `${formatMs(s.at)} ${s.fault} ${s.target}`).join(', ')})`,
      );
    out.push(
      `    active on two hosts at once — ${overlapText('model', r.modelOverlaps)}; ${overlapText('real', r.realOverlaps)}`,
    );
    if (r.outcome !== null) out.push(`    real outcome: ${r.outcome}${raceText(r.raceShiftMs)}`);
    if (!r.agree) {
      for (const m of r.mismatches) out.push(`    ✗ ${m}`);
      out.push(
        '',
        ...renderSideBySide(r.schedule, r.modelRoles, r.realRoles, toleranceMs)
          .split('\n')
          .map((l) => `    ${l}`),
        '',
      );
      out.push(`    trace ${files[i]}`, `    replay: npx hafault replay ${files[i]}`);
    }
    out.push('');
  });
  const agreeing = results.filter((r) => r.agree).length;
  out.push(`${agreeing} of ${results.length} schedules agree`);
  const tally = outcomeTally(results);
  if (tally !== '') out.push(`real outcomes: ${tally}`);
  return out.join('\n') + '\n';
}

function toJson(
  target: Target,
  results: readonly ConformResult[],
  files: readonly (string | null)[],
  seed: number,
  toleranceMs: number,
) {
  return {
    model: target.model.name,
    preset: target.preset?.name ?? null,
    seed,
    toleranceMs,
    results: results.map((r, i) => ({
      schedule: r.schedule.map((s) => ({ at: s.at, fault: s.fault, target: s.target })),
      drawn: r.drawn.map((s) => ({ at: s.at, fault: s.fault, target: s.target })),
      agree: r.agree,
      modelRoles: r.modelRoles,
      realRoles: r.realRoles,
      mismatches: r.mismatches,
      largestDifferenceMs: r.worstDeltaMs,
      attempts: r.attempts,
      earlierMismatches: r.earlierMismatches,
      overlaps: { model: r.modelOverlaps, real: r.realOverlaps },
      realStartupDelayMs: Math.round(r.offsetMs),
      ...(r.outcome === null ? {} : { realOutcome: r.outcome, raceShiftMs: r.raceShiftMs }),
      ...(files[i] ? { traceFile: files[i] } : {}),
    })),
  };
}
