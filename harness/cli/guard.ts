// How every command ends: with the exit code its body returns, or, when it throws bad input (exit 2)
// or a run that never settles that the command does not report itself (exit 5), with one line per
// problem on stderr, never a stack trace. Shared by `hafault` (main.ts) and `npm run soak` (soakMain.ts).
import { CommanderError, type Command } from 'commander';
import { badInputLines, EXIT_BAD_INPUT, EXIT_OSCILLATION, oscillationLines } from './common.js';
import { refuseRepeatedOptions } from './repeats.js';

/** The exit code for what a command threw, its lines printed; anything else is a bug and is rethrown. */
function failed(command: string, error: unknown): number {
  const oscillating = oscillationLines(command, error);
  const lines = oscillating ?? badInputLines(command, error);
  if (lines === null) throw error;
  process.stderr.write(lines.join('\n') + '\n');
  return oscillating ? EXIT_OSCILLATION : EXIT_BAD_INPUT;
}

/** Runs a command's body (synchronous or not) and sets the process's exit code from it. */
export async function guarded(command: string, body: () => number | Promise<number>): Promise<void> {
  try {
    process.exitCode = await body();
  } catch (error) {
    process.exitCode = failed(command, error);
  }
}

/**
 * Parses the command line and runs the command; commander's own refusals (an unknown option) and a
 * one-value option given twice exit 2, `--help` 0. `rootName` names the program's own action in messages.
 */
export async function runProgram(program: Command, rootName = program.name()): Promise<void> {
  refuseRepeatedOptions(program, rootName);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  }
}
