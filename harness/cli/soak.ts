// `npm run soak`: every built-in model × preset × soak setting, 10^6 schedules of up to two faults
// with repairs by default, one simulation per schedule judging every property. Prints the seed
// first, a progress bar on a TTY, then the per-target table and every finding; writes soak.json,
// soak.md and a trace file per finding under --out. Exit 1 when a target the README calls clean
// has a finding (or any simulation crashed), 0 otherwise, 2 on bad input.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { didYouMean } from '../engine/didYouMean.js';
import { catalogueModels } from '../runners/userModels/catalogue.js';
import { CLEAN_CLAIMS } from '../runners/soak/claims.js';
import { planSoak, SoakPlanError, type SoakPlan } from '../runners/soak/plan.js';
import { runSoak, type SoakFinding } from '../runners/soak/soak.js';
import { serializeTrace } from '../engine/traceFile.js';
import { writeFileAtomic } from '../runners/files.js';
import { soakJson } from '../../reports/soakJson.js';
import { soakMarkdown } from '../../reports/soakMarkdown.js';
import { renderSoak } from '../../reports/soakTable.js';
import { planLine, traceFilePath, type SoakRun } from '../../reports/soakFormat.js';
import { collecting, EXIT_HOLDS, EXIT_VIOLATION, pickModel, refuseCollected, UsageError } from './common.js';
import { COUNTS, parseCount } from './counts.js';
import { checkOutputs, folderOutput } from './outputs.js';
import { progressBar, type ProgressStream } from './progressBar.js';

export interface SoakFlags {
  readonly runs?: string;
  readonly quick?: boolean;
  readonly model?: string;
  readonly preset?: string;
  readonly threads?: string;
  readonly seed: string | number;
  readonly out: string;
  readonly json?: boolean;
  readonly quiet?: boolean;
}

export const FULL_RUNS = 1_000_000;
/** About 30 s on this 2-core machine, shared. */
export const QUICK_RUNS = 100_000;

function pickSeed(text: string | number): number {
  // The shell's one nondeterministic act: it is printed first, and the rest follows from it.
  if (text === 'random') return randomInt(2 ** 31);
  return parseCount({ ...COUNTS.seed, flag: '--seed (or `random`)' }, text);
}

/** The model and preset named, if any (a preset of another model, or of none, is bad input). */
function checkTarget(flags: SoakFlags): void {
  if (flags.model !== undefined) pickModel(flags.model);
  const models =
    flags.model === undefined ? catalogueModels() : catalogueModels().filter((m) => m.name === flags.model);
  if (flags.preset !== undefined && !models.some((m) => m.presets.some((p) => p.name === flags.preset))) {
    const names = models.flatMap((m) => m.presets.map((p) => p.name));
    throw new UsageError([
      `--preset: no ${flags.model ?? 'built-in'} preset \`${flags.preset}\`${didYouMean(flags.preset, names)} (presets: ${names.join(', ')})`,
    ]);
  }
}

function planOf(flags: SoakFlags): SoakPlan {
  if (flags.quick && flags.runs !== undefined)
    throw new UsageError(['--quick: not with --runs (quick is --runs ' + QUICK_RUNS + ')']);
  // Every bad count and an unknown model or preset, reported together.
  const problems: string[] = [];
  const given = flags.runs;
  const runs =
    given !== undefined
      ? collecting(problems, () => parseCount(COUNTS.soakRuns, given))
      : flags.quick
        ? QUICK_RUNS
        : FULL_RUNS;
  const threads = flags.threads;
  if (threads !== undefined) collecting(problems, () => parseCount(COUNTS.threads, threads));
  const seed = collecting(problems, () => pickSeed(flags.seed));
  collecting(problems, () => checkTarget(flags));
  refuseCollected(problems);
  try {
    return planSoak({ seed: seed!, runs: runs!, model: flags.model, preset: flags.preset, claims: CLEAN_CLAIMS });
  } catch (error) {
    if (error instanceof SoakPlanError) throw new UsageError([`--runs: ${error.message}`]);
    throw error;
  }
}

function writeOutputs(run: Omit<SoakRun, 'traceFiles'>, out: string, command: string): SoakRun {
  const traceFiles = new Map<SoakFinding, string>();
  for (const t of run.result.targets) {
    for (const f of t.findings) {
      if (f.trace === null) continue;
      const path = traceFilePath(out, t.target, f);
      writeFileAtomic(path, serializeTrace(f.trace));
      traceFiles.set(f, path);
    }
  }
  const full = { ...run, traceFiles };
  writeFileAtomic(join(out, 'soak.json'), `${JSON.stringify(soakJson(full), null, 1)}\n`);
  writeFileAtomic(join(out, 'soak.md'), soakMarkdown(full, command));
  return full;
}

export async function runSoakCommand(
  flags: SoakFlags,
  argv: readonly string[],
  write: (s: string) => void,
  warn: (line: string) => void,
  terminal: { readonly colour: boolean; readonly progressTo?: ProgressStream } = { colour: false },
): Promise<number> {
  checkOutputs([folderOutput('--out', flags.out, { folders: ['traces'], files: ['soak.json', 'soak.md'] })]);
  const plan = planOf(flags);
  const threads = flags.threads !== undefined ? parseCount(COUNTS.threads, flags.threads) : undefined;
  if (flags.json) warn(planLine(plan));
  else write(`${planLine(plan)}\n`);
  const bar = progressBar('soak', 'runs', flags.quiet === true || flags.json === true, terminal.progressTo);
  const t0 = performance.now();
  let runsMs = 0;
  const onProgress = (done: number, total: number) => {
    bar.update(done, total);
    if (done === total) runsMs = Math.round(performance.now() - t0);
  };
  let result;
  try {
    result = await runSoak(plan, { threads, onProgress });
  } finally {
    bar.stop();
  }
  const run = writeOutputs(
    { result, wallMs: Math.round(performance.now() - t0), runsMs },
    flags.out,
    ['npm run soak --', ...argv].join(' '),
  );
  if (flags.json) write(`${JSON.stringify(soakJson(run), null, 2)}\n`);
  else
    write(
      renderSoak(run, terminal.colour, true) +
        `\nwritten: ${join(flags.out, 'soak.md')}, ${join(flags.out, 'soak.json')}, ${run.traceFiles.size} trace files in ${join(flags.out, 'traces')}\n`,
    );
  return result.cleanFindings > 0 ? EXIT_VIOLATION : EXIT_HOLDS;
}
