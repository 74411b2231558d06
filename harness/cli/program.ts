// hafault's command line as one function: `runCli(argv, io)` parses the arguments (those after the
// script's name), runs the command with its output going to `io`, and resolves to the exit code.
// main.ts calls it with the process's streams; tests and the fuzzer (test/fuzz/) call it in-process,
// and a library API can build on it. Each call builds a fresh commander program, so calls share no
// parsed state. Exit codes: 0 all hold, 1 a violation found, 2 bad input, 3 a replay that did not
// reproduce, 4 conform's real daemons cannot run here, 5 a run never settles (a model oscillates; it
// wins over 1, and in replay over 3), 70 a bug in hafault (guard.ts; HAFAULT_DEBUG=1 prints its
// stack), 74 a write the disk refused (full, read-only, I/O error; a file or stdout), 130 a sweep with
// --checkpoint stopped by Ctrl-C, 143 by SIGTERM. Sweep: see runSweepCommand's exitCode.
import { Command, Option } from 'commander';
import { runCheck, type CheckFlags } from './check.js';
import { runExplore, type ExploreFlags } from './explore.js';
import { runSpof, type SpofFlags } from './spof.js';
import { runConform, type ConformFlags } from './conform.js';
import { collect, EXIT_HOLDS, givenOptions, pickModel, setHelp } from './common.js';
import { COUNTS, countOption, DEFAULT_MAX_STATES, withRange } from './counts.js';
import { commanderExitCode, exitCodeOf } from './guard.js';
import { examplesHelp } from './helpExamples.js';
import { progressBar, SILENT, type ProgressStream, type Tick } from './progressBar.js';
import { HAFAULT_VERSION } from '../runners/version.js';
import { refuseRepeatedOptions } from './repeats.js';
import { modelsJson, renderModels } from './models.js';
import { runReplay, type ReplayFlags } from './replay.js';
import { runPlan, type RunFlags } from './run.js';
import { runSweepCommand, type SweepFlags } from './sweep.js';
import { DEFAULT_BIAS, DEFAULT_YEARS, runAvailabilityCommand, type AvailabilityFlags } from './availability.js';
import { runMerge } from './merge.js';
import { installUserModels } from '../runners/userModels/catalogue.js';
import { installCommandModels } from '../runners/userModels/sources.js';

/** Where a command's text goes. */
export interface CliIo {
  /** The command's answer: tables, JSON, `--help`. */
  stdout(text: string): void;
  /** Refusals (one line per problem) and warnings. */
  stderr(text: string): void;
  /** ANSI colour in the answer (main.ts: colourFor(process.stdout, process.env)); omitted, none. */
  colour?: boolean;
  /** Where progress bars are drawn (main.ts: process.stderr); omitted or not a terminal, none is. */
  progressTo?: ProgressStream;
}

/** A command's writers while it runs: a progress bar, if any, is cleared before any text is written. */
interface Out {
  readonly write: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly warn: (line: string) => void;
  readonly tick: Tick;
}

/** The progress bar a command shows: `label`, the unit it counts, and its --quiet. */
interface Bar {
  readonly label: string;
  readonly unit: string;
  readonly quiet?: boolean;
}

/** What each command's action needs: the writers, the arguments, and how to record its exit code. */
interface Context {
  readonly argv: readonly string[];
  readonly write: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly warn: (line: string) => void;
  readonly colour: boolean;
  readonly run: (command: string, body: (out: Out) => number | Promise<number>, bar?: Bar) => Promise<void>;
}

/**
 * Runs `hafault` with `argv` (e.g. `['check', '--runs', '3']`) and resolves to its exit code; bad
 * input is reported on `io.stderr`, one line per problem; a bug is one line too, exit 70.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const state: RunState = { code: EXIT_HOLDS, loading: null };
  const cli = context(argv, io, state);
  // The user's models (hafault.config.* here, `--model FILE`) load before the action and are dropped
  // after it; a failure to load is the action's refusal (exit 2), reported by `run`.
  const program = buildProgram(cli).hook('preAction', async (_program, action) => {
    state.loading = loadUserModels(action);
    await state.loading.catch(() => undefined);
  });
  const command = program.commands.some((c) => c.name() === argv[0]) ? argv[0] : '';
  refuseRepeatedOptions(program, command || program.name(), cli.stderr);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    return commanderExitCode(error, command, cli.stderr);
  } finally {
    installUserModels([]);
  }
  return state.code;
}

/** What one runCli call records as it goes: the exit code, and the loading of the user's models. */
interface RunState {
  code: number;
  loading: Promise<void> | null;
}

/** The writers and the `run` of one call: a command's body runs once the user's models are loaded. */
function context(argv: readonly string[], io: CliIo, state: RunState): Context {
  return {
    argv,
    write: (text) => io.stdout(text),
    stderr: (text) => io.stderr(text),
    warn: (line) => io.stderr(`${line}\n`),
    colour: io.colour === true,
    run: async (command, body, bar) => {
      const shown = bar === undefined ? SILENT : progressBar(bar.label, bar.unit, bar.quiet === true, io.progressTo);
      const cleared = (f: (text: string) => void) => (text: string) => {
        shown.stop();
        f(text);
      };
      const stderr = cleared((text) => io.stderr(text));
      const out: Out = {
        write: cleared((text) => io.stdout(text)),
        stderr,
        warn: (line) => stderr(`${line}\n`),
        tick: (done, total) => shown.update(done, total),
      };
      const loaded = state.loading;
      try {
        state.code = await exitCodeOf(
          command,
          () => (loaded === null ? body(out) : loaded.then(() => body(out))),
          stderr,
        );
      } finally {
        shown.stop();
      }
    },
  };
}

/** The CI outputs of the gates (check, explore, spof): gateOutputs.ts. */
const JUNIT_HELP =
  'also write the verdicts as JUnit XML there, for CI test reporters (a testcase per model/preset and property; with GITHUB_ACTIONS=true each finding is also an annotation)';
const JUNIT_SPOF_HELP =
  'also write the verdicts as JUnit XML there, for CI test reporters (a testcase per component and property; with GITHUB_ACTIONS=true each finding is also an annotation)';
const SUMMARY_HELP = 'also write the verdicts as markdown there, e.g. --summary "$GITHUB_STEP_SUMMARY"';

/** --shard on check and sweep (shard.ts): `hafault merge` joins the shards' --json. */
const SHARD_HELP = {
  check:
    'judge only shard i of n: the i-th of n contiguous blocks of the units (model × preset × property, in this order); with --json print what `hafault merge` joins into the unsharded answer',
  sweep:
    'run only shard i of n: the i-th of n contiguous blocks of the schedules, at every setting; with --json print its exact tally for `hafault merge` (not with --out, --checkpoint, --resume)',
} as const;

/** The options every gate ends with: its progress switch and its CI outputs. */
function gateOptions(command: Command, junitHelp: string): Command {
  return command
    .option('--quiet', 'no progress bar')
    .option('--junit <file>', junitHelp)
    .option('--summary <file>', SUMMARY_HELP);
}

/** Installs the user's models for `action`; a `--model FILE` is replaced by its model's name. */
async function loadUserModels(action: Command): Promise<void> {
  const spec = action.getOptionValue('model') as string | undefined;
  const name = await installCommandModels(process.cwd(), spec);
  if (name !== spec) action.setOptionValue('model', name);
}

function buildProgram(cli: Context): Command {
  const program = new Command();
  // Before the subcommands: they inherit the output, the error display and the exit override.
  program
    .name('hafault')
    .description(
      'Property-based fault injection for HA cluster designs: finds the fault schedules that fence healthy hosts, fence whole pools, or leave two servers active.',
    )
    .version(HAFAULT_VERSION, '-V, --version', "print hafault's version")
    .configureOutput({ writeOut: cli.write, writeErr: cli.stderr })
    .showHelpAfterError()
    .exitOverride();
  for (const add of [
    addCheck,
    addExplore,
    addSpof,
    addModels,
    addReplay,
    addRun,
    addSweep,
    addAvailability,
    addMerge,
    addConform,
  ])
    add(program, cli);
  return program;
}

function addCheck(program: Command, cli: Context): void {
  const command = program
    .command('check')
    .description(
      'Random search: throw fault schedules at every preset (or one) and judge every property. Exit 1 when a violation is found, 2 on bad input. Exit 5 when a run never settles (a model oscillates), which wins over 1.',
    )
    .option(
      '--model <name|file>',
      'model to check, or your own module (./my-model.ts) (default: every built-in model and those of hafault.config.ts)',
    )
    .option('--preset <name>', 'one preset of the model (default: all of them)')
    .option(
      '--topology <file>',
      'your own design: a YAML or JSON topology file naming its model (see examples/; not with --model/--preset)',
    )
    .option('--set <key=value>', `override a setting: ${setHelp('check', 'timeoutMs=120s')}`, collect, [])
    .option('--property <name>', 'judge only this property (repeatable)', collect, [])
    .addOption(countOption('--runs <n>', 'schedules per preset and property', COUNTS.checkRuns, 200))
    .addOption(countOption('--seed <n>', 'seed of the search (printed with every counterexample)', COUNTS.seed, 1))
    .addOption(
      countOption(
        '--max-faults <n>',
        'faults per schedule (1: single-fault tolerance, the design goal)',
        COUNTS.maxFaults,
        1,
      ),
    )
    .option('--no-repairs', 'never repair a fault once it happened')
    .option('--json', 'print JSON instead of the table')
    .option('--out <dir>', 'where trace files (traces/), their pages (html/) and index.html go', 'hafault-out')
    .option('--shard <i/n>', SHARD_HELP.check);
  gateOptions(command, JUNIT_HELP)
    .addHelpText('after', examplesHelp('check'))
    .action((flags: CheckFlags) =>
      cli.run('check', (o) => runCheck(flags, o.write, o.tick, o.warn, cli.colour), {
        label: 'checking',
        unit: 'schedules',
        quiet: flags.quiet,
      }),
    );
}

function addExplore(program: Command, cli: Context): void {
  const command = program
    .command('explore')
    .description(
      "Exhaustive search: every schedule of at most K faults (breadth-first, so a violation comes with the fewest faults), at the fault instants that can differ relative to the model's timers. Exit 1 when a schedule violates a property, 2 on bad input. Exit 5 when a run never settles (a model oscillates), which wins over 1.",
    )
    .option(
      '--model <name|file>',
      'model to explore, or your own module (default: every built-in model and those of hafault.config.ts)',
    )
    .option('--preset <name>', 'one preset of the model (default: all of them)')
    .option(
      '--topology <file>',
      'your own design: a YAML or JSON topology file naming its model (not with --model/--preset)',
    )
    .option('--set <key=value>', `override a setting: ${setHelp('explore', 'timeoutMs=120s')}`, collect, [])
    .addOption(countOption('--depth <k>', 'faults per schedule, at most', COUNTS.depth, 1))
    .option(
      '--instants <mode>',
      'coarse: one instant per gap between deadlines (+ heartbeat phases when quiet); fine: every heartbeat phase class at both ends of each gap',
      'coarse',
    )
    .option('--faults <kinds>', "fault kinds, comma-separated (default: the design's)")
    .option('--property <name>', 'judge only this property (repeatable)', collect, [])
    .option('--repairs', 'also choose repairs of active faults (each counts toward the depth)')
    .option(
      '--keep-going',
      "explore every schedule up to the depth instead of stopping at the first violation; report each property's shortest",
    )
    .addOption(
      countOption(
        '--max-states <n>',
        `give up after this many distinct states and say so: the search is then incomplete (the default takes about a minute here)`,
        COUNTS.maxStates,
        DEFAULT_MAX_STATES,
      ),
    )
    .option(
      '--shard <i/n>',
      'explore only shard i of n: the first-level schedules (first faults) at positions i, i+n, i+2n… and all that extends them; run the n shards anywhere and combine their --json documents (give a --max-states the whole search does not reach)',
    )
    .option('--json', 'print JSON')
    .option('--out <dir>', 'where trace files go', 'hafault-out');
  gateOptions(command, JUNIT_HELP)
    .addHelpText('after', examplesHelp('explore'))
    .action((flags: ExploreFlags) =>
      cli.run('explore', (o) => runExplore(flags, o.write, o.tick, o.warn, cli.colour), {
        label: 'exploring',
        unit: 'states (of --max-states)',
        quiet: flags.quiet,
      }),
    );
}

function addSpof(program: Command, cli: Context): void {
  const command = program
    .command('spof')
    .description(
      'Single points of failure: fail every NIC, bond, switch, cable, storage node, path, fence device and host alone, at every heartbeat phase that matters; list what breaks and whose fault it is (design: a protected service stays down past its RTO; HA software: a safety or liveness property breaks), how many hosts fence, how long services are down, worst first. Exit 1 when some component alone breaks a property, 2 on bad input. Exit 5 when a run never settles (a model oscillates), which wins over 1.',
    )
    .option(
      '--model <name|file>',
      'model, or your own module (default: every built-in model and those of hafault.config.ts)',
    )
    .option('--preset <name>', 'one preset of the model (default: all of them)')
    .option(
      '--topology <file>',
      'your own design: a YAML or JSON topology file naming its model (not with --model/--preset)',
    )
    .option('--set <key=value>', `override a setting: ${setHelp('spof', 'timeoutMs=120s')}`, collect, [])
    .option('--property <name>', 'judge only this property (repeatable)', collect, [])
    .option(
      '--json',
      'print JSON: {results: [{model, preset, topology, properties, instants, verdict, spofs, entries}]}',
    )
    .option('--out <dir>', 'also write the report as markdown and HTML into this folder');
  gateOptions(command, JUNIT_SPOF_HELP)
    .addHelpText('after', examplesHelp('spof'))
    .action((flags: SpofFlags) =>
      cli.run('spof', (o) => runSpof(flags, o.write, o.warn, o.tick), {
        label: 'failing',
        unit: 'components',
        quiet: flags.quiet,
      }),
    );
}

function addModels(program: Command, cli: Context): void {
  program
    .command('models')
    .description(
      'List the built-in models and yours (hafault.config.ts in this folder): presets, settings with defaults and sources, faults, properties.',
    )
    .option('--json', 'print JSON')
    .option('--model <name|file>', 'only this model (a file: your own, e.g. ./my-model.ts)')
    .addHelpText('after', examplesHelp('models'))
    .action((flags: { json?: boolean; model?: string }) =>
      cli.run('models', () => {
        const only = flags.model === undefined ? undefined : [pickModel(flags.model)];
        cli.write(flags.json ? JSON.stringify(modelsJson(only), null, 2) + '\n' : renderModels(only));
        return 0;
      }),
    );
}

function addReplay(program: Command, cli: Context): void {
  program
    .command('replay')
    .description(
      'Check a trace file like any input and re-run it; exit 1 when it (still) violates, 2 on bad input, 3 when it no longer reproduces byte for byte (saying whether the file was edited, the model changed or the engine did), 5 when its run never settles (a model oscillates).',
    )
    .argument('<file>', 'a trace file written by check')
    .option('--timeline', 'print the per-component timeline')
    .option(
      '--html <file>',
      'write the trace report there: swimlanes per host and storage agent, faults, fences, the violation (self-contained HTML)',
    )
    .option('--json', 'print JSON')
    .option(
      '--model <name|file>',
      "the trace's model when it is your own: a module exporting it (e.g. ./my-model.ts) or a name from hafault.config.ts",
    )
    .addHelpText('after', examplesHelp('replay'))
    .action((file: string, flags: ReplayFlags) =>
      cli.run('replay', (o) => runReplay(file, flags, o.write, cli.colour)),
    );
}

function addRun(program: Command, cli: Context): void {
  program
    .command('run')
    .description(
      'Rehearse a written test plan (faults at given times, `wait until healthy`) on a model; one run per value of each --set list. Exit 1 when a property is violated or a wait never ends, 2 on bad input. Exit 5 when a run never settles (a model oscillates), which wins over 1.',
    )
    .option('--model <name|file>', 'the model')
    .option('--preset <name>', 'the preset the plan runs on')
    .option('--topology <file>', 'your own design (YAML/JSON topology file) instead of --model/--preset')
    .option('--set <key=v1,v2,…>', `settings: ${setHelp('run', 'timeoutMs=30s,60s')}`, collect, [])
    .option('--plan <file>', 'the plan: text (.plan/.txt), JSON or YAML')
    .option('--step <line>', 'a plan line, instead of --plan (repeatable)', collect, [])
    .option('--timeline', "print every run's timeline (always printed for a single run)")
    .option('--json', 'print JSON')
    .option(
      '--html <out.html>',
      'write the HTML report (swimlanes per host); several runs: a page per setting, out.timeoutMs=30s.html, …',
    )
    .option('--out <dir>', 'where the trace file of a run that never settles goes (traces/; default hafault-out)')
    .addHelpText(
      'after',
      `
Plan format (one step per line, a # at the start of a line or after a space starts a comment):
  at 10s: storage-hard-powercycle sanA     at an absolute instant
  wait until healthy within 10m            until hosts, storage and services are back (default limit 30m)
  +30s: storage-hard-powercycle sanB       30 s after the previous step ended${examplesHelp('run')}`,
    )
    .action((flags: RunFlags) => cli.run('run', (o) => runPlan(flags, o.write, cli.colour)));
}

function addSweep(program: Command, cli: Context): void {
  program
    .command('sweep')
    .description(
      'Compare settings: run the same fault schedules at every setting of a grid; violation rates with 95% intervals, detection and restore times, flips, and the smallest safe setting. Exit 1 when a violation is found (with --recommend: when no setting is free of that property without making a safety property worse than the default), 2 on bad input. Exit 5 when a run never settles (a model oscillates): the sweep stops at the first such run and names it. 130 when Ctrl-C stopped a sweep that keeps a --checkpoint, 143 when SIGTERM did (resume it with --resume).',
    )
    .option('--model <name|file>', 'model to sweep')
    .option('--preset <name>', 'preset of the model (required when the model has several)')
    .option(
      '--topology <file>',
      'your own design (YAML/JSON topology file; its environment ranges are drawn per schedule) instead of --model/--preset',
    )
    .option(
      '--set <key=values>',
      `settings: ${setHelp('sweep', 'timeoutMs=30s,60s,90s --set hardFailoverMs=90s..120s')}`,
      collect,
      [],
    )
    .option(
      '--property <name>',
      "judge this property (repeatable); the model's safety properties are always judged too",
      collect,
      [],
    )
    .option(
      '--recommend <property>',
      'name the smallest setting with no violation of this property and no safety property worse than at the default, and its restore-time cost',
    )
    .option('--faults <kinds>', "fault kinds to draw, comma-separated (default: the preset's)")
    .addOption(countOption('--runs <n>', 'schedules, the same at every setting', COUNTS.sweepRuns, 1000))
    .addOption(countOption('--seed <n>', 'seed of the schedules and environment draws', COUNTS.seed, 1))
    .addOption(countOption('--max-faults <n>', 'faults per schedule', COUNTS.maxFaults, 1))
    .option('--no-repairs', 'never repair a fault once it happened')
    .option(
      '--threads <n>',
      withRange(
        'threads in all, this one included (default: one per core, at most 64, and one per 10 000 runs)',
        COUNTS.threads,
      ),
    )
    .option('--json', 'print JSON instead of the tables')
    .option(
      '--out <dir>',
      'write sweep.md, sweep.csv, sweep.html and the shortest flip of each kind (trace + page) there',
    )
    .option('--quiet', 'no progress bar')
    .option('--shard <i/n>', SHARD_HELP.sweep)
    .option(
      '--checkpoint <file>',
      'keep a checkpoint there (tallies so far; written every few seconds, at the end and on Ctrl-C) so an interrupted sweep can be resumed',
    )
    .option(
      '--resume <file>',
      "continue the sweep of that checkpoint, same result as an uninterrupted run (its flags are the checkpoint's; only --json, --out, --threads, --quiet may be added, and --checkpoint OTHER to keep checkpointing there instead; any other flag is refused)",
    )
    .addHelpText('after', examplesHelp('sweep'))
    .action((flags: SweepFlags, command: Command) =>
      cli.run(
        'sweep',
        (o) => runSweepCommand(flags, cli.argv, o.write, givenOptions(command), o.warn, o.tick, cli.colour),
        { label: 'sweeping', unit: 'runs', quiet: flags.quiet },
      ),
    );
}

function addAvailability(program: Command, cli: Context): void {
  program
    .command('availability')
    .description(
      'How many nines: simulate years of operation in which every component fails at its own rate and is repaired after its own repair time; per setting, downtime per year with a 95% interval, availability and nines per protected service and for the design, the split by cause, incidents per year of each property and the largest contributors; with several settings (the same failure histories at each) the one with least downtime and by how much. Exit 0 with the figures, 2 on bad input, 5 when an episode never settles (a model oscillates).',
    )
    .option('--model <name|file>', 'model of the design')
    .option('--preset <name>', 'preset of the model (required when the model has several)')
    .option(
      '--topology <file>',
      'your own design (YAML/JSON topology file; its environment ranges are drawn per episode) instead of --model/--preset',
    )
    .option(
      '--rates <file>',
      'failure rates and repair times (YAML/JSON, per kind and per component id; see docs/availability.md), merged over the built-in table',
    )
    .option(
      '--rate <kind|id=per-year>',
      'failures per year of a component kind (host, psu, nic, bond-member, switch, link, storage-power-cycle, storage-restart, storage-path, host-hang, app-crash, operator-step, fence-device) or of one component id, e.g. storage-power-cycle=0.5 or sw1=0.2 (repeatable)',
      collect,
      [],
    )
    .option('--set <key=values>', `settings: ${setHelp('sweep', 'timeoutMs=30s,120s')}`, collect, [])
    .option(
      '--years <n>',
      `nominal years of operation to simulate: ⌈N · Λ⌉ episodes, Λ the design's failures per year (default: ${DEFAULT_YEARS})`,
    )
    .option('--episodes <n>', withRange('episodes to simulate, instead of --years', COUNTS.episodes))
    .addOption(
      new Option(
        '--bias <θ>',
        'failure biasing: other components fail so that θ more failures are expected in an episode, weighted back by the likelihood ratio (0: plain Monte Carlo)',
      ).default(DEFAULT_BIAS),
    )
    .option(
      '--common-cause <β>',
      "fraction of each kind's failures that take every component of the kind at once (beta factor, 0 to 1, as in a rates file; default: the rates table's)",
    )
    .option('--faults <kinds>', 'component kinds that fail, comma-separated (default: every kind the design has)')
    .addOption(countOption('--seed <n>', 'seed of the failure histories', COUNTS.seed, 1))
    .option(
      '--threads <n>',
      withRange('threads in all, this one included (default: one per core, as the work pays for)', COUNTS.threads),
    )
    .option('--json', 'print JSON instead of the tables')
    .option('--out <dir>', 'write availability.json and availability.html there')
    .option('--quiet', 'no progress bar')
    .addHelpText('after', examplesHelp('availability'))
    .action((flags: AvailabilityFlags) =>
      cli.run('availability', (o) => runAvailabilityCommand(flags, o.write, o.tick, cli.colour), {
        label: 'simulating',
        unit: 'episode runs',
        quiet: flags.quiet,
      }),
    );
}

function addMerge(program: Command, cli: Context): void {
  program
    .command('merge')
    .description(
      'Join the --json documents of the shards of one check, sweep or explore (`--shard i/n`) into the document the unsharded command prints, and exit as it would have: 0 all hold, 1 a violation, 5 a run never settles (explore: all but timing fields and trace file names; counts as marked sums where the shard logs cannot be replayed exactly). Exit 2 when a shard is missing or given twice, the shards come from different runs, or a file is no shard.',
    )
    .argument('<file...>', "the shards' --json files, in any order")
    .addHelpText('after', examplesHelp('merge'))
    .action((files: string[]) =>
      cli.run('merge', (o) => runMerge(files, { write: o.write, warn: o.warn, colour: cli.colour })),
    );
}

function addConform(program: Command, cli: Context): void {
  program
    .command('conform')
    .description(
      'Run short fault schedules on the model and on the real daemons (network namespaces; needs root) and compare their role sequences. Exit 0 all agree, 1 a disagreement, 2 bad input, 4 real daemons cannot run here, 5 a modelled run never settles (a model oscillates).',
    )
    .option('--model <name>', 'model with a real counterpart (keepalived, pacemaker)')
    .option('--preset <name>', 'preset of the model (default: its first)')
    .option('--set <key=value>', `override a setting: ${setHelp('conform', 'advertIntMs=2s')}`, collect, [])
    .addOption(countOption('--runs <n>', 'schedules to draw', COUNTS.conformRuns, 3))
    .addOption(countOption('--seed <n>', 'seed of the draw', COUNTS.seed, 1))
    .addOption(
      countOption('--max-faults <n>', 'faults per schedule (each may be repaired)', COUNTS.conformMaxFaults, 2),
    )
    .addOption(
      new Option(
        '--tolerance <duration>',
        'largest accepted difference between a real and a modelled change (default: keepalived 300ms, pacemaker 1.5s; pacemaker placement 1 s more)',
      ),
    )
    .option(
      '--step <line>',
      'run this schedule (plan lines, e.g. "at 3s: partition n1|n2"; repeatable) --runs times instead of drawn ones',
      collect,
      [],
    )
    .addOption(
      countOption('--parallel <n>', 'real clusters run at once (each in its own namespaces)', COUNTS.parallel, 3),
    )
    .addOption(
      countOption(
        '--retries <n>',
        'real re-runs of a disagreeing schedule before it counts (each shown)',
        COUNTS.retries,
        1,
      ),
    )
    .option('--json', 'print JSON: one entry per schedule with schedule, agree, modelRoles, realRoles')
    .option('--out <dir>', 'where trace files of disagreements go', 'hafault-out')
    .option(
      '--cleanup',
      'only remove what killed conform runs left behind (namespaces, daemons, scratch folders of runs whose process is gone; every run does this first), then exit',
    )
    .option('--quiet', 'no progress bar')
    .addHelpText('after', examplesHelp('conform'))
    .action((flags: ConformFlags, command: Command) =>
      cli.run('conform', (o) => runConform(flags, o.write, o.stderr, o.tick, givenOptions(command)), {
        label: 'conforming',
        unit: 'schedules',
        quiet: flags.quiet,
      }),
    );
}
