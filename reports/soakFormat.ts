// What the soak's table, markdown and JSON say alike: a soak run's headline, a schedule's size, a
// target's violations in one cell, and where a finding's trace file goes.
import { join } from 'node:path';
import { scheduleSize } from './scheduleSize.js';
import { replayCommand } from '../harness/runners/replay.js';
import type { SoakPlan, SoakTarget } from '../harness/runners/soak/plan.js';
import type { SoakFinding, SoakResult, SoakTargetResult } from '../harness/runners/soak/soak.js';
import { formatMs } from '../harness/engine/time.js';

/** What the shell measured and wrote, beside the result. */
export interface SoakRun {
  readonly result: SoakResult;
  /** From start to the reports, shrinking included. */
  readonly wallMs: number;
  /** The runs alone (the runs/s figure). */
  readonly runsMs: number;
  /** Trace file of each finding that has one (path as written). */
  readonly traceFiles: ReadonlyMap<SoakFinding, string>;
}

/** The line printed first: the seed and the plan. */
export function planLine(plan: SoakPlan): string {
  const runs = plan.targets.reduce((n, t) => n + t.runs, 0);
  return `hafault soak: seed ${plan.seed}, ${runs.toLocaleString('en-US')} runs over ${plan.targets.length} targets, up to ${plan.maxFaults} faults per schedule${plan.repairs ? ' with repairs' : ''}`;
}

export function runsPerSecond(run: SoakRun): number | null {
  const runs = run.result.targets.reduce((n, t) => n + t.runs, 0);
  return run.runsMs > 0 ? Math.round((runs * 1000) / run.runsMs) : null;
}

export function soakHeadline(run: SoakRun): string[] {
  const threads = run.result.threads;
  const rate = runsPerSecond(run);
  return [
    planLine(run.result.plan),
    `${threads} thread${threads === 1 ? '' : 's'}, ${formatMs(run.wallMs)} wall (runs ${formatMs(run.runsMs)}${rate === null ? '' : `, ${rate.toLocaleString('en-US')} runs/s`}; shrinking and reports the rest)`,
  ];
}

export function soakVerdict(result: SoakResult): string {
  const clean = result.targets.filter((t) => t.target.clean.length > 0).length;
  if (result.cleanFindings === 0) return `no finding on the ${clean} targets the README calls clean`;
  const where = new Set(result.targets.filter((t) => t.findings.some((f) => f.clean)).map((t) => t.target.id)).size;
  return `${result.cleanFindings} finding${result.cleanFindings === 1 ? '' : 's'} on ${where} of the ${clean} targets the README calls clean`;
}

export function targetName(t: SoakTarget): string {
  return `${t.model}/${t.preset}${t.setting === 'defaults' ? '' : ` [${t.setting}]`}`;
}

/**
 * `noUnnecessaryFence 1 204*` for every property violated (* where the README calls it clean), with
 * how many of them a cited product behaviour explains; crashes too.
 */
export function violationsCell(t: SoakTargetResult): string {
  const explained = (n: number) => (n > 0 ? ` (${n.toLocaleString('en-US')} explained)` : '');
  const cells = t.properties
    .filter((p) => p.violations > 0)
    .map((p) => `${p.property} ${p.violations.toLocaleString('en-US')}${p.clean ? '*' : ''}${explained(p.explained)}`);
  if (t.crashes > 0) cells.unshift(`CRASHED ${t.crashes.toLocaleString('en-US')}`);
  return cells.length > 0 ? cells.join(', ') : '—';
}

export function cleanCell(t: SoakTarget): string {
  if (t.clean.length === 0) return '';
  const except = t.properties.filter((p) => !t.clean.includes(p));
  if (except.length === 0) return 'clean';
  return except.length <= t.clean.length ? `clean except ${except.join(', ')}` : `clean: ${t.clean.join(', ')}`;
}

/** Where a finding's trace file goes under `--out`. */
export function traceFilePath(out: string, t: SoakTarget, f: SoakFinding): string {
  const setting = Object.entries(t.values)
    .map(([k, v]) => `.${k}-${k.endsWith('Ms') && typeof v === 'number' ? `${v / 1000}s` : v}`)
    .join('');
  return join(out, 'traces', `${t.model}.${t.preset}${setting}.${f.property ?? 'crash'}.json`);
}

/** A finding's lines: the shrunk schedule as sentences, what broke, how to replay it. */
export function findingLines(f: SoakFinding, trace: string | undefined): string[] {
  const lines = f.story.map((s) => `    ${s}`);
  lines.push(`    ⇒ ${f.explanation}`);
  lines.push(
    `    first of ${f.count.toLocaleString('en-US')} (schedule #${f.firstIndex}), shrunk to ${scheduleSize(f.schedule)} in ${f.shrinks} steps; fast-check seed ${f.seed}, path "${f.path}"`,
  );
  if (trace !== undefined) lines.push(`    trace ${trace}`, `    replay: ${replayCommand(trace)}`);
  return lines;
}

/** Findings on clean targets first, then the rest, each in plan order. */
export function orderedFindings(result: SoakResult): { target: SoakTargetResult; finding: SoakFinding }[] {
  const all = result.targets.flatMap((target) => target.findings.map((finding) => ({ target, finding })));
  return [...all.filter((x) => x.finding.clean), ...all.filter((x) => !x.finding.clean)];
}

/** Known product behaviours the soak met on clean targets: `target: property — because (n runs)`. */
export function explainedLines(result: SoakResult): string[] {
  return result.targets.flatMap((t) =>
    t.properties.flatMap((p) =>
      p.known.map(
        (k) =>
          `${targetName(t.target)}: ${p.property} in ${k.count.toLocaleString('en-US')} runs beyond the claim's ${t.target.cleanFaults} fault${t.target.cleanFaults === 1 ? '' : 's'} — ${k.because}`,
      ),
    ),
  );
}
