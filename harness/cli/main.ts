// hafault's command line: `npx hafault <command> …`. The commands are in program.ts; this shell
// gives them the process's streams and arguments and sets the exit code (see program.ts for the codes).
import { ignoreClosedPipes } from './guard.js';
import { colourFor } from './colour.js';
import { runCli } from './program.js';

const argv = process.argv.slice(2);
// A reader that leaves early (`hafault models --json | head`) is not an error of ours: the rest of
// the output is dropped, the command ends as it would have, and no stack trace is printed.
ignoreClosedPipes(argv[0] ?? '');

// Colour and progress are decided here, once, from the streams the text goes to and the environment.
process.exitCode = await runCli(argv, {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  colour: colourFor(process.stdout, process.env),
  progressTo: process.stderr,
});
