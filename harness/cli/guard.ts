// How every command ends: with the exit code its body returns, or, when it throws bad input (exit 2)
// or a run that never settles that the command does not report itself (exit 5), with one line per
// problem on stderr, never a stack trace. Shared by `hafault` (program.ts) and `npm run soak` (soakMain.ts).
import { CommanderError, type Command } from 'commander';
import { badInputLines, EXIT_BAD_INPUT, EXIT_OSCILLATION, oscillationLines } from './common.js';

const processStderr = (text: string) => {
  process.stderr.write(text);
};

/** The exit code for what a command threw, its lines printed; anything else is a bug and is rethrown. */
function failed(command: string, error: unknown, stderr: (text: string) => void): number {
  const oscillating = oscillationLines(command, error);
  const lines = oscillating ?? badInputLines(command, error);
  if (lines === null) throw error;
  stderr(lines.join('\n') + '\n');
  return oscillating ? EXIT_OSCILLATION : EXIT_BAD_INPUT;
}

/** Runs a command's body (synchronous or not) and returns its exit code; its refusals go to `stderr`. */
export async function exitCodeOf(
  command: string,
  body: () => number | Promise<number>,
  stderr: (text: string) => void = processStderr,
): Promise<number> {
  try {
    return await body();
  } catch (error) {
    return failed(command, error, stderr);
  }
}

/** Runs a command's body and sets the process's exit code from it. */
export async function guarded(command: string, body: () => number | Promise<number>): Promise<void> {
  process.exitCode = await exitCodeOf(command, body);
}

/** The exit code of commander's own refusals (an unknown option): 2, `--help` 0; anything else is rethrown. */
export function commanderExitCode(error: unknown): number {
  if (!(error instanceof CommanderError)) throw error;
  return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
}

/** Parses the process's command line and runs the command (`npm run soak`). */
export async function runProgram(program: Command): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = commanderExitCode(error);
  }
}
