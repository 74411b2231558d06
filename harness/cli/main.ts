// hafault's command line: `npm run hafault -- <command> …`. Exit codes: 0 all hold, 1 a violation
// found, 2 bad input, 3 a replay that did not reproduce.
import { Command, CommanderError } from 'commander';
import { runCheck } from './check.js';
import { runConform } from './conform.js';
import { badInputLines, collect, EXIT_BAD_INPUT } from './common.js';
import { modelsJson, renderModels } from './models.js';
import { runReplay } from './replay.js';

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
  .option('--out <dir>', 'where trace files go', 'reports/out')
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
  .option('--json', 'print JSON')
  .action((file: string, flags) => guarded('replay', () => runReplay(file, flags, write)));

program
  .command('conform')
  .description('Run short fault schedules on the model and on the real daemons (network namespaces; needs root) and compare their role sequences. Exit 0 all agree, 1 a disagreement, 2 bad input, 4 real daemons cannot run here.')
  .option('--model <name>', 'model with a real counterpart (keepalived)')
  .option('--preset <name>', 'preset of the model (default: its first)')
  .option('--set <key=value>', 'override a setting, e.g. advertIntMs=2s (repeatable)', collect, [])
  .option('--runs <n>', 'schedules to draw', '3')
  .option('--seed <n>', 'seed of the draw', '1')
  .option('--max-faults <n>', 'faults per schedule (each may be repaired)', '2')
  .option('--tolerance <duration>', 'largest accepted difference between a real and a modelled role change', '300ms')
  .option('--parallel <n>', 'real clusters run at once (each in its own namespaces)', '3')
  .option('--retries <n>', 'real re-runs of a disagreeing schedule before it counts (each shown)', '1')
  .option('--json', 'print JSON: one entry per schedule with schedule, agree, modelRoles, realRoles')
  .option('--out <dir>', 'where trace files of disagreements go', 'reports/out')
  .action(async (flags) => {
    try {
      process.exitCode = await runConform(flags, write, (s) => process.stderr.write(s), progress);
    } catch (error) {
      const lines = badInputLines('conform', error);
      if (lines === null) throw error;
      process.stderr.write(lines.join('\n') + '\n');
      process.exitCode = EXIT_BAD_INPUT;
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  } else {
    throw error;
  }
}
