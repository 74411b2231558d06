// `hafault spof`: which single components are single points of failure (see harness/runners/spof.ts).
// Exit 1 when some component alone breaks a property: the design loses a service past its RTO
// (servicesSurvive) or the HA software breaks a safety or liveness property.
import { join } from 'node:path';
import { safeStem, writeFileAtomic } from '../runners/files.js';
import {
  failureSentence,
  findingRun,
  spofComponentCount,
  spofReport,
  type SpofFinding,
  type SpofReport,
} from '../runners/spof.js';
import { describeOscillation, ScheduleOscillationError } from '../engine/oscillation.js';
import type { Tick } from './progressBar.js';
import { reproduceCommand } from './reproduce.js';
import { replayCommand } from '../runners/replay.js';
import {
  DEFAULT_OUT,
  fileStem,
  targetTraceFile,
  writeStoppedTrace,
  writeTraceAndPage,
  writtenLine,
  writtenPath,
  type StoppedJson,
  type Written,
} from './traceOutput.js';
import { targetLabel, type Target } from '../engine/target.js';
import { spofHtml, spofMarkdown, spofVerdict, type FindingLinks } from '../../reports/spof.js';
import { checkOutputs, folderOutput } from './outputs.js';
import { emitAnnotations, gateOutputSpecs, writeGateFiles } from './gateOutputs.js';
import { spofGate, spofSuite, stoppedSpofSuite } from './spofGate.js';
import type { GateReport, GateSuite } from '../../reports/gate.js';
import {
  EXIT_HOLDS,
  EXIT_OSCILLATION,
  EXIT_VIOLATION,
  pickPropertiesAcross,
  resolveTargets,
  type TargetFlags,
} from './common.js';

export interface SpofFlags extends TargetFlags {
  readonly property: string[];
  readonly json?: boolean;
  readonly out?: string;
  readonly quiet?: boolean;
  readonly junit?: string;
  readonly summary?: string;
}

/** One target's result in `--json`: the README documents this shape next to the command. */
export function spofJson(t: Target, report: SpofReport) {
  const verdict = spofVerdict(report);
  return {
    model: t.model.name,
    preset: t.preset?.name ?? null,
    topology: t.preset ? null : t.topology.name,
    properties: report.properties,
    instants: report.instants,
    verdict: verdict.lead,
    spofs: report.spofs.map((e) => ({ component: e.component, kind: e.kind, findingKinds: e.findingKinds })),
    entries: report.entries,
  };
}

/** A failure whose run never settles stops spof (no ranking is honest without it): where, the failure, its trace. */
function stoppedSpof(target: Target, error: ScheduleOscillationError, written: Written, json: boolean): string {
  const explanation = describeOscillation(error.oscillation);
  if (json) {
    const oscillation: StoppedJson['oscillation'] = {
      model: target.model.name,
      preset: target.preset?.name ?? null,
      topology: target.preset ? null : target.topology.name,
      schedule: error.schedule,
      at: error.oscillation.atMs,
      events: error.oscillation.events,
      explanation,
      reproduce: reproduceCommand(target, error.schedule),
      traceFile: writtenPath(written) ?? null,
    };
    return JSON.stringify({ oscillation }, null, 2) + '\n';
  }
  return [
    `hafault spof stopped: ${targetLabel(target)}: ${explanation} (a model that oscillates; no single point of failure is reported)`,
    ...error.schedule.map((s) => `    at ${s.at / 1000} s: ${failureSentence(s.fault, s.target)}`),
    `    see it: ${reproduceCommand(target, error.schedule)}`,
    `    ${writtenLine(written)}`,
    '',
  ].join('\n');
}

/**
 * Each finding's run (its component failed alone at the finding's instant) as a trace file under
 * `out/traces` and a page under `out/html`, as check writes its counterexamples; the links the
 * report gives them are relative to `out`, where the report is.
 */
function writeFindingTraces(target: Target, report: SpofReport, out: string): FindingLinks {
  const written = new Map<string, { page: string; trace: string; replay: string }>();
  const key = (component: string, f: SpofFinding) => `${component}\u0000${f.property}`;
  for (const e of report.spofs) {
    for (const f of e.findings) {
      const name = `${fileStem(target)}.spof.${safeStem(e.component)}.${f.property}`;
      const { schedule, run } = findingRun(target, e.component, f);
      const file = targetTraceFile(target, run, schedule, [f.property]);
      const tracePath = join(out, 'traces', `${name}.json`);
      writeTraceAndPage(tracePath, join(out, 'html', `${name}.html`), file, run);
      written.set(key(e.component, f), {
        page: `html/${name}.html`,
        trace: `traces/${name}.json`,
        replay: replayCommand(tracePath),
      });
    }
  }
  return (component, f) => written.get(key(component, f));
}

/** `progress`: components failed so far of all of them (every target's). */
export function runSpof(
  flags: SpofFlags,
  write: (s: string) => void,
  warn: (line: string) => void,
  progress: Tick = () => {},
): number {
  checkOutputs(
    [folderOutput('--out', flags.out, { folders: ['traces', 'html'] }), ...gateOutputSpecs(flags)],
    [{ flag: '--topology', path: flags.topology }],
  );
  const targets = resolveTargets(flags, warn);
  const reports: { target: Target; label: string; report: SpofReport }[] = [];
  const suites: GateSuite[] = [];
  const plan = pickPropertiesAcross(targets, flags.property);
  const total = plan.reduce((n, p) => n + spofComponentCount(p.target), 0);
  let done = 0;
  for (const { target: t, properties } of plan) {
    try {
      const report = spofReport(t, properties, () => progress(++done, total));
      reports.push({ target: t, label: targetLabel(t), report });
      suites.push(spofSuite(t, report));
    } catch (error) {
      if (!(error instanceof ScheduleOscillationError)) throw error;
      const path = join(flags.out ?? DEFAULT_OUT, 'traces', `${fileStem(t)}.spof.never-settles.json`);
      const written = writeStoppedTrace(path, t, error.schedule, properties);
      write(stoppedSpof(t, error, written, flags.json === true));
      suites.push(stoppedSpofSuite(t, error, written));
      gateOutputs(spofGate(suites, EXIT_OSCILLATION, flags.topology), flags, write, warn);
      return EXIT_OSCILLATION;
    }
  }
  if (flags.out !== undefined) {
    for (const r of reports) {
      const base = join(flags.out, `spof.${fileStem(r.target)}`);
      const links = writeFindingTraces(r.target, r.report, flags.out);
      writeFileAtomic(`${base}.md`, spofMarkdown(r.label, r.report, links));
      writeFileAtomic(`${base}.html`, spofHtml(r.label, r.report, links));
      const traces = r.report.spofs.reduce((n, e) => n + e.findings.length, 0);
      warn(
        `wrote ${base}.md and ${base}.html${traces > 0 ? ` (and a trace file and page per finding: ${traces} under ${join(flags.out, 'traces')} and ${join(flags.out, 'html')})` : ''}`,
      );
    }
  }
  if (flags.json) write(JSON.stringify({ results: reports.map((r) => spofJson(r.target, r.report)) }, null, 2) + '\n');
  else write(reports.map((r) => spofMarkdown(r.label, r.report)).join('\n'));
  const code = reports.some((r) => r.report.spofs.length > 0) ? EXIT_VIOLATION : EXIT_HOLDS;
  gateOutputs(spofGate(suites, code, flags.topology), flags, write, warn);
  return code;
}

/** --junit, --summary (said on stderr, like spof's other files) and the annotations. */
function gateOutputs(gate: GateReport, flags: SpofFlags, write: (s: string) => void, warn: (line: string) => void) {
  const files = writeGateFiles(gate, flags);
  if (files.length > 0) warn(`wrote ${files.join(' and ')}`);
  emitAnnotations(gate, flags.json === true, write, warn);
}
