// hafault's command line: `npm run hafault -- <command> …`. Exit codes: 0 all hold, 1 a violation
// found, 2 bad input, 3 a replay that did not reproduce (sweep: see runSweepCommand's exitCode).
import { Command, CommanderError } from 'commander';
import { runCheck } from './check.js';
import { badInputLines, collect, EXIT_BAD_INPUT } from './common.js';
import { modelsJson, renderModels } from './models.js';
import { runReplay } from './replay.js';
import { runSweepCommand } from './sweep.js';

const write = (s: string) => process.stdout.write(s);
const progress = (s: string) => {
  if (process.stderr.isTTY) process.stderr.write(`\r\u001b[K${s}`);
};

function guarded(command: string, body: () => number): void {
  try {
    process.exitCode = body();
  } catch (error) {
    const lines = badInputLines(command, error);
    if (lines === null) throw error;
    process.stderr.write(lines.join('\n') + '\n');
    process.exitCode = EXIT_BAD_INPUT;
  }
}

async function guardedAsync(command: string, body: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    const lines = badInputLines(command, error);
    if (lines === null) throw error;
    process.stderr.write(lines.join('\n') + '\n');
    process.exitCode = EXIT_BAD_INPUT;
  }
}

const program = new Command();
program
  .name('hafault')
  .description('Property-based fault injection for HA cluster designs: finds the fault schedules that fence healthy hosts, fence whole pools, or leave two servers active.')
  .showHelpAfterError()
  .exitOverride();

program
  .command('check')
  .description('Random search: throw fault schedules at every preset (or one) and judge every property. Exit 1 when a violation is found.')
  .option('--model <name>', 'model to check (default: every built-in model)')
  .option('--preset <name>', 'one preset of the model (default: all of them)')
  .option('--set <key=value>', 'override a setting, e.g. timeoutMs=120s (repeatable; see `models`)', collect, [])
  .option('--property <name>', 'judge only this property (repeatable)', collect, [])
  .option('--runs <n>', 'schedules per preset and property', '200')
  .option('--seed <n>', 'seed of the search (printed with every counterexample)', '1')
  .option('--max-faults <n>', 'faults per schedule (1: single-fault tolerance, the design goal)', '1')
  .option('--no-repairs', 'never repair a fault once it happened')
  .option('--json', 'print JSON instead of the table')
  .option('--out <dir>', 'where trace files (traces/), their pages (html/) and index.html go', 'reports/out')
  .action((flags) => guarded('check', () => runCheck(flags, write, progress)));

program
  .command('models')
  .description('List the built-in models: presets, settings with defaults and sources, faults, properties.')
  .option('--json', 'print JSON')
  .action((flags: { json?: boolean }) => guarded('models', () => {
    write(flags.json ? JSON.stringify(modelsJson(), null, 2) + '\n' : renderModels());
    return 0;
  }));

program
  .command('replay')
  .description('Re-run a trace file; exit 1 when it (still) violates, 3 when it no longer reproduces byte for byte.')
  .argument('<file>', 'a trace file written by check')
  .option('--timeline', 'print the per-component timeline')
  .option('--html <file>', 'write the trace report there: swimlanes per host and storage agent, faults, fences, the violation (self-contained HTML)')
  .option('--json', 'print JSON')
  .action((file: string, flags) => guarded('replay', () => runReplay(file, flags, write)));

program
  .command('sweep')
  .description('Compare settings: run the same fault schedules at every setting of a grid; violation rates with 95% intervals, detection and restore times, flips, and the smallest safe setting. Exit 1 when a violation is found (with --recommend: when no setting is free of that property).')
  .option('--model <name>', 'model to sweep')
  .option('--preset <name>', 'preset of the model (required when the model has several)')
  .option('--set <key=values>', 'key=v fixes a setting; key=v1,v2,… sweeps it; key=low..high draws it per schedule (an environment range, e.g. hardFailoverMs=90s..120s) (repeatable)', collect, [])
  .option('--property <name>', 'judge only this property (repeatable)', collect, [])
  .option('--recommend <property>', 'name the smallest setting with no violation of this property, and its restore-time cost against the default')
  .option('--faults <kinds>', 'fault kinds to draw, comma-separated (default: the preset\'s)')
  .option('--runs <n>', 'schedules, the same at every setting', '1000')
  .option('--seed <n>', 'seed of the schedules and environment draws', '1')
  .option('--max-faults <n>', 'faults per schedule', '1')
  .option('--no-repairs', 'never repair a fault once it happened')
  .option('--threads <n>', 'threads in all, this one included (default: one per core; 1 for small sweeps)')
  .option('--json', 'print JSON instead of the tables')
  .option('--out <dir>', 'write sweep.md, sweep.csv, sweep.html and the shortest flip of each kind (trace + page) there')
  .option('--quiet', 'no progress bar')
  .action((flags) => guardedAsync('sweep', () => runSweepCommand(flags, process.argv.slice(2), write)));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    throw error;
  }
}
