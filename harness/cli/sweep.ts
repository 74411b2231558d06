// `hafault sweep`: one preset, a grid of settings, the same fault schedules at every setting;
// prints violation rates with intervals, times, flips and a recommendation, and with --out writes
// sweep.md, sweep.csv, sweep.html and a trace (+ page) for the shortest schedule of each flip. With
// --checkpoint it keeps a checkpoint as it goes and --resume continues one (sweepResume.ts).
import { join, resolve } from 'node:path';
import { loadTopologyFile } from '../runners/topologyFile/load.js';
import { environmentSettings, presetOfLoaded } from '../runners/topologyFile/target.js';
import { didYouMean } from '../engine/didYouMean.js';
import { FAULTS, isFaultName, type FaultName } from '../engine/faults/index.js';
import { drawableKinds, vocabularyOf } from '../engine/generators.js';
import { compileTopology } from '../engine/compile.js';
import type { Model, Preset, PropertyName } from '../engine/model.js';
import { writeFileAtomic } from '../runners/files.js';
import { makeTraceFile } from '../runners/replay.js';
import { SweepOscillation, SweepRunner, type SweepOscillationFound } from '../runners/sweep/runner.js';
import { labelOf, sweepSettingsOf } from '../runners/sweep/settings.js';
import { parseSets, type ParsedSet } from '../engine/setFlags.js';
import type { SweepResult } from '../runners/sweep/summary.js';
import { defaultThreads, planSweep, runSweep, SweepInterrupted } from '../runners/sweep/sweep.js';
import { identityOf } from '../runners/sweep/checkpoint.js';
import type { SweepPlan } from '../runners/sweep/plan.js';
import { emptyTally } from '../runners/sweep/tally.js';
import { sweepCsv } from '../../reports/sweepCsv.js';
import { sweepJson } from '../../reports/sweepJson.js';
import { sweepMarkdown } from '../../reports/sweepMarkdown.js';
import { renderSweep } from '../../reports/sweepTable.js';
import { sweepPage } from '../../reports/html/sweepPage.js';
import { describeOscillation } from '../engine/oscillation.js';
import type { Target } from '../engine/target.js';
import {
  EXIT_OSCILLATION,
  pickOneTarget,
  collecting,
  pickProperties,
  refuseCollected,
  readSetFlags,
  refuseModelBesideTopology,
  splitList,
  UsageError,
  type TargetFlags,
} from './common.js';
import { COUNTS, parseCounts } from './counts.js';
import { refuseLargeGrid } from './gridSize.js';
import { checkOutputs, folderOutput } from './outputs.js';
import { parseShard } from './shard.js';
import { exitCode, refuseBesideShard, runSweepShard, type PlannedSweep } from './sweepShard.js';

export { exitCode, type PlannedSweep } from './sweepShard.js';
import { reproduceCommand } from './reproduce.js';
import type { Tick } from './progressBar.js';
import { checkCheckpointLocation, HAFAULT_VERSION, readCheckpoint, type CheckpointRead } from './sweepCheckpoint.js';
import {
  checkpointKnobs,
  CheckpointSession,
  flagsToStore,
  progressToResume,
  refuseBesideResume,
  resumeFlags,
} from './sweepResume.js';
import {
  DEFAULT_OUT,
  fileStem,
  writeStoppedTrace,
  writeTraceAndPage,
  writtenLine,
  writtenPath,
  type StoppedJson,
  type Written,
} from './traceOutput.js';

export interface SweepFlags extends TargetFlags {
  readonly property: string[];
  readonly recommend?: string;
  readonly faults?: string;
  readonly runs: string | number;
  readonly seed: string | number;
  readonly maxFaults: string | number;
  readonly repairs: boolean;
  readonly threads?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly quiet?: boolean;
  readonly checkpoint?: string;
  readonly resume?: string;
  /** `i/n`: run only this shard's block of the schedule indices (sweepShard.ts); merge.ts joins the shards. */
  readonly shard?: string;
}

function pickKinds(model: Model, preset: Preset, text: string | undefined): FaultName[] {
  const allowed = preset.faults ?? model.faults;
  if (text === undefined) return [...allowed];
  const drawable = drawableKinds(
    compileTopology(preset.topology),
    Object.keys(FAULTS) as FaultName[],
    vocabularyOf(model),
  );
  const problems: string[] = [];
  const kinds: FaultName[] = [];
  for (const k of splitList('--faults', text)) {
    if (!isFaultName(k))
      problems.push(`--faults: no fault kind \`${k}\`${didYouMean(k, drawable)} (kinds: ${drawable.join(', ')})`);
    else if (FAULTS[k].isRepair)
      problems.push(`--faults: \`${k}\` is a repair; it follows its fault when repairs are on`);
    else if (!drawable.includes(k)) problems.push(`--faults: \`${k}\` has no target in preset ${preset.name}`);
    else kinds.push(k);
  }
  if (problems.length > 0) throw new UsageError(problems);
  return kinds;
}

function pickRecommend(model: Model, name: string | undefined): PropertyName | null {
  if (name === undefined) return null;
  if (!model.properties.includes(name)) {
    throw new UsageError([
      `--recommend: ${model.name} has no property \`${name}\`${didYouMean(name, model.properties)} (properties: ${model.properties.join(', ')})`,
    ]);
  }
  return name;
}

/** The one design a sweep runs: a topology file (its environment ranges are drawn per schedule) or a model's preset. */
function sweepTarget(flags: SweepFlags): {
  model: Model;
  preset: Preset;
  topologyFile?: string;
  fromFile: ParsedSet[];
} {
  if (flags.topology === undefined) {
    return {
      ...pickOneTarget(flags, { model: 'the model to sweep', preset: 'a sweep runs one preset' }),
      fromFile: [],
    };
  }
  refuseModelBesideTopology(flags);
  const loaded = loadTopologyFile(flags.topology);
  return {
    model: loaded.model,
    preset: presetOfLoaded(loaded),
    topologyFile: resolve(flags.topology),
    fromFile: environmentSettings(loaded),
  };
}

/** The flags read into a plan (every problem is bad input, before any work). */
export function planOfFlags(flags: SweepFlags): PlannedSweep {
  const problems: string[] = [];
  const target = collecting(problems, () => sweepTarget(flags));
  const counts = collecting(problems, () =>
    parseCounts({
      runs: [COUNTS.sweepRuns, flags.runs],
      seed: [COUNTS.seed, flags.seed],
      maxFaults: [COUNTS.maxFaults, flags.maxFaults],
      // Without --threads the default is read later; '1' stands in and is not used.
      threads: [COUNTS.threads, flags.threads ?? '1'],
    }),
  );
  refuseCollected(problems);
  const { model, preset, topologyFile, fromFile } = target!;
  const { runs, seed, maxFaults } = counts!;
  const threadsFlag = flags.threads === undefined ? undefined : counts!.threads;
  const recommend = pickRecommend(model, flags.recommend);
  const properties = pickProperties(model, flags.property);
  if (recommend !== null && !properties.includes(recommend)) properties.push(recommend);
  const kinds = pickKinds(model, preset, flags.faults);
  const pairs = readSetFlags('sweep', flags.set);
  // The file's environment ranges are drawn per schedule unless --set names the same key.
  const named = new Set(pairs.map((p) => p.key));
  const fileSets = fromFile.filter((s) => !named.has(s.key));
  const shards = collecting([], () => parseShard(flags.shard))?.count ?? 1;
  refuseLargeGrid(
    { command: 'sweep', runs: Math.ceil(runs / shards), shards },
    pairs,
    fileSets.map((s) => (s.form === 'list' ? s.values.length : 1)),
  );
  const settings = sweepSettingsOf([...fileSets, ...parseSets(model, pairs)]);
  if (settings.axes.length === 0)
    throw new UsageError([
      '--set: give at least one setting to sweep as a list, e.g. --set timeoutMs=30s,60s,90s,120s',
    ]);
  const plan = planSweep({
    model,
    preset,
    topologyFile,
    settings,
    properties,
    kinds,
    maxFaults,
    repairs: flags.repairs,
    runs,
    seed,
    baseline: recommend !== null,
  });
  return { model, preset, plan, recommend, threads: threadsFlag ?? defaultThreads(plan) };
}

/** With --checkpoint or --resume: the session that keeps the checkpoint (its location checked, not yet written). */
function checkpointSessionOf(
  flags: SweepFlags,
  resumed: CheckpointRead | null,
  planned: PlannedSweep,
  command: string,
  warn: (line: string) => void,
): CheckpointSession | null {
  const path = flags.checkpoint ?? flags.resume;
  if (path === undefined) return null;
  const { plan, model, preset } = planned;
  const sweep = identityOf(plan, model, preset, HAFAULT_VERSION);
  const start =
    resumed === null ? { next: 0, tally: emptyTally(plan) } : progressToResume(flags.resume!, resumed, sweep, plan);
  if (path !== flags.resume) checkCheckpointLocation(path);
  const stored = flagsToStore({
    ...flags,
    ...(plan.topologyFile !== undefined ? { topology: plan.topologyFile } : {}),
  });
  const base = { hafault: 'sweep checkpoint', format: 1, sweep, command, flags: stored } as const;
  return new CheckpointSession(path, base, start, checkpointKnobs(), warn);
}

/**
 * `hafault sweep`. `explicit`: the flags given on the command line (not defaults); a `--resume` takes
 * the others from its checkpoint.
 */
export async function runSweepCommand(
  given: SweepFlags,
  argv: readonly string[],
  write: (s: string) => void,
  explicit: ReadonlySet<string> = new Set(),
  warn: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  progress: Tick = () => {},
  colour = false,
): Promise<number> {
  if (given.resume !== undefined) refuseBesideResume(explicit);
  const shard = parseShard(given.shard);
  if (shard !== null) refuseBesideShard(given);
  const resumed = given.resume === undefined ? null : readCheckpoint('--resume', given.resume);
  const flags = resumed === null ? given : resumeFlags(resumed.flags, given, explicit);
  checkOutputs(
    [
      folderOutput('--out', flags.out, { folders: ['flips'], files: ['sweep.md', 'sweep.csv', 'sweep.html'] }),
      // The checkpoint is written like a report: checked the same way, and never one of --out's files.
      given.checkpoint !== undefined
        ? { flag: '--checkpoint', path: given.checkpoint, kind: 'file' }
        : { flag: '--resume', path: given.resume, kind: 'file' },
    ],
    [{ flag: '--topology', path: flags.topology }],
  );
  const planned = planOfFlags(flags);
  const bar = flags.quiet === true ? () => {} : progress;
  if (shard !== null) return runSweepShard(planned, flags, shard, write, bar, colour);
  const { plan, recommend, threads } = planned;
  const command = resumed?.command ?? `npx hafault ${argv.join(' ')}`;
  const session = checkpointSessionOf(flags, resumed, planned, command, warn);
  let result: SweepResult | SweepOscillation;
  try {
    session?.open();
    result = await runSweep(plan, {
      threads,
      recommend,
      onProgress: bar,
      ...(session !== null ? { resume: session.start, onAdvance: session.advance, signal: session.signal } : {}),
    });
  } catch (error) {
    if (session !== null && error instanceof SweepInterrupted) return await session.interrupted();
    if (!(error instanceof SweepOscillation)) throw error;
    result = error;
  } finally {
    session?.close();
  }
  session?.write();
  return report(result, plan, flags, threads, command, write, colour);
}

export function report(
  result: SweepResult | SweepOscillation,
  plan: SweepPlan,
  flags: SweepFlags,
  threads: number,
  command: string,
  write: (s: string) => void,
  colour: boolean,
): number {
  if (result instanceof SweepOscillation) return reportOscillation(plan, result.found, flags, write);
  const traceFiles = flags.out === undefined ? [] : writeReports(result, flags.out, threads, command);
  if (flags.json) write(JSON.stringify(sweepJson(result, traceFiles), null, 2) + '\n');
  else {
    write(renderSweep(result, threads, colour));
    if (flags.out !== undefined)
      write(
        `\nwrote ${join(flags.out, 'sweep.md')}, sweep.csv, sweep.html${traceFiles.length > 0 ? ` and ${traceFiles.length} flip trace${traceFiles.length === 1 ? '' : 's'}` : ''}\n`,
      );
  }
  return exitCode(result);
}

/** sweep.md, sweep.csv, sweep.html, and per flip the trace file and page of its shortest schedule at the violating setting. */
function writeReports(r: SweepResult, dir: string, threads: number, command: string): string[] {
  const flipsDir = join(dir, 'flips');
  const runner = r.flips.length > 0 ? new SweepRunner(r.plan) : null;
  const traceFiles = r.flips.map((f, k) => {
    const setting = f.direction === 'safe→violated' ? f.toSetting : f.fromSetting;
    const run = runner!.fullRun(setting, f.shortest.index);
    const file = makeTraceFile({
      model: runner!.model,
      // A topology file's design is no preset of the model (the trace holds its topology).
      preset: r.plan.topologyFile === undefined ? r.plan.preset : null,
      topology: runner!.preset.topology,
      config: runner!.config(setting, f.shortest.index),
      search: null,
      properties: [f.property],
      schedule: f.shortest.schedule,
      run,
    });
    const base = join(flipsDir, `flip-${k + 1}-${f.property}`);
    writeTraceAndPage(`${base}.json`, `${base}.html`, file, run);
    return `${base}.json`;
  });
  writeFileAtomic(join(dir, 'sweep.md'), sweepMarkdown(r, threads, command));
  writeFileAtomic(join(dir, 'sweep.csv'), sweepCsv(r));
  writeFileAtomic(
    join(dir, 'sweep.html'),
    sweepPage(r, {
      threads,
      command,
      flipPages: traceFiles.map((_, k) => `flips/flip-${k + 1}-${r.flips[k].property}.html`),
    }),
  );
  return traceFiles;
}

/** The sweep stopped at a run that never settles: its trace file written (under --out, else hafault-out), then reported. */
function reportOscillation(
  plan: SweepPlan,
  found: SweepOscillationFound,
  flags: SweepFlags,
  write: (s: string) => void,
): number {
  const runner = new SweepRunner(plan);
  const target = oscillationTarget(runner, found);
  const path = join(flags.out ?? DEFAULT_OUT, 'traces', `${fileStem(target)}.sweep.never-settles.json`);
  const written = writeStoppedTrace(path, target, found.schedule, plan.properties);
  write(renderSweepOscillation(runner, target, found, written, flags.json === true));
  return EXIT_OSCILLATION;
}

/** The target a sweep's run that never settles ran on: the preset or file, at that setting and environment draw. */
function oscillationTarget(runner: SweepRunner, found: SweepOscillationFound): Target & { file?: string } {
  const plan = runner.plan;
  const fromFile = plan.topologyFile !== undefined;
  return {
    model: runner.model,
    preset: fromFile ? null : runner.preset,
    topology: runner.preset.topology,
    compiled: runner.compiled,
    config: runner.config(found.setting, found.index),
    faults: plan.kinds,
    ...(fromFile ? { file: plan.topologyFile } : {}),
  };
}

/** The sweep stopped at a run that never settles: which setting and schedule, where, its trace, and the `run` command that shows it. */
function renderSweepOscillation(
  runner: SweepRunner,
  target: Target & { file?: string },
  found: SweepOscillationFound,
  written: Written,
  json: boolean,
): string {
  const plan = runner.plan;
  const fromFile = plan.topologyFile !== undefined;
  const environment = runner.environment(found.index);
  const setting = labelOf({ ...plan.settings[found.setting].values, ...environment });
  const where = `${plan.model}/${fromFile ? runner.preset.topology.name : plan.preset} at ${setting}`;
  const reproduce = reproduceCommand(target, found.schedule);
  if (json) {
    const oscillation: StoppedJson['oscillation'] = {
      model: plan.model,
      preset: fromFile ? null : plan.preset,
      setting: { ...plan.settings[found.setting].values, ...environment },
      scheduleIndex: found.index,
      schedule: found.schedule,
      at: found.atMs,
      events: found.events,
      explanation: describeOscillation(found),
      reproduce,
      traceFile: writtenPath(written) ?? null,
    };
    return JSON.stringify({ oscillation }, null, 2) + '\n';
  }
  return [
    `hafault sweep stopped: ${where}, schedule #${found.index}: ${describeOscillation(found)} (a model that oscillates; no rate is reported)`,
    ...found.schedule.map((s) => `    at ${s.at / 1000} s: ${FAULTS[s.fault].sentence(s.target)}`),
    `    see it: ${reproduce}`,
    `    ${writtenLine(written)}`,
    '',
  ].join('\n');
}
