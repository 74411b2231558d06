// An option that takes one value, given twice (`--model a … --model b`), is bad input: commander
// would keep the last one silently, and which one the user meant is a guess. Repeatable options
// (those that collect their values: --set, --property, --step) are exempt here; what they collect
// is checked for repeats where it is read. Flags without a value (`--json --json`) say the same
// thing twice and are let be.
import { CommanderError, type Command } from 'commander';
import { collect, EXIT_BAD_INPUT } from './common.js';

/** Each program's record of what it was given, cleared before each parse (a program may be parsed again in-process). */
const records = new WeakMap<Command, Map<string, string[]>[]>();

/**
 * For every command of the program (and the program itself), refuse a one-value option given twice;
 * call before each parse (listeners are added once per program, the record is cleared each time).
 */
export function refuseRepeatedOptions(
  program: Command,
  rootName: string,
  stderr: (text: string) => void = (text) => process.stderr.write(text),
): void {
  const known = records.get(program);
  if (known) {
    for (const seen of known) seen.clear();
    return;
  }
  records.set(
    program,
    [program, ...program.commands].map((command) =>
      watch(command, command === program ? rootName : command.name(), stderr),
    ),
  );
}

function watch(command: Command, name: string, stderr: (text: string) => void): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  for (const option of command.options) {
    if (!(option.required || option.optional) || option.parseArg === collect) continue;
    const flag = option.long ?? option.name();
    command.on(`option:${option.name()}`, (value: unknown) => {
      seen.set(flag, [...(seen.get(flag) ?? []), String(value)]);
    });
  }
  command.hook('preAction', () => {
    const lines = [...seen]
      .filter(([, values]) => values.length > 1)
      .map(
        ([flag, values]) =>
          `hafault ${name}: ${flag}: given ${values.length} times (${values.map((v) => `\`${v}\``).join(', then ')}); give it once`,
      );
    if (lines.length === 0) return;
    stderr(lines.join('\n') + '\n');
    throw new CommanderError(EXIT_BAD_INPUT, 'hafault.repeatedOption', lines.join('\n'));
  });
  return seen;
}
