// How every command ends: with the exit code its body returns, or, when it throws bad input (exit 2)
// or a run that never settles that the command does not report itself (exit 5), with one line per
// problem on stderr, never a stack trace. A write the disk refuses (full, read-only, an I/O error;
// a file or stdout) is no bug: one line naming what could not be written, exit 74. Anything else is a bug in hafault: one line asking for a
// report, exit 70 (a Node stack trace exits 1, which reads as "violation found"); HAFAULT_DEBUG=1
// adds the stack. A reader that closes the pipe early (`… --json | head`) ends nothing but the
// output. Shared by `hafault` (program.ts, main.ts) and `npm run soak` (soakMain.ts).
import { CommanderError, type Command } from 'commander';
import { diskFailureOf, WriteFailedError } from '../runners/files.js';
import {
  badInputLines,
  EXIT_BAD_INPUT,
  EXIT_INTERNAL,
  EXIT_IO_ERROR,
  EXIT_OSCILLATION,
  oscillationLines,
} from './common.js';
import { refuseRepeatedOptions } from './repeats.js';

const processStderr = (text: string) => {
  process.stderr.write(text);
};

/** The one line a bug is reported with (and its stack under HAFAULT_DEBUG=1). */
export function internalErrorText(command: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = `hafault${command === '' ? '' : ` ${command}`}: internal error: ${message.split('\n')[0]} — please report it, with the command line\n`;
  const stack = error instanceof Error ? error.stack : undefined;
  return process.env.HAFAULT_DEBUG === '1' && stack !== undefined ? `${line}${stack}\n` : line;
}

/** The line of a write the disk refused (a file hafault writes, or stdout), or null for anything else. */
export function diskFailureLine(command: string, error: unknown, what?: string): string | null {
  const prefix = `hafault${command === '' ? '' : ` ${command}`}`;
  if (error instanceof WriteFailedError) return `${prefix}: ${error.message}`;
  const failure = diskFailureOf(error);
  if (failure === null) return null;
  const path = what ?? (error as NodeJS.ErrnoException).path ?? 'a file';
  return `${prefix}: could not write ${path}: ${failure}`;
}

/** The exit code for what a command threw, its lines printed to `stderr`. */
function failed(command: string, error: unknown, stderr: (text: string) => void): number {
  const disk = diskFailureLine(command, error);
  if (disk !== null) {
    stderr(`${disk}\n`);
    return EXIT_IO_ERROR;
  }
  const oscillating = oscillationLines(command, error);
  const lines = oscillating ?? badInputLines(command, error);
  if (lines === null) {
    stderr(internalErrorText(command, error));
    return EXIT_INTERNAL;
  }
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

/**
 * The exit code of what parsing the command line threw: commander's own refusals (an unknown
 * option, a one-value option given twice) 2, `--help` 0; anything else is a bug (70, its line printed).
 */
export function commanderExitCode(
  error: unknown,
  command = '',
  stderr: (text: string) => void = processStderr,
): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  stderr(internalErrorText(command, error));
  return EXIT_INTERNAL;
}

/** A closed pipe on stdout or stderr: the rest of the output goes nowhere; the command still ends with its code. */
export function ignoreClosedPipes(command: string): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
      const disk = diskFailureLine(command, error, stream === process.stdout ? 'standard output' : 'standard error');
      if (stream === process.stdout)
        process.stderr.write(disk === null ? internalErrorText(command, error) : `${disk}\n`);
      process.exit(disk === null ? EXIT_INTERNAL : EXIT_IO_ERROR);
    });
  }
}

/**
 * Parses the process's command line and runs the command (`npm run soak`); `command` names the
 * program in messages.
 */
export async function runProgram(program: Command, command: string): Promise<void> {
  ignoreClosedPipes(command);
  refuseRepeatedOptions(program, command);
  try {
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = commanderExitCode(error, command);
  }
}
