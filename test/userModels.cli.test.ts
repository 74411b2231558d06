// A model written in the user's own repo, through the command line: `--model ./file.ts` and a
// hafault.config.ts in the folder the command runs in. The STONITH pair (test/models/stonithPair/,
// registered nowhere) is the user's model here: its test says `stonithEnabled=false` lets a node take
// the service over while it still runs elsewhere (`noTakeoverWhileRunning`), and STONITH prevents it.
// Commands whose folder matters (the config) run as child processes in a temporary folder; the rest
// run in-process. If a runner stops consulting the user's models, or a worker thread does not load
// them, these tests fail.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../harness/cli/program.js';
import { catalogueModels } from '../harness/runners/userModels/catalogue.js';
import { MODELS } from '../models/registry.js';

const root = join(import.meta.dirname, '..');
const pairModule = join(root, 'test/models/stonithPair/index.ts');
const search = ['--runs', '60', '--seed', '1', '--max-faults', '1', '--property', 'noTakeoverWhileRunning'];

async function cli(argv: readonly string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** `npx hafault …` run in `cwd`, as a user would from their repo. */
function hafault(cwd: string, args: readonly string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/hafault.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary folder holding `files` (name → text). */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hafault-user-models-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const renamedPair = (name: string) =>
  `import { stonithPair } from ${JSON.stringify(pairModule)};\nexport default { ...stonithPair, name: ${JSON.stringify(name)} };\n`;

describe('check --model ./path/to/model.ts', () => {
  it('judges the STONITH pair as its own test does: its property holds with STONITH, breaks without', async () => {
    const model = ['--model', './test/models/stonithPair/index.ts', '--preset', 'pair', '--json', '--out', tmpdir()];
    const safe = await cli(['check', ...model, ...search]);
    expect(safe.stderr).toBe('');
    expect(safe.code).toBe(0);
    const unsafe = await cli(['check', ...model, ...search, '--set', 'stonithEnabled=false']);
    expect(unsafe.code).toBe(1);
    const json = JSON.parse(unsafe.stdout) as { results: { model: string; property: string; status: string }[] };
    expect(json.results.map((r) => [r.model, r.property, r.status])).toEqual([
      ['stonith-pair', 'noTakeoverWhileRunning', 'violated'],
    ]);
  });

  it('leaves no user model behind for the next command', async () => {
    const listed = await cli(['models', '--model', pairModule]);
    expect(listed.stdout).toMatch(/^stonith-pair 0 — .*\n {2}your model, from .*stonithPair\/index\.ts\n/);
    expect(listed.stdout).not.toMatch(/^keepalived/m);
    expect(catalogueModels()).toBe(MODELS);
    const after = await cli(['check', '--model', 'stonith-pair', '--runs', '1']);
    expect([after.code, after.stderr]).toEqual([2, expect.stringMatching(/unknown model `stonith-pair`/)]);
  });

  it('sweep gives the same answer on two threads as on one (the worker loads the model too)', async () => {
    const sweep = (...more: string[]) =>
      cli([
        'sweep',
        ...['--model', pairModule, '--preset', 'pair', '--set', 'deadTimeMs=3s,5s,8s', '--runs', '40', '--seed', '7'],
        ...['--json', '--quiet', '--out', mkdtempSync(join(tmpdir(), 'um-sweep-')), ...more],
      ]);
    const one = await sweep('--threads', '1');
    // With a checkpoint this thread only hands slices out: the worker thread runs every schedule.
    const checkpoint = join(mkdtempSync(join(tmpdir(), 'um-sweep-')), 'sweep.json');
    const two = await sweep('--threads', '2', '--checkpoint', checkpoint);
    expect([one.stderr, two.stderr]).toEqual(['', '']);
    const tallies = (text: string) =>
      (JSON.parse(text) as { settings: { values: unknown; runs: number; properties: unknown }[] }).settings.map((s) => [
        s.values,
        s.runs,
        s.properties,
      ]);
    expect(tallies(one.stdout)).toHaveLength(3);
    expect(tallies(one.stdout)[0][1]).toBe(40);
    expect(tallies(two.stdout)).toEqual(tallies(one.stdout));
    expect(two.code).toBe(one.code);
  });

  it('a trace of a user model replays with --model FILE, and is refused without it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'um-replay-'));
    const found = await cli([
      'check',
      ...['--model', pairModule, '--preset', 'pair', '--set', 'stonithEnabled=false', '--out', out, ...search],
    ]);
    expect(found.code).toBe(1);
    const trace = join(out, 'traces', 'stonith-pair.pair.stonithEnabled=false.noTakeoverWhileRunning.json');
    // The replay command printed beside the trace repeats --model FILE, and runs as printed.
    const printed = /replay: npx hafault (replay .*)$/m.exec(found.stdout)![1].split(' ');
    expect(printed).toEqual(['replay', trace, '--model', pairModule, '--timeline']);
    const replayed = await cli(printed);
    expect([replayed.code, replayed.stderr]).toEqual([1, '']);
    expect(replayed.stdout).toMatch(/reproduced/);
    const refused = await cli(['replay', trace]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /unknown model `stonith-pair`.*a model of your own: give `--model \.\/its-file\.ts`/,
    );
  });
});

describe('bad user models: exit 2, one line naming the file', () => {
  const dir = folder({
    'nothing.ts': 'export const a = 1;\nexport function b() {}\n',
    'throws.ts': "throw new Error('the lab is closed\\nsecond line');\n",
    'broken.ts': 'export const x = ;\n',
    'clash.ts': renamedPair('keepalived'),
  });
  const cases: [string, string, RegExp][] = [
    ['a missing file', './missing.ts', /^\.\/missing\.ts: no such file$/],
    ['no Model export', join(dir, 'nothing.ts'), /nothing\.ts: exports no hafault Model \(found: a, b\)/],
    ['a module that throws', join(dir, 'throws.ts'), /throws\.ts: cannot load it: the lab is closed$/],
    ['a module that does not compile', join(dir, 'broken.ts'), /broken\.ts: cannot load it: .*broken\.ts:1:\d+: ERROR/],
    ['a built-in name', join(dir, 'clash.ts'), /clash\.ts: name: `keepalived` is a built-in model's name/],
  ];
  for (const [what, spec, line] of cases)
    it(what, async () => {
      const r = await cli(['check', '--model', spec, '--runs', '1']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(line);
    });

  it('a model whose preset does not fit its own settings', async () => {
    const bad = folder({
      'bad.ts': `import { stonithPair } from ${JSON.stringify(pairModule)};\nexport default { ...stonithPair, name: 'odd-pair', presets: [{ ...stonithPair.presets[0], config: { deadTimeMs: -5 } }] };\n`,
    });
    const r = await cli(['check', '--model', join(bad, 'bad.ts'), '--runs', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.ts: odd-pair: presets\[0\] \(pair\): deadTimeMs/);
  });
});

describe('hafault.config.ts in the folder a command runs in', () => {
  const config = (models: string) =>
    `import { stonithPair } from ${JSON.stringify(pairModule)};\nexport default { models: ${models} };\n`;

  it('adds its models by name to check, models and topology files', () => {
    const dir = folder({
      'hafault.config.ts': config("['./renamed.ts', { ...stonithPair, name: 'inline-pair' }]"),
      'renamed.ts': renamedPair('my-pair'),
      'pair.yaml': [
        'model: my-pair',
        'name: my-own-pair',
        'hosts:',
        '  - {id: a, nics: [{id: eth0, network: management, switch: lan}]}',
        '  - {id: b, nics: [{id: eth0, network: management, switch: lan}]}',
        'switches: [{id: lan}]',
        'services: [{id: app, home: a, priority: restart, rtoMs: 60000}]',
        'fenceDevices:',
        '  - {id: bmc-a, host: a, switch: lan, actionMs: 2000}',
        '  - {id: bmc-b, host: b, switch: lan, actionMs: 2000}',
        'settings: {stonithEnabled: false}',
        '',
      ].join('\n'),
    });
    const listed = hafault(dir, ['models']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^my-pair 0 — .*\n {2}your model, from .*renamed\.ts$/m);
    expect(listed.stdout).toMatch(/^inline-pair 0 — .*\n {2}your model, from .*hafault\.config\.ts$/m);
    const named = hafault(dir, [
      'check',
      '--model',
      'my-pair',
      '--preset',
      'pair',
      '--set',
      'stonithEnabled=false',
      ...search,
    ]);
    expect([named.code, named.stderr]).toEqual([1, '']);
    expect(named.stdout).toMatch(/my-pair\/pair: noTakeoverWhileRunning/);
    // Its trace replays in the same folder without --model: the config names the model.
    const replayed = hafault(dir, [
      'replay',
      'hafault-out/traces/my-pair.pair.stonithEnabled=false.noTakeoverWhileRunning.json',
    ]);
    expect([replayed.code, replayed.stderr]).toEqual([1, '']);
    const designed = hafault(dir, ['check', '--topology', 'pair.yaml', ...search]);
    expect([designed.code, designed.stderr]).toEqual([1, '']);
    expect(designed.stdout).toMatch(/my-pair\/my-own-pair: noTakeoverWhileRunning/);
    // The schema knows the user's model's settings: a mistyped one is placed and named.
    writeFileSync(
      join(dir, 'typo.yaml'),
      readFileSync(join(dir, 'pair.yaml'), 'utf8').replace('stonithEnabled', 'stonithEnabld'),
    );
    const typo = hafault(dir, ['check', '--topology', 'typo.yaml', '--runs', '1']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/typo\.yaml:\d+:\d+: settings.*stonithEnabld/);
  });

  it('a broken config is exit 2 naming the config file, for every command', () => {
    const missing = folder({ 'hafault.config.ts': config("['./nowhere.ts']") });
    const r = hafault(missing, ['models']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toBe('hafault.config.ts: models[0]: ./nowhere.ts: no such file');
    const twice = folder({ 'hafault.config.ts': config('[stonithPair, { ...stonithPair }]') });
    const t = hafault(twice, ['check', '--runs', '1']);
    expect(t.code).toBe(2);
    expect(t.stderr.trimEnd()).toBe('hafault.config.ts: models[1]: a second model named `stonith-pair`');
    const notAConfig = folder({ 'hafault.config.ts': 'export const models = [];\n' });
    const n = hafault(notAConfig, ['models']);
    expect(n.code).toBe(2);
    expect(n.stderr.trimEnd()).toMatch(/^hafault\.config\.ts: expected `export default defineConfig\(/);
  });
});
