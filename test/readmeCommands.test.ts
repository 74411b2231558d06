// The README's command table against the CLI itself: every command `hafault --help` lists (and the
// soak, `npm run soak`) has one row, and each row names exactly the options that command's `--help`
// lists. A command or option added, renamed or removed fails here until the README says so.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const MAIN = 'harness/cli/main.ts';
const SOAK = 'harness/cli/soakMain.ts';

async function help(script: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(tsx, [join(root, script), ...args, '--help'], {
    cwd: root,
    encoding: 'utf8',
  });
  return stdout;
}

/** The lines of one section of commander's help (`Options:`, `Commands:`), up to the next blank line. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === title);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Subcommand names of a help text (not `help`). Descriptions wrap onto deeper-indented lines. */
export function helpCommands(text: string): string[] {
  return section(text, 'Commands:')
    .flatMap((l) => /^ {2}([a-z][\w-]*)/.exec(l)?.[1] ?? [])
    .filter((c) => c !== 'help');
}

/** Long option names of a help text (not `--help`). */
export function helpOptions(text: string): string[] {
  return section(text, 'Options:')
    .flatMap((l) => /^ {2}(?:-\w, )?(--[\w-]+)/.exec(l)?.[1] ?? [])
    .filter((o) => o !== '--help');
}

/** The README's command table: command name (`npm run soak` → `soak`) → the options its row names. */
export function readmeTable(readme: string): Map<string, string[]> {
  const from = readme.indexOf('\n## Commands');
  const to = readme.indexOf('\n## ', from + 1);
  const rows = new Map<string, string[]>();
  for (const line of readme.slice(from, to < 0 ? undefined : to).split('\n')) {
    const cells = line.split(/(?<!\\)\|/).slice(1, -1);
    const name = /^\s*`(?:npm run )?([a-z][\w-]*)/.exec(cells[0] ?? '')?.[1];
    if (!name || name === 'command') continue;
    rows.set(
      name,
      [...(cells[1] ?? '').matchAll(/--[a-z][\w-]*/g)].map((m) => m[0]),
    );
  }
  return rows;
}

describe('README command table', () => {
  const expected = new Map<string, string[]>();
  beforeAll(async () => {
    const commands = helpCommands(await help(MAIN));
    const texts = await Promise.all(commands.map((c) => help(MAIN, c)));
    commands.forEach((c, i) => expected.set(c, helpOptions(texts[i])));
    if (!expected.has('soak') && existsSync(join(root, SOAK))) expected.set('soak', helpOptions(await help(SOAK)));
  }, 120_000);

  it('reads the commands and options from --help', () => {
    // Guards against a parser that silently reads nothing.
    expect([...expected.keys()]).toEqual(
      expect.arrayContaining(['check', 'replay', 'sweep', 'run', 'spof', 'explore', 'models', 'conform', 'soak']),
    );
    expect(expected.get('check')).toEqual(expect.arrayContaining(['--model', '--set', '--no-repairs', '--max-faults']));
  });

  it('has one row per command, and no row for a command that does not exist', () => {
    const table = readmeTable(readFileSync(join(root, 'README.md'), 'utf8'));
    expect([...table.keys()].sort()).toEqual([...expected.keys()].sort());
  });

  it("each row names exactly the options its command's --help lists", () => {
    const table = readmeTable(readFileSync(join(root, 'README.md'), 'utf8'));
    const problems: string[] = [];
    for (const [command, options] of expected) {
      const row = table.get(command) ?? [];
      for (const o of options) if (!row.includes(o)) problems.push(`${command}: README omits ${o}`);
      for (const o of row)
        if (!options.includes(o)) problems.push(`${command}: README lists ${o}, which --help does not`);
    }
    expect(problems).toEqual([]);
  });

  it("the parsers read commander's layout (wrapped lines, short flags, negations)", () => {
    const text =
      'Usage: x\n\nOptions:\n  --model <name>     a model that\n                     wraps --not-an-option\n  --no-repairs       never\n  -h, --help         help\n\nCommands:\n  check [options]    search\n                     more text\n  help [command]     help\n';
    expect(helpOptions(text)).toEqual(['--model', '--no-repairs']);
    expect(helpCommands(text)).toEqual(['check']);
    const readme =
      '# x\n\n## Commands\n\n| command | options |\n|---|---|\n| `check` | `--model M` `--set k=v1,v2\\|lo..hi` |\n| `npm run soak` | `--quick` |\n\n## Next\n\n| `other` | `--x` |\n';
    expect([...readmeTable(readme)]).toEqual([
      ['check', ['--model', '--set']],
      ['soak', ['--quick']],
    ]);
  });
});
