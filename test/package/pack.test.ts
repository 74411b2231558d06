// The package as a user gets it: `npm pack` (which builds dist/), the tarball installed into a fresh
// project (from the npm cache when it can), and there, from the project's own folder: `npx hafault
// models --json | jq`, `npx hafault check --topology pool.yaml`, and a vitest file that uses
// assertDesign on a failing and a passing design. This is the proof that `npx hafault` works from
// any folder, that `--json` is clean on stdout, and that the library entries and types ship.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
/** The version this repository uses of a package (so the project's install finds it in the npm cache). */
const ourVersion = (name: string) =>
  (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/** The environment of a user's shell: none of this test runner's variables. */
function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^(VITEST|NODE_OPTIONS|GITHUB_ACTIONS|HAFAULT_|npm_)/.test(k)) env[k] = v;
  return env;
}

function sh(command: string, cwd: string) {
  const r = spawnSync('bash', ['-o', 'pipefail', '-c', command], { cwd, encoding: 'utf8', env: userEnv() });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A typed use of the API: compiled with the project's own tsc against the package's declarations. */
const USER_TYPES = `
import { check, type CheckResult } from 'hafault';
import { testDesign } from 'hafault/vitest';
import type { Model } from 'hafault/model';

const answer = await check({ topology: 'pool.yaml', runs: 5, set: { timeoutMs: '90s' } });
const statuses: string[] = answer.result.results.map((r) => r.status);
const first: CheckResult['results'][number] | undefined = answer.result.results[0];
const when: number | undefined = first?.counterexample?.at;
export const use = { statuses, when, testDesign, exitCode: answer.exitCode satisfies number };
export type Named = Model['name'];
// @ts-expect-error a list of values is for sweep and run, which compare settings; check takes one
export const refused = () => check({ topology: 'pool.yaml', set: { timeoutMs: ['30s', '60s'] } });
`;

const TSCONFIG = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noEmit: true,
    skipLibCheck: false,
    types: [],
  },
  include: ['types.ts'],
};

/** test/models/stonithPair as a user's own model: its files, importing hafault's authoring API from the package. */
function copyUserModel(into: string): void {
  mkdirSync(into, { recursive: true });
  const from = join(root, 'test', 'models', 'stonithPair');
  for (const file of ['config.ts', 'node.ts', 'noTakeoverWhileRunning.ts', 'index.ts']) {
    const text = readFileSync(join(from, file), 'utf8').replace(
      /from '(?:\.\.\/)+(?:harness|properties)\/[^']*'/g,
      "from 'hafault/model'",
    );
    writeFileSync(join(into, file), text);
  }
}

const USER_TEST = `
import { expect, test } from 'vitest';
import { assertDesign, DesignViolationError } from 'hafault';
import { testDesign } from 'hafault/vitest';

testDesign('the bonded pool survives any single fault', { topology: 'bonded.yaml', runs: 30 });

test('the two-host pool does not, and the error says why', async () => {
  const error = await assertDesign({ topology: 'pool.yaml', runs: 30, properties: ['noUnnecessaryFence'] }).catch((e) => e);
  expect(error).toBeInstanceOf(DesignViolationError);
  expect(error.message).toContain('at 10 s: ');
  expect(error.message).toMatch(/⇒ h\\d fenced at \\d+ s/);
  expect(error.message).toContain('replay: npx hafault replay hafault-out/traces/');
});

test('my own model, by its path: no takeover while the peer runs, unless STONITH is off', async () => {
  const pair = { model: './ha/index.ts', preset: 'pair', properties: ['noTakeoverWhileRunning'], runs: 60 };
  await assertDesign(pair);
  await expect(assertDesign({ ...pair, set: { stonithEnabled: false } })).rejects.toThrow(/noTakeoverWhileRunning/);
});
`;

describe('the packed package, installed into a fresh project', () => {
  let project = '';
  let files: string[] = [];

  beforeAll(() => {
    const work = mkdtempSync(join(tmpdir(), 'hafault-pack-'));
    const packed = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], {
      cwd: root,
      encoding: 'utf8',
      env: userEnv(),
    });
    const tarball = join(work, packed.trim().split('\n').pop()!);
    files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n');
    project = join(work, 'my pool');
    mkdirSync(join(project, 'test'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-pool', private: true, type: 'module' }));
    execFileSync(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        tarball,
        `vitest@${ourVersion('vitest')}`,
        `typescript@${ourVersion('typescript')}`,
      ],
      { cwd: project, env: userEnv(), stdio: 'pipe' },
    );
    copyFileSync(join(root, 'examples/xenserver-ha/two-host.yaml'), join(project, 'pool.yaml'));
    copyFileSync(join(root, 'examples/xenserver-ha/bonded.yaml'), join(project, 'bonded.yaml'));
    writeFileSync(join(project, 'test', 'pool.test.js'), USER_TEST);
    writeFileSync(join(project, 'types.ts'), USER_TYPES);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    copyUserModel(join(project, 'ha'));
  }, 400_000);

  it('ships the build, its types, the bin, the schema and examples, and no sources or tests', () => {
    for (const f of ['bin/hafault.js', 'dist/cli.js', 'dist/index.js', 'dist/vitest.js', 'dist/model.js'])
      expect(files).toContain(`package/${f}`);
    expect(files).toContain('package/dist/types/harness/api/index.d.ts');
    expect(files).toContain('package/schema/topology.schema.json');
    expect(files).toContain('package/schema/rates.schema.json');
    expect(files).toContain('package/examples/rates/field-rates.yaml');
    expect(files).toContain('package/examples/xenserver-ha/two-host.yaml');
    expect(files.filter((f) => /\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /(\.test\.|hafault-out|node_modules|reports\/out)/.test(f))).toEqual([]);
  });

  it('`npx hafault models --json | jq` from the project folder: clean JSON on stdout', () => {
    const r = sh('npx hafault models --json | jq -r ".models[].name"', project);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')).toContain('xenserver-ha');
  });

  it('`npx hafault check --topology pool.yaml`: paths from the project folder, reports in ./hafault-out', () => {
    const r = sh('npx hafault check --topology pool.yaml --runs 30 --junit out.xml', project);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('VIOLATED');
    const junit = readFileSync(join(project, 'out.xml'), 'utf8');
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain('<testcase classname="xenserver-ha/two-host" name="noUnnecessaryFence">');
    expect(junit).toContain('npx hafault replay hafault-out/traces/');
    expect(readdirSync(join(project, 'hafault-out', 'traces')).length).toBeGreaterThan(0);
    expect(existsSync(join(project, 'hafault-out', 'index.html'))).toBe(true);
  });

  it("`npx hafault check --model ./ha/index.ts`: the user's own TypeScript model, importing hafault/model", () => {
    const pair = '--model ./ha/index.ts --preset pair --property noTakeoverWhileRunning --runs 60';
    expect(sh(`npx hafault check ${pair} --quiet`, project).code).toBe(0);
    const off = sh(`npx hafault check ${pair} --set stonithEnabled=false --json | jq -r ".results[0].status"`, project);
    expect(off.stdout.trim(), off.stderr).toBe('violated');
  });

  it("--help's examples run as printed in the project: their paths lead into node_modules/hafault", () => {
    const help = sh('npx hafault replay --help', project).stdout;
    const example = help.split('\n').find((l) => l.trim().startsWith('npx hafault replay '))!;
    expect(example).toContain(' node_modules/hafault/properties/corpus/');
    const r = sh(example.trim(), project);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('reproduced: the same violations and the same timeline');
  });

  it('sweep --threads 2 runs its worker threads from the build', () => {
    const r = sh(
      'npx hafault sweep --model xenserver-ha --preset two-host --set timeoutMs=30s,60s --runs 200 --threads 2 --json | jq ".settings | length"',
      project,
    );
    expect(r.code === 0 || r.code === 1, r.stderr).toBe(true);
    expect(r.stdout.trim()).toBe('2');
  });

  it("the library's types: a TypeScript file using check, testDesign and the model types compiles with the project's tsc", () => {
    const r = sh('npx tsc -p tsconfig.json', project);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it("a vitest file using assertDesign: the passing design passes, the failing one's error names the schedule and the replay", () => {
    const r = sh('npx vitest run --reporter=json --outputFile=result.json', project);
    const result = JSON.parse(readFileSync(join(project, 'result.json'), 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
    };
    expect({ code: r.code, passed: result.numPassedTests, failed: result.numFailedTests }).toEqual({
      code: 0,
      passed: 3,
      failed: 0,
    });
  });
});
