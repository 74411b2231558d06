// `npm run soak`: the long search behind every "clean" in the README (harness/cli/soak.ts). Its own
// entry point, not part of `npm test` nor of `hafault`'s everyday commands.
import { Command, Option } from 'commander';
import { colourFor } from './colour.js';
import { COUNTS, withRange } from './counts.js';
import { guarded, runProgram } from './guard.js';
import { installCommandModels } from '../runners/userModels/sources.js';
import { FULL_RUNS, QUICK_RUNS, runSoakCommand, type SoakFlags } from './soak.js';

const program = new Command();
program
  .name('npm run soak --')
  .description(
    'Soak: every built-in model × preset (XenServer HA at both profiles, each at its default timeout and at 120 s), ' +
      `${FULL_RUNS.toLocaleString('en-US')} schedules of up to 2 faults with repairs in all, one simulation per schedule judging every property. ` +
      'Prints a table per target and every finding shrunk, with its trace file and replay command; writes soak.json and soak.md. ' +
      'Exit 1 when a target the README calls clean has a finding (or a simulation crashed), 0 otherwise, 2 on bad input.',
  )
  .option('--runs <n>', withRange(`schedules in all, shared out by weight (default ${FULL_RUNS})`, COUNTS.soakRuns))
  .option('--quick', `a smoke run (${QUICK_RUNS.toLocaleString('en-US')} schedules, about 30 s here)`)
  .option('--model <name|file>', "only this model's targets (a file: your own model)")
  .option('--preset <name>', "only this preset's targets")
  .option(
    '--threads <n>',
    withRange(
      'threads in all, this one included (default: one per core, at most 64, and one per 10 000 runs)',
      COUNTS.threads,
    ),
  )
  .addOption(
    new Option(
      '--seed <n>',
      withRange("seed every target's schedules derive from; `random` draws one (printed first)", COUNTS.seed),
    ).default(1),
  )
  .option('--out <dir>', 'where soak.json, soak.md and traces/ go', 'hafault-out/soak')
  .option('--json', 'print soak.json instead of the table')
  .option('--quiet', 'no progress bar')
  .showHelpAfterError()
  .exitOverride()
  .action((flags: SoakFlags) =>
    guarded('soak', async () =>
      runSoakCommand(
        // The user's models (hafault.config.* here, `--model FILE`) join the built-in ones.
        { ...flags, model: await installCommandModels(process.cwd(), flags.model) },
        process.argv.slice(2),
        (s) => process.stdout.write(s),
        (l) => process.stderr.write(`${l}\n`),
        { colour: colourFor(process.stdout, process.env), progressTo: process.stderr },
      ),
    ),
  );

await runProgram(program, 'soak');
