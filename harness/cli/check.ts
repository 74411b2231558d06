// `hafault check`: random search of fault schedules against every property of the chosen models
// and presets; prints the verdict table and, per violation, the shrunk schedule, its trace file and
// the command that replays it; per schedule whose run never settles, the `run` command that shows it.
import { join } from 'node:path';
import { writeFileAtomic } from '../runners/files.js';
import { replayCommand } from '../runners/replay.js';
import { searchProperties, type PropertyResult } from '../runners/search.js';
import { targetLabel, type Target } from '../engine/target.js';
import { FAULTS, type FaultStep } from '../engine/faults/index.js';
import type { PropertyName } from '../engine/model.js';
import { renderTable, paint } from '../../reports/table.js';
import { checkIndexPage } from '../../reports/html/checkIndex.js';
import { scheduleSize } from '../../reports/scheduleSize.js';
import { dualActiveOverlaps } from '../../properties/dualActiveOverlaps.js';
import { exactSeconds } from '../../reports/sideBySide.js';
import { describeOscillation } from '../engine/oscillation.js';
import {
  pickPropertiesAcross,
  collecting,
  refuseCollected,
  resolveTargets,
  type TargetFlags,
  verdictExitCode,
} from './common.js';
import { COUNTS, parseCounts } from './counts.js';
import { checkShardJson, checkShardOptions, shardLine, shardOf } from './checkShard.js';
import { parseShard } from './shard.js';
import { checkGate, type CheckRow } from './checkGate.js';
import { emitAnnotations, gateOutputSpecs, writeGateFiles } from './gateOutputs.js';
import { checkOutputs, folderOutput } from './outputs.js';
import type { Tick } from './progressBar.js';
import { reproduceCommand } from './reproduce.js';
import {
  fileStem,
  targetTraceFile,
  writeStoppedTrace,
  writeTraceAndPage,
  writtenLine,
  writtenPath,
} from './traceOutput.js';

export interface CheckFlags extends TargetFlags {
  readonly property: string[];
  readonly runs: string | number;
  readonly seed: string | number;
  readonly maxFaults: string | number;
  readonly repairs: boolean;
  readonly json?: boolean;
  readonly out: string;
  readonly quiet?: boolean;
  readonly junit?: string;
  readonly summary?: string;
  /** `i/n`: judge only this shard's block of the units (model × preset × property); merge.ts joins the shards. */
  readonly shard?: string;
}

type Row = CheckRow;

interface Search {
  readonly runs: number;
  readonly seed: number;
  readonly maxFaults: number;
  readonly repairs: boolean;
}

/** `progress`: schedules simulated so far of all of them (every target × --runs; each judges every property). */
export function runCheck(
  flags: CheckFlags,
  write: (s: string) => void,
  progress: Tick,
  warn: (line: string) => void = () => {},
  colour = false,
): number {
  checkOutputs(
    [
      folderOutput('--out', flags.out, { folders: ['traces', 'html'], files: ['index.html'] }),
      ...gateOutputSpecs(flags),
    ],
    [{ flag: '--topology', path: flags.topology }],
  );
  // Every bad count and an unknown model or preset, reported together.
  const problems: string[] = [];
  const counts = collecting(problems, () =>
    parseCounts({
      runs: [COUNTS.checkRuns, flags.runs],
      seed: [COUNTS.seed, flags.seed],
      maxFaults: [COUNTS.maxFaults, flags.maxFaults],
    }),
  );
  const shard = collecting(problems, () => parseShard(flags.shard));
  const resolved = collecting(problems, () => resolveTargets(flags, warn));
  refuseCollected(problems);
  const { runs, seed, maxFaults } = counts!;
  const targets = resolved!;
  const whole = pickPropertiesAcross(targets, flags.property);
  const search = { runs, seed, maxFaults, repairs: flags.repairs };
  const cut = shard ? shardOf(whole, shard) : null;
  const plan = cut?.plan ?? whole;
  const total = plan.length * runs;
  const rows = plan.map(({ target, properties }, i) =>
    checkTarget(target, properties, search, flags.out, (done) => progress(i * runs + done, total)),
  );
  const searched = `seed ${seed}, ${runs} runs per property, up to ${maxFaults} fault${maxFaults === 1 ? '' : 's'} per schedule`;
  const index = writeIndex(rows, flags.out, searched);
  const any = (status: PropertyResult['status']) => rows.some((r) => r.results.some((x) => x.status === status));
  const code = verdictExitCode(any('oscillating'), any('violated'));
  const gate = checkGate(rows, searched, code, flags.topology);
  const files = writeGateFiles(gate, flags);
  const json = () =>
    shard ? checkShardJson(shard, checkShardOptions(whole, search), cut!.ran, toJson(rows).results) : toJson(rows);
  if (flags.json) write(JSON.stringify(json(), null, 2) + '\n');
  else {
    if (shard) write(shardLine(shard, cut!.ran, whole));
    write(render(rows, runs, seed, maxFaults, colour));
    write(`\nwrote ${[index, ...files].join(', ')}\n`);
  }
  emitAnnotations(gate, flags.json === true, write, warn);
  return code;
}

/** One target's properties searched; each finding's trace file and page written under `out`. */
function checkTarget(
  target: Target,
  properties: readonly PropertyName[],
  search: Search,
  out: string,
  progress: (done: number) => void,
): Row {
  const row: Row = { target, results: [], traceFiles: new Map(), stopped: new Map() };
  let done = 0;
  // Shrinking re-runs schedules past --runs: the count stops at --runs.
  const results = searchProperties(target, properties, {
    ...search,
    onRun: () => progress(Math.min(++done, search.runs)),
  });
  progress(search.runs);
  for (const result of results) {
    const property = result.property;
    row.results.push(result);
    const name = `${fileStem(target)}.${property}`;
    const path = join(out, 'traces', `${name}.json`);
    const pagePath = join(out, 'html', `${name}.html`);
    const ce = result.counterexample;
    if (ce) {
      const found = { seed: ce.seed, path: ce.path, runs: search.runs };
      writeTraceAndPage(path, pagePath, targetTraceFile(target, ce.run, ce.schedule, [property], found), ce.run);
      row.traceFiles.set(property, path);
    }
    const o = result.oscillation;
    if (o) {
      const found = { seed: o.seed, path: o.path, runs: search.runs };
      row.stopped.set(property, writeStoppedTrace(path, target, o.schedule, [property], { search: found, pagePath }));
    }
  }
  return row;
}

/** index.html: the verdict table with a page per counterexample (written beside the trace files). */
function writeIndex(rows: readonly Row[], out: string, summary: string): string {
  const index = rows.map((r) => ({
    target: targetLabel(r.target),
    cells: r.results.map((x) => {
      const name = `${fileStem(r.target)}.${x.property}`;
      const explanation =
        x.counterexample?.verdict.explanation ?? (x.oscillation ? describeOscillation(x.oscillation) : undefined);
      const paged = x.counterexample !== undefined || writtenPath(r.stopped.get(x.property)) !== undefined;
      return {
        property: x.property,
        status: x.status,
        page: paged ? `html/${name}.html` : undefined,
        explanation,
        size: scheduleSizeOf((x.counterexample ?? x.oscillation)?.schedule),
      };
    }),
  }));
  const path = join(out, 'index.html');
  writeFileAtomic(path, checkIndexPage(index, summary));
  return path;
}

const scheduleSizeOf = (schedule: readonly FaultStep[] | undefined) =>
  schedule === undefined ? undefined : scheduleSize(schedule);

/** `check --json`: the library API's `check` returns it too (harness/api/). */
export type CheckJson = ReturnType<typeof toJson>;

function toJson(rows: readonly Row[]) {
  return {
    results: rows.flatMap((r) =>
      r.results.map((x) => ({
        model: r.target.model.name,
        preset: r.target.preset?.name ?? null,
        topology: r.target.preset ? null : r.target.topology.name,
        property: x.property,
        status: x.status,
        runs: x.runs,
        ...(x.unknown ? { unknown: x.unknown } : {}),
        ...(x.counterexample
          ? {
              counterexample: {
                schedule: x.counterexample.schedule.map((s) => ({ at: s.at, fault: s.fault, target: s.target })),
                explanation: x.counterexample.verdict.explanation,
                at: x.counterexample.verdict.at,
                seed: x.counterexample.seed,
                path: x.counterexample.path,
                traceFile: r.traceFiles.get(x.property),
                ...(x.property === 'noDualActive' ? { overlaps: dualActiveOverlaps(x.counterexample.run) } : {}),
              },
            }
          : {}),
        ...(x.oscillation
          ? {
              oscillation: {
                schedule: x.oscillation.schedule.map((s) => ({ at: s.at, fault: s.fault, target: s.target })),
                explanation: describeOscillation(x.oscillation),
                at: x.oscillation.atMs,
                events: x.oscillation.events,
                seed: x.oscillation.seed,
                path: x.oscillation.path,
                reproduce: reproduceCommand(r.target, x.oscillation.schedule),
                traceFile: writtenPath(r.stopped.get(x.property)),
              },
            }
          : {}),
      })),
    ),
  };
}

function render(rows: readonly Row[], runs: number, seed: number, maxFaults: number, color: boolean): string {
  const p = paint(color);
  const properties = [...new Set(rows.flatMap((r) => r.results.map((x) => x.property)))];
  const table = renderTable(
    ['model / preset', ...properties],
    rows.map((r) => [
      targetLabel(r.target),
      ...properties.map((prop) => {
        const x = r.results.find((y) => y.property === prop);
        if (!x) return p.dim('n/a');
        if (x.status === 'violated') return p.bad(`VIOLATED (${scheduleSize(x.counterexample!.schedule)})`);
        if (x.status === 'oscillating') return p.bad(`NEVER SETTLES (${scheduleSize(x.oscillation!.schedule)})`);
        if (x.status === 'unknown') return 'unknown';
        return p.good('holds');
      }),
    ]),
  );
  const out = [
    `hafault check: seed ${seed}, ${runs} runs per property, up to ${maxFaults} fault${maxFaults === 1 ? '' : 's'} per schedule`,
    '',
    table,
    ...undrawnFaultLines(rows, p),
  ];
  for (const r of rows) {
    for (const x of r.results) {
      if (!x.counterexample) continue;
      const ce = x.counterexample;
      const file = r.traceFiles.get(x.property)!;
      out.push('', p.bad(`✗ ${targetLabel(r.target)}: ${x.property}`));
      for (const s of ce.schedule) out.push(`    at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`);
      out.push(`    ⇒ ${ce.verdict.explanation}`);
      if (x.property === 'noDualActive')
        for (const o of dualActiveOverlaps(ce.run))
          out.push(
            `    overlap: ${o.service} on ${o.hosts.join(' and ')} from ${exactSeconds(o.fromMs)} for ${exactSeconds(o.lengthMs)}${o.open ? ' (still at the end of the run)' : ''}`,
          );
      out.push(p.dim(`    seed ${ce.seed}, path "${ce.path}", ${ce.shrinks} shrink steps; trace ${file}`));
      out.push(p.dim(`    replay: ${replayCommand(file)}`));
    }
    for (const x of r.results) if (x.oscillation) out.push('', ...renderOscillation(r, x, p));
    for (const x of r.results)
      if (x.status === 'unknown') out.push('', `? ${targetLabel(r.target)}: ${x.property} unknown: ${x.unknown}`);
  }
  return out.join('\n') + '\n';
}

/**
 * The targets whose fault list (a preset's or a topology file's `faults`) leaves some of the model's
 * faults out: their verdicts say nothing of those, and a clean row must not read as more than it is.
 */
function undrawnFaultLines(rows: readonly Row[], p: ReturnType<typeof paint>): string[] {
  const lines = rows.flatMap((r) => {
    const left = r.target.model.faults.filter((f) => !r.target.faults.includes(f));
    if (left.length === 0) return [];
    const whose = r.target.preset ? 'its preset' : 'its file';
    return [`  ${targetLabel(r.target)}: ${left.join(', ')} (${whose} lists the faults drawn)`];
  });
  if (lines.length === 0) return [];
  return ['', p.dim('Never drawn, so not judged (spof fails every component whatever the list):'), ...lines.map(p.dim)];
}

/** A schedule whose run never settles: what it is, where it stopped, and the `run` command that shows it. */
function renderOscillation(row: Row, x: PropertyResult, p: ReturnType<typeof paint>): string[] {
  const o = x.oscillation!;
  const target = row.target;
  const written = row.stopped.get(x.property);
  return [
    p.bad(
      `⟳ ${targetLabel(target)}: ${x.property} cannot be judged: ${describeOscillation(o)} (a model that oscillates)`,
    ),
    ...o.schedule.map((s) => `    at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`),
    p.dim(`    seed ${o.seed}, path "${o.path}", ${o.shrinks} shrink steps`),
    p.dim(`    see it: ${reproduceCommand(target, o.schedule)}`),
    ...(written ? [p.dim(`    ${writtenLine(written)}`)] : []),
  ];
}
