// `hafault explore`: every schedule of at most K faults, breadth-first; prints the shortest
// violating schedule (with its trace file and replay command) or "all schedules of ≤ K faults hold".
import { join } from 'node:path';
import { explore, type ExploreResult, type ExploreViolation } from '../runners/explore/explore.js';
import { FAULTS, isFaultName, type FaultName } from '../engine/faults/index.js';
import { didYouMean } from '../engine/didYouMean.js';
import { replayCommand } from '../runners/replay.js';
import { Simulation } from '../engine/simulator.js';
import { targetLabel, type Target } from '../engine/target.js';
import { formatMs } from '../engine/time.js';
import { paint } from '../../reports/table.js';
import { scheduleSize } from '../../reports/scheduleSize.js';
import { describeOscillation } from '../engine/oscillation.js';
import {
  pickPropertiesAcross,
  collecting,
  refuseCollected,
  resolveTargets,
  splitList,
  UsageError,
  type TargetFlags,
  verdictExitCode,
} from './common.js';
import { COUNTS, DEFAULT_MAX_STATES, parseCounts } from './counts.js';
import { exploreGate, type ExploreOutcome } from './exploreGate.js';
import { emitAnnotations, gateOutputSpecs, writeGateFiles } from './gateOutputs.js';
import { checkOutputs, folderOutput } from './outputs.js';
import type { Tick } from './progressBar.js';
import { reproduceCommand } from './reproduce.js';
import { parseShard, SHARD_FORMAT, SHARD_KINDS, type Shard } from './shard.js';
import { fileStem, targetTraceFile, writeStoppedTrace, writeTrace, writtenLine, writtenPath } from './traceOutput.js';

export interface ExploreFlags extends TargetFlags {
  readonly depth: string | number;
  readonly instants: string;
  readonly faults?: string;
  readonly property: string[];
  readonly repairs?: boolean;
  readonly keepGoing?: boolean;
  /** Default DEFAULT_MAX_STATES (commander passes it; callers in-process may leave it out). */
  readonly maxStates?: string | number;
  /** `i/n`: explore only shard i of n (merge the shards' --json documents with mergeExploreJson). */
  readonly shard?: string;
  readonly json?: boolean;
  readonly out: string;
  readonly quiet?: boolean;
  readonly junit?: string;
  readonly summary?: string;
}

type Outcome = ExploreOutcome;

const rate = (n: number, s: number) => {
  const r = n / Math.max(s, 1e-9);
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : r >= 1e3 ? `${(r / 1e3).toFixed(1)} k` : r.toFixed(0);
};

export function parseFaultKinds(text: string | undefined): FaultName[] | undefined {
  if (text === undefined) return undefined;
  const names = splitList('--faults', text);
  const drawable = Object.values(FAULTS)
    .filter((k) => !k.isRepair)
    .map((k) => k.name);
  const bad = names.filter((n) => !isFaultName(n) || FAULTS[n].isRepair);
  if (bad.length > 0)
    throw new UsageError(
      bad.map((b) => `--faults: unknown fault kind \`${b}\`${didYouMean(b, drawable)} (kinds: ${drawable.join(', ')})`),
    );
  return names as FaultName[];
}

/** `progress`: distinct states so far of --max-states (the search ends sooner when it is complete). */
export function runExplore(
  flags: ExploreFlags,
  write: (s: string) => void,
  progress: Tick,
  warn: (line: string) => void,
  colour = false,
): number {
  checkOutputs(
    [folderOutput('--out', flags.out, { folders: ['traces'] }), ...gateOutputSpecs(flags)],
    [{ flag: '--topology', path: flags.topology }],
  );
  const problems: string[] = [];
  const counts = collecting(problems, () =>
    parseCounts({
      depth: [COUNTS.depth, flags.depth],
      maxStates: [COUNTS.maxStates, flags.maxStates ?? DEFAULT_MAX_STATES],
    }),
  );
  if (flags.instants !== 'coarse' && flags.instants !== 'fine')
    problems.push(
      `--instants: expected coarse or fine, found \`${flags.instants}\`${didYouMean(flags.instants, ['coarse', 'fine'])}`,
    );
  const kinds = collecting(problems, () => parseFaultKinds(flags.faults));
  const shard = collecting(problems, () => parseShard(flags.shard)) ?? undefined;
  const resolved = collecting(problems, () => resolveTargets(flags, warn));
  refuseCollected(problems);
  const { depth, maxStates } = counts!;
  const targets = resolved!;
  const mode = flags.instants === 'fine' ? 'fine' : 'coarse';
  const outcomes: Outcome[] = [];
  for (const { target, properties } of pickPropertiesAcross(targets, flags.property)) {
    const result = explore(target, {
      depth,
      mode,
      kinds,
      repairs: flags.repairs,
      properties,
      keepGoing: flags.keepGoing,
      maxStates,
      shard,
      onProgress: (s) => progress(Math.min(s.distinctStates, maxStates), maxStates),
    });
    const stem = exploreStem(target, shard);
    const traceFiles = writeTraces(target, result.violations, flags.out, stem);
    const o = result.oscillation;
    const path = join(flags.out, 'traces', `${stem}.never-settles.json`);
    const stopped = o ? writeStoppedTrace(path, target, o.schedule, properties) : undefined;
    outcomes.push({ target, properties, result, traceFiles, stopped });
  }
  const code = verdictExitCode(
    outcomes.some((o) => o.result.oscillation),
    outcomes.some((o) => o.result.violations.length > 0),
  );
  const shardText = shard ? `, shard ${shard.index}/${shard.count}` : '';
  const gate = exploreGate(outcomes, `depth ${depth}, ${mode} instants${shardText}`, code, flags.topology);
  const files = writeGateFiles(gate, flags);
  if (flags.json)
    write(JSON.stringify(exploreDocument(outcomes, shard, flags.keepGoing === true, maxStates), null, 2) + '\n');
  else {
    write(outcomes.map((o) => render(o, colour)).join('\n'));
    if (files.length > 0) write(`\nwrote ${files.join(', ')}\n`);
  }
  emitAnnotations(gate, flags.json === true, write, warn);
  return code;
}

/** What `explore --json` prints; a shard's document says so first, as check's and sweep's do, for `hafault merge`. */
function exploreDocument(
  outcomes: readonly Outcome[],
  shard: Shard | undefined,
  keepGoing: boolean,
  maxStates: number,
) {
  return {
    ...(shard ? { hafault: SHARD_KINDS.explore, format: SHARD_FORMAT, shard } : {}),
    results: outcomes.map((o) => toJson(o, keepGoing, maxStates)),
  };
}

/** A trace file per violation, when a plain run of the schedule reproduces it (it does unless the run's end differs). */
/** Trace files' stem: a shard's name says which shard, so that shards sharing a folder (or an artifact) keep their own. */
function exploreStem(target: Target, shard: Shard | undefined): string {
  return `${fileStem(target)}.explore${shard ? `.shard-${shard.index}-of-${shard.count}` : ''}`;
}

function writeTraces(
  target: Target,
  violations: readonly ExploreViolation[],
  out: string,
  stem: string,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const v of violations) {
    const run = new Simulation(target.model, target.compiled, target.config).run(v.schedule, { level: 'full' });
    const file = targetTraceFile(target, run, v.schedule, [v.property]);
    if (!file.violations.some((x) => x.property === v.property)) continue;
    const path = join(out, 'traces', `${stem}.${v.property}.json`);
    writeTrace(path, file);
    files.set(v.property, path);
  }
  return files;
}

/** One model/preset of `explore --json` (`{ results: ExploreJson[] }`); the library API returns it too. */
export type ExploreJson = ReturnType<typeof toJson>;

/**
 * Timing fields (they differ from run to run; leave them out of any comparison): stats.seconds,
 * stats.schedulesPerSecond, stats.distinctStatesPerSecond.
 */
function toJson(o: Outcome, keepGoing = false, maxStates?: number) {
  const r = o.result;
  const sharded = r.shard !== undefined;
  return {
    model: o.target.model.name,
    preset: o.target.preset?.name ?? null,
    topology: o.target.preset ? null : o.target.topology.name,
    depth: r.depth,
    status: r.oscillation ? 'oscillating' : r.violations.length > 0 ? 'violated' : r.complete ? 'holds' : 'incomplete',
    complete: r.complete,
    // Stopped at --max-states: no verdict on the schedules beyond, whatever the status says of those before.
    truncated: r.truncated !== null,
    stoppedAt: r.truncated
      ? { maxStates: r.truncated.maxStates, distinctStates: r.stats.distinctStates, depth: r.truncated.depth }
      : null,
    choices: r.choices,
    symmetries: r.symmetries,
    timing: r.timing,
    stats: {
      ...r.stats,
      schedulesPerSecond: r.stats.schedules / Math.max(r.stats.seconds, 1e-9),
      distinctStatesPerSecond: r.stats.distinctStates / Math.max(r.stats.seconds, 1e-9),
    },
    violations: r.violations.map((v) => ({
      property: v.property,
      faults: v.schedule.length,
      schedule: v.schedule,
      at: v.at,
      explanation: v.explanation,
      traceFile: o.traceFiles.get(v.property) ?? null,
      // A shard's violations say where they come in the unsharded search order (mergeExploreJson).
      ...(sharded ? { firstLevel: v.firstLevel } : {}),
    })),
    ...(r.oscillation
      ? {
          oscillation: {
            schedule: r.oscillation.schedule,
            at: r.oscillation.atMs,
            events: r.oscillation.events,
            explanation: describeOscillation(r.oscillation),
            reproduce: reproduceCommand(o.target, r.oscillation.schedule),
            traceFile: writtenPath(o.stopped) ?? null,
          },
        }
      : {}),
    // What merge compares besides depth, choices and timing: shards of one run agree on all of it.
    ...(r.shard ? { shard: { ...r.shard, keepGoing, maxStates: maxStates ?? null, properties: o.properties } } : {}),
  };
}

function render(o: Outcome, color: boolean): string {
  const p = paint(color);
  const r = o.result;
  const s = r.stats;
  const t = r.timing;
  const grid =
    t.periodMs > 0
      ? `heartbeat ${formatMs(t.periodMs)}, ${t.phaseThresholds.length} phase classes`
      : t.periodMs === 0
        ? 'no heartbeat grid'
        : 'unknown notice timing: absolute instants';
  const lines = [
    `hafault explore ${targetLabel(o.target)}: depth ${r.depth}, ${r.choices} fault choices, ${grid}${r.symmetries > 1 ? `, ${r.symmetries} host symmetries` : ''}`,
    p.dim(
      `  ${s.schedules} schedules, ${s.distinctStates} distinct states, ${s.runs} runs, ${s.events} events in ${s.seconds.toFixed(2)} s: ${rate(s.schedules, s.seconds)} schedules/s, ${rate(s.distinctStates, s.seconds)} distinct states/s`,
    ),
  ];
  if (r.shard)
    lines.push(
      p.dim(
        `  shard ${r.shard.index}/${r.shard.count}: ${r.shard.firstLevelSchedules} of the first-level schedules and what follows them (hafault merge combines the shards' --json)`,
      ),
    );
  if (r.unsummarised.length > 0)
    lines.push(
      p.dim(`  (${r.unsummarised.join(', ')}: past not summarised, so runs with different pasts are not merged)`),
    );
  if (r.oscillation) {
    lines.push(
      p.bad(
        `  ⟳ stopped: ${describeOscillation(r.oscillation)} (a model that oscillates), on ${r.oscillation.schedule.length === 0 ? 'no fault at all' : 'this schedule:'}`,
      ),
    );
    for (const f of r.oscillation.schedule)
      lines.push(`      at ${formatMs(f.at)}: ${FAULTS[f.fault].sentence(f.target)}`);
    lines.push(p.dim(`      see it: ${reproduceCommand(o.target, r.oscillation.schedule)}`));
    if (o.stopped) lines.push(p.dim(`      ${writtenLine(o.stopped)}`));
  } else if (r.violations.length === 0 && r.truncated) {
    lines.push(`  ? no violation in the first ${s.distinctStates} distinct states; search incomplete`);
  } else if (r.violations.length === 0) {
    lines.push(p.good(`  ✓ all schedules of ≤ ${r.depth} fault${r.depth === 1 ? '' : 's'} hold`));
  }
  for (const v of r.violations) {
    lines.push(
      p.bad(
        `  ✗ ${v.property}: violated by ${v.schedule.length === 0 ? 'no fault at all' : scheduleSize(v.schedule)} (no shorter schedule${r.shard ? ' of this shard' : ''} violates it)`,
      ),
    );
    for (const f of v.schedule) lines.push(`      at ${formatMs(f.at)}: ${FAULTS[f.fault].sentence(f.target)}`);
    lines.push(`      ⇒ ${v.explanation}`);
    const file = o.traceFiles.get(v.property);
    if (file) lines.push(p.dim(`      trace ${file}; replay: ${replayCommand(file)}`));
  }
  if (r.truncated) lines.push(stoppedLine(r.truncated, r.depth, r.violations.length > 0));
  return lines.join('\n') + '\n';
}

/** Where a search cut short by --max-states stopped, and what that leaves unsaid. */
function stoppedLine(at: NonNullable<ExploreResult['truncated']>, depth: number, violated: boolean): string {
  const unsaid = violated ? 'properties not listed may still be violated' : 'schedules past it were not tried';
  return `  ? stopped at --max-states ${at.maxStates} while exploring schedules of ${at.depth} fault${at.depth === 1 ? '' : 's'} (of up to ${depth}): ${unsaid}; raise --max-states to finish`;
}
