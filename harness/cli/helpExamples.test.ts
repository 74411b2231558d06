// Every example a command's --help shows is run as it is shown (in-process, in an empty scratch
// folder: the examples' paths lead from there to hafault's own files): exit 0 or 1, never 2 (bad input). conform's
// examples that start real daemons are only parsed and their input checked: a real run needs root
// and takes minutes (harness/runners/conform/real.test.ts runs real daemons).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplesHelp } from './helpExamples.js';
import { runCli } from './program.js';

const root = join(import.meta.dirname, '..', '..');
const COMMANDS = ['check', 'explore', 'spof', 'models', 'replay', 'run', 'sweep', 'availability', 'merge', 'conform'];

/** A help text with its wrapped lines joined (commander wraps at 80 columns). */
const joined = (text: string) => text.replace(/\s+/g, ' ');

async function cli(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** A shown command line as arguments: words, and "…" quoting one. */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}

/** The `npx hafault …` lines under a help's `Examples:` heading. */
function examples(help: string): string[][] {
  const after = help.split('\nExamples:\n')[1] ?? '';
  return after
    .split('\n')
    .filter((l) => l.startsWith('  npx hafault '))
    .map((l) => words(l).slice(2));
}

describe('the examples in --help', () => {
  const home = process.cwd();
  beforeAll(() => {
    process.chdir(mkdtempSync(join(tmpdir(), 'hafault-examples-')));
  });
  afterAll(() => process.chdir(home));

  it.each(COMMANDS)('%s: 2 to 4 examples of itself, each ending 0 or 1', { timeout: 240_000 }, async (command) => {
    const help = await cli([command, '--help']);
    expect(help.code).toBe(0);
    const shown = examples(help.stdout);
    expect(shown.length).toBeGreaterThanOrEqual(2);
    expect(shown.length).toBeLessThanOrEqual(4);
    for (const argv of shown) {
      expect(argv[0]).toBe(command);
      const real = command === 'conform' && !argv.includes('--cleanup');
      // Input checked, nothing real started: --cleanup refuses the flags it does not take, one line each.
      const r = await cli(real ? [...argv, '--cleanup'] : argv);
      if (real) {
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/^(hafault conform: --\S+: not taken beside --cleanup[^\n]*\n)+$/);
      } else expect([0, 1], `${argv.join(' ')}: ${r.stderr}`).toContain(r.code);
    }
  });
});

describe("the examples' paths", () => {
  it('lead from the folder a command runs in to the files hafault ships: none in the root, node_modules/hafault in a project', () => {
    expect(examplesHelp('check', root)).toContain(' --topology examples/xenserver-ha/two-host.yaml ');
    const project = join(root, 'node_modules', '.cache', 'x');
    expect(examplesHelp('check', project)).toContain(' --topology ../../../examples/xenserver-ha/two-host.yaml ');
    expect(examplesHelp('replay', join(root, 'a b', 'c'))).toContain(
      'npx hafault replay ../../properties/corpus/ka-2-partition-dual-master.json --timeline',
    );
    expect(examplesHelp('check', '/')).toContain(`${root.slice(1)}/examples/xenserver-ha/two-host.yaml`);
  });
});

describe('--help', () => {
  it.each(COMMANDS)('%s shows its numeric defaults as numbers', async (command) => {
    const help = await cli([command, '--help']);
    expect(help.code).toBe(0);
    expect(joined(help.stdout)).not.toMatch(/\(default: "\d/);
  });

  it('shows the numbers check, explore and conform default to', async () => {
    expect(joined((await cli(['check', '--help'])).stdout)).toMatch(/--runs <n> [^-]*\(default: 200\)/);
    expect(joined((await cli(['explore', '--help'])).stdout)).toMatch(/--max-states <n> [^-]*\(default: 1000000\)/);
    expect(joined((await cli(['conform', '--help'])).stdout)).toMatch(/--parallel <n> [^-]*\(default: 3\)/);
  });
});
