// `hafault run`: rehearse a written test plan (pull this cord, wait until healthy, pull the next)
// on a model, once per value of every swept setting, and say what each step did.
import { downtime } from '../../properties/availability.js';
import { runMetrics } from '../../properties/metrics.js';
import { renderTable, paint } from '../../reports/table.js';
import { renderTimeline } from '../../reports/timeline.js';
import { executePlan, type PlanRun } from '../runners/plan/execute.js';
import { checkPlan, planFromSteps, readPlan } from '../runners/plan/load.js';
import type { Plan } from '../runners/plan/types.js';
import { judge } from '../runners/replay.js';
import { presetTarget, type Target } from '../engine/target.js';
import { loadTopologyFile } from '../runners/topologyFile/load.js';
import { targetOfLoaded } from '../runners/topologyFile/target.js';
import { parseSets, type ParsedSet } from '../engine/setFlags.js';
import type { ConfigValue, Model } from '../engine/model.js';
import { formatMs } from '../engine/time.js';
import type { TraceEntry } from '../engine/trace.js';
import type { RecordedViolation } from '../engine/traceFile.js';
import { describeOscillation } from '../engine/oscillation.js';
import {
  EXIT_HOLDS,
  EXIT_OSCILLATION,
  EXIT_VIOLATION,
  pickOneTarget,
  readSetFlags,
  refuseModelBesideTopology,
  UsageError,
  type TargetFlags,
} from './common.js';
import { checkOutputs, folderOutput } from './outputs.js';
import { refuseLargeGrid } from './gridSize.js';
import {
  DEFAULT_OUT,
  fileStem,
  targetTraceFile,
  writeStoppedTrace,
  writeTracePage,
  writtenLine,
  writtenPath,
  type Written,
} from './traceOutput.js';
import { join } from 'node:path';
import { safeStem } from '../runners/files.js';
import type { FaultStep } from '../engine/faults/index.js';

export interface RunFlags extends TargetFlags {
  readonly plan?: string;
  readonly step: string[];
  readonly json?: boolean;
  readonly timeline?: boolean;
  /** Write the HTML report: OUT for one run; for several, OUT with each run's settings before `.html`. */
  readonly html?: string;
  /** Where the trace file of a run that never settles goes (traces/ inside; default hafault-out). */
  readonly out?: string;
}

export interface PlanReport {
  /** The run's settings as written on the command line. */
  readonly values: Record<string, string>;
  readonly target: Target;
  readonly result: PlanRun;
  readonly violations: readonly RecordedViolation[];
  /** A run that never settled: its trace file, or why there is none (written by `runPlan`). */
  readonly stopped?: Written;
}

/** One run's settings: as written (its label) and as parsed (its target). */
interface Combination {
  readonly texts: Record<string, string>;
  readonly values: Record<string, ConfigValue>;
}

/** `--set k=a,b` for several keys → every combination, the first key varying slowest. */
function combinations(sets: readonly ParsedSet[]): Combination[] {
  let combos: Combination[] = [{ texts: {}, values: {} }];
  for (const s of sets) {
    const options =
      s.form === 'value'
        ? [{ text: s.text, value: s.value }]
        : s.form === 'list'
          ? s.values.map((value, i) => ({ text: s.texts[i], value }))
          : [];
    combos = combos.flatMap((c) =>
      options.map((o) => ({ texts: { ...c.texts, [s.key]: o.text }, values: { ...c.values, [s.key]: o.value } })),
    );
  }
  return combos;
}

/** The model the plan runs on, and its target at given settings (a file, or a preset). */
function pickTarget(flags: RunFlags): { model: Model; at: (values: Record<string, ConfigValue>) => Target } {
  if (flags.topology !== undefined) {
    refuseModelBesideTopology(flags);
    const loaded = loadTopologyFile(flags.topology);
    return { model: loaded.model, at: (values) => targetOfLoaded(loaded, values) };
  }
  const { model, preset } = pickOneTarget(flags, {
    model: 'the model the plan runs on',
    preset: 'a plan runs on one preset',
  });
  return { model, at: (values) => presetTarget(model, preset, values) };
}

/** Rehearses the plan once per combination of settings; `beforeRuns` learns each run's settings first. */
export function rehearse(
  flags: RunFlags,
  beforeRuns: (runs: readonly Record<string, string>[]) => void = () => {},
): PlanReport[] {
  if ((flags.plan === undefined) === (flags.step.length === 0))
    throw new UsageError(['give the plan as --plan FILE or as --step "…" lines (one of the two)']);
  const plan: Plan = flags.plan !== undefined ? readPlan(flags.plan) : planFromSteps(flags.step);
  const pairs = readSetFlags('run', flags.set);
  refuseLargeGrid({ command: 'run' }, pairs);
  const { model, at } = pickTarget(flags);
  const runs = combinations(parseSets(model, pairs));
  beforeRuns(runs.map((r) => r.texts));
  return runs.map(({ texts, values }) => {
    const target = at(values);
    checkPlan(plan, target);
    const result = executePlan(target, plan);
    // A run that never settled was cut short: judging its properties would judge half a run.
    return {
      values: texts,
      target,
      result,
      violations: result.oscillation ? [] : judge(result.run, target.model.properties, target.model),
    };
  });
}

function describe(e: TraceEntry): { component: string; what: string } | null {
  switch (e.type) {
    case 'fault':
      return { component: e.target, what: e.text };
    case 'role':
      return e.at === 0 ? null : { component: e.agent, what: `becomes ${e.role}` };
    case 'fence':
      return { component: e.host, what: `fences: ${e.reason}` };
    case 'service':
      return e.at === 0 ? null : { component: e.service, what: `${e.state} on ${e.host}` };
    case 'note':
      return { component: e.agent, what: e.text };
    default:
      return null;
  }
}

function fences(r: PlanReport): { at: number; host: string; necessary: boolean }[] {
  let canRun: readonly string[] = [];
  const out: { at: number; host: string; necessary: boolean }[] = [];
  for (const e of r.result.run.entries) {
    if (e.type === 'truth') canRun = e.canRun;
    if (e.type === 'fence') out.push({ at: e.at, host: e.host, necessary: !canRun.includes(e.host) });
  }
  return out;
}

function finalRoles(r: PlanReport): Record<string, string> {
  const roles: Record<string, string> = {};
  for (const e of r.result.run.entries) if (e.type === 'role' && e.kind === 'host') roles[e.agent] = e.role;
  return roles;
}

/** The run's cost (properties/metrics.ts: detection, restore after real failures, fences) and each service's downtime. */
function metrics(r: PlanReport) {
  const m = runMetrics(r.result.run);
  const o = [...downtime(r.result.run)];
  return {
    fences: m.fences,
    unnecessaryFences: m.unnecessaryFences,
    detectMs: m.detectMs,
    restoreMs: m.restoreMs,
    downtimeMs: Object.fromEntries(o.map(([service, d]) => [service, d.downtimeMs])),
    longestOutageMs: Object.fromEntries(o.map(([service, d]) => [service, d.longestInterruptionMs])),
  };
}

export function planJson(reports: readonly PlanReport[]) {
  return {
    runs: reports.map((r) => ({
      values: r.values,
      events: r.result.run.entries.flatMap((e) => {
        const d = describe(e);
        return d ? [{ at: e.at, ...d }] : [];
      }),
      fences: fences(r),
      violations: r.violations.map((v) => ({ property: v.property, at: v.at, detail: v.explanation })),
      waits: r.result.waits.map((w) => ({
        line: w.line,
        startedAt: w.startedAt,
        endedAt: w.endedAt,
        pending: w.pending,
      })),
      finalRoles: finalRoles(r),
      metrics: metrics(r),
      ...(r.result.oscillation
        ? {
            oscillation: {
              at: r.result.oscillation.atMs,
              events: r.result.oscillation.events,
              explanation: describeOscillation(r.result.oscillation),
              traceFile: writtenPath(r.stopped) ?? null,
            },
          }
        : {}),
    })),
  };
}

/** A run's settings as written, `timeoutMs=30s hardFailoverMs=90s` (none swept: empty). */
export const settingLabel = (values: Record<string, string>, separator = ' ') =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(separator);

const label = (values: Record<string, string>) => settingLabel(values) || '(settings as given)';

export function renderPlanReports(reports: readonly PlanReport[], showTimeline: boolean, color: boolean): string {
  const p = paint(color);
  const out: string[] = [];
  const properties = reports[0]?.target.model.properties ?? [];
  const table = renderTable(
    ['settings', 'fences (unnecessary)', 'waits', 'violated', 'longest outage'],
    reports.map((r) => {
      const m = metrics(r);
      const waits =
        r.result.waits
          .map((w) => (w.endedAt === null ? p.bad('timed out') : `healthy after ${formatMs(w.endedAt - w.startedAt)}`))
          .join('; ') || '—';
      const longest = Math.max(0, ...Object.values(m.longestOutageMs));
      const verdict = r.result.oscillation
        ? p.bad(`never settles (t = ${formatMs(r.result.oscillation.atMs)})`)
        : r.violations.length === 0
          ? p.good('none')
          : p.bad(r.violations.map((v) => v.property).join(', '));
      return [label(r.values), `${m.fences} (${m.unnecessaryFences})`, waits, verdict, formatMs(longest)];
    }),
  );
  out.push(table);
  for (const r of reports) {
    if (reports.length > 1 && !showTimeline) {
      if (r.result.oscillation)
        out.push(p.bad(`⟳ ${label(r.values)}: ${describeOscillation(r.result.oscillation)} (a model that oscillates)`));
      if (r.stopped) out.push(p.dim(`    ${writtenLine(r.stopped)}`));
      continue;
    }
    out.push('', p.bold(`── ${label(r.values)} ──`));
    for (const w of r.result.waits) {
      if (w.endedAt === null)
        out.push(
          p.bad(
            `line ${w.line}: still not healthy after ${formatMs(w.startedAt)} + its limit: ${w.pending.join('; ')}`,
          ),
        );
    }
    out.push(renderTimeline(r.result.run.entries, r.violations, color));
    const o = r.result.oscillation;
    if (o) {
      out.push(
        '',
        p.bad(
          `  ⟳ ${r.target.model.name}/${r.target.preset?.name ?? r.target.topology.name}: ${describeOscillation(o)} (a model that oscillates); no property is judged`,
        ),
      );
      if (r.stopped) out.push(p.dim(`    ${writtenLine(r.stopped)}`));
      continue;
    }
    out.push(
      '',
      ...properties.map((prop) => {
        const v = r.violations.find((x) => x.property === prop);
        return v ? p.bad(`  ✗ ${prop} at ${formatMs(v.at)}: ${v.explanation}`) : p.good(`  ✓ ${prop}`);
      }),
    );
  }
  if (reports.length > 1 && !showTimeline)
    out.push('', p.dim("(one run per setting; add --timeline for each run's timeline)"));
  return out.join('\n') + '\n';
}

/**
 * Where `--html OUT` puts the pages of several runs: OUT itself for one; for several, each run's
 * settings before `.html` (`out.timeoutMs=30s.html`), made safe for a file name; two settings the
 * making-safe would give one name keep them apart with their run's number.
 */
export function htmlPaths(out: string, runs: readonly Record<string, string>[]): string[] {
  if (runs.length === 1) return [out];
  const stems = runs.map((values) => safeStem(settingLabel(values, ',')));
  return stems.map((stem, i) => {
    const unique = stems.indexOf(stem) === i && stems.lastIndexOf(stem) === i;
    return out.replace(/(\.html?)?$/i, `.${unique ? stem : `${stem}.${i + 1}`}.html`);
  });
}

/** The faults a plan's run applied, as a schedule (a rehearsal is a schedule like any other). */
function scheduleOf(r: PlanReport): FaultStep[] {
  return r.result.run.entries.flatMap((e) =>
    e.type === 'fault' ? [{ at: e.at, fault: e.fault, target: e.target }] : [],
  );
}

/** Each run that never settled, with its trace file written under `out` (named by its settings, as every trace is). */
function writeStopped(reports: readonly PlanReport[], out: string): PlanReport[] {
  return reports.map((r) => {
    const o = r.result.oscillation;
    if (!o) return r;
    const name = `${fileStem(r.target)}.run.never-settles.json`;
    const props = r.target.model.properties;
    return {
      ...r,
      stopped: writeStoppedTrace(join(out, 'traces', name), r.target, scheduleOf(r), props, { reachMs: o.atMs }),
    };
  });
}

/** The plan's runs as trace files (a rehearsal is a schedule like any other), one page each. */
function writeHtml(reports: readonly PlanReport[], out: string): string[] {
  const paths = htmlPaths(
    out,
    reports.map((r) => r.values),
  );
  reports.forEach((r, i) => {
    const run = r.result.run;
    const file = targetTraceFile(r.target, run, scheduleOf(r), r.target.model.properties);
    const o = r.result.oscillation;
    writeTracePage(paths[i], o ? { ...file, violations: [], oscillation: o } : file, run, {
      violations: r.violations,
      setting: settingLabel(r.values) || undefined,
    });
  });
  return paths;
}

export function runPlan(flags: RunFlags, write: (s: string) => void, colour = false): number {
  const inputs = [
    { flag: '--plan', path: flags.plan },
    { flag: '--topology', path: flags.topology },
  ];
  checkOutputs(
    [{ flag: '--html', path: flags.html, kind: 'file' }, folderOutput('--out', flags.out, { folders: ['traces'] })],
    inputs,
  );
  const rehearsed = rehearse(flags, (runs) => {
    const html = flags.html;
    if (html !== undefined && runs.length > 1)
      checkOutputs(
        htmlPaths(html, runs).map((path) => ({ flag: '--html', path, kind: 'file' })),
        inputs,
      );
  });
  const reports = writeStopped(rehearsed, flags.out ?? DEFAULT_OUT);
  const pages = flags.html === undefined ? [] : writeHtml(reports, flags.html);
  if (flags.json) write(JSON.stringify(planJson(reports), null, 2) + '\n');
  else write(renderPlanReports(reports, flags.timeline === true, colour) + pages.map((p) => `wrote ${p}\n`).join(''));
  if (reports.some((r) => r.result.oscillation)) return EXIT_OSCILLATION;
  const bad = reports.some((r) => r.violations.length > 0 || r.result.waits.some((w) => w.endedAt === null));
  return bad ? EXIT_VIOLATION : EXIT_HOLDS;
}
