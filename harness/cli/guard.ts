// How every command ends: with the exit code its body returns, or, when it throws bad input (exit 2)
// or a run that never settles that the command does not report itself (exit 5), with one line per
// problem on stderr, never a stack trace. Anything else is a bug in hafault: one line asking for a
// report, exit 70 (a Node stack trace exits 1, which reads as "violation found"); HAFAULT_DEBUG=1
// adds the stack. A reader that closes the pipe early (`… --json | head`) ends nothing but the
// output. Shared by `hafault` (main.ts) and `npm run soak` (soakMain.ts).
import { CommanderError, type Command } from 'commander';
import { badInputLines, EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OSCILLATION, oscillationLines } from './common.js';
import { refuseRepeatedOptions } from './repeats.js';

/** The one line a bug is reported with (and its stack under HAFAULT_DEBUG=1). */
export function internalErrorText(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = `hafault${command === '' ? '' : ` ${command}`}: internal error: ${message.split('\n')[0]} — please report it, with the command line\n`;
  const stack = error instanceof Error ? error.stack : undefined;
  return process.env.HAFAULT_DEBUG === '1' && stack !== undefined ? `${line}${stack}\n` : line;
}

/** The exit code for what a command threw, its lines printed. */
function failed(command: string, error: unknown): number {
  const oscillating = oscillationLines(command, error);
  const lines = oscillating ?? badInputLines(command, error);
  if (lines === null) {
    process.stderr.write(internalErrorText(command, error));
    return EXIT_INTERNAL;
  }
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

/** A closed pipe on stdout or stderr: the rest of the output goes nowhere; the command still ends with its code. */
function ignoreClosedPipes(command: string): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      if (stream === process.stdout) process.stderr.write(internalErrorText(command, error));
      process.exit(EXIT_INTERNAL);
    });
  }
}

/**
 * Parses the command line and runs the command; commander's own refusals (an unknown option) and a
 * one-value option given twice exit 2, `--help` 0. `command` names the program in messages (default: the subcommand being run, if any).
 */
export async function runProgram(program: Command, command?: string): Promise<void> {
  const asked = process.argv[2];
  command ??= program.commands.some((c) => c.name() === asked) ? asked : '';
  ignoreClosedPipes(command);
  refuseRepeatedOptions(program, command || program.name());
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    if (!(error instanceof CommanderError)) {
      process.stderr.write(internalErrorText(command, error));
      process.exitCode = EXIT_INTERNAL;
      return;
    }
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  }
}
