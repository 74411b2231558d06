// The library API runs the command line in-process (runCli) with `--json`, so a function returns
// exactly what the command prints: one implementation, one set of refusals, one JSON shape. This is
// the one place that turns a command's exit code into a result or a thrown error. Calls run one at
// a time: a command installs the user's models (hafault.config.ts, `model: './mine.ts'`) for its
// duration, so two at once in one process would see each other's.
import { runCli } from '../cli/program.js';

/** Bad input (exit 2): `problems` are the lines the command printed, one per problem. */
export class HafaultInputError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'HafaultInputError';
    this.problems = problems;
  }
}

/** A command that failed for another reason: a write the disk refused (74), a bug in hafault (70), … */
export class HafaultError extends Error {
  readonly exitCode: number;
  constructor(exitCode: number, message: string) {
    super(message);
    this.name = 'HafaultError';
    this.exitCode = exitCode;
  }
}

/** What a command answered: its `--json` document, its exit code, and the lines it printed on stderr. */
export interface Answer<Result> {
  /** The command's exit code: 0 all hold, 1 a violation, 3 not reproduced, 5 a run never settles. */
  readonly exitCode: number;
  readonly result: Result;
  /** Warnings and `wrote …` lines the command printed on stderr. */
  readonly notes: readonly string[];
}

const EXIT_BAD_INPUT = 2;
/** The codes after which a command has printed its JSON document. */
const ANSWERED = new Set([0, 1, 3, 4, 5]);

let queue: Promise<unknown> = Promise.resolve();

/** Runs `hafault <argv> --json` in this process, after the calls before it; bad input and failures throw. */
export function callCli<Result>(argv: readonly string[]): Promise<Answer<Result>> {
  const answer = queue.then(() => callNow<Result>(argv));
  queue = answer.catch(() => undefined);
  return answer;
}

async function callNow<Result>(argv: readonly string[]): Promise<Answer<Result>> {
  let stdout = '';
  let stderr = '';
  const exitCode = await runCli([...argv, '--json'], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  const lines = stderr.split('\n').filter((line) => line !== '');
  if (exitCode === EXIT_BAD_INPUT) throw new HafaultInputError(lines);
  if (!ANSWERED.has(exitCode) || stdout === '')
    throw new HafaultError(exitCode, lines.join('\n') || `hafault ${argv[0]} exited ${exitCode}`);
  return { exitCode, result: JSON.parse(stdout) as Result, notes: lines };
}
