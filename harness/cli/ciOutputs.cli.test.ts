// `check` as a CI gate, through runCli in-process: --junit and --summary as a CI reader gets them,
// GitHub workflow commands only under GITHUB_ACTIONS=true (after the table; on stderr with --json,
// so stdout stays JSON), the `wrote …` line, and an unusable --junit refused before any work.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseXml, type XmlElement } from '../../reports/testXml.js';
import { runCli } from './program.js';

const scratch = mkdtempSync(join(tmpdir(), 'hafault-ci-outputs-'));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

/** seed 004's finding: one storage node hard power-cycled fences a healthy host (50 runs find it). */
const XS = [
  'check',
  '--model',
  'xenserver-ha',
  '--preset',
  'bonded-mirrored-san',
  '--property',
  'noDualActive',
  '--property',
  'noUnnecessaryFence',
  '--runs',
  '50',
  '--seed',
  '1',
];
const SENTENCE = 'at 10 s: storage node sanA is hard power-cycled';

afterEach(() => {
  vi.unstubAllEnvs();
});

const testcases = (root: XmlElement) => root.children.flatMap((s) => s.children);

describe('check --junit / --summary', () => {
  it('a testsuite per model/preset, a testcase per property; the violation carries its schedule and replay command', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'false');
    const out = join(scratch, 'xs');
    const junit = join(scratch, 'reports', 'junit.xml');
    const summary = join(scratch, 'summary.md');
    const r = await cli(...XS, '--out', out, '--junit', junit, '--summary', summary);
    expect(r.code).toBe(1);
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    expect(root.children.map((s) => s.attributes.name)).toEqual(['xenserver-ha/bonded-mirrored-san']);
    const [holds, violated] = testcases(root);
    expect([holds.attributes, violated.attributes]).toEqual([
      { classname: 'xenserver-ha/bonded-mirrored-san', name: 'noDualActive' },
      { classname: 'xenserver-ha/bonded-mirrored-san', name: 'noUnnecessaryFence' },
    ]);
    expect(holds.children).toEqual([]);
    const [failure] = violated.children;
    expect(failure.name).toBe('failure');
    expect(failure.attributes.type).toBe('violation');
    expect(failure.attributes.message).toMatch(/^noUnnecessaryFence violated: h1 fenced at 85 s/);
    const trace = join(out, 'traces', 'xenserver-ha.bonded-mirrored-san.noUnnecessaryFence.json');
    expect(failure.text).toContain(SENTENCE);
    expect(failure.text).toContain('property noUnnecessaryFence: no host fences while');
    expect(failure.text).toContain(`seed 1, path "`);
    expect(failure.text).toContain(`see it: npx hafault replay ${trace} --timeline`);
    expect(existsSync(trace)).toBe(true);

    const md = readFileSync(summary, 'utf8');
    expect(md).toMatch(/❌ \*\*1 violation found\*\*.*exit 1/);
    expect(md).toContain('| xenserver-ha/bonded-mirrored-san | holds | ❌ VIOLATED |');
    expect(md).toContain(`- ${SENTENCE}`);
    expect(md).toContain(`npx hafault replay ${trace} --timeline`);

    expect(r.stdout).toContain(`\nwrote ${join(out, 'index.html')}, ${junit}, ${summary}\n`);
    expect(r.stdout).not.toMatch(/^::/m);
  });

  it('GITHUB_ACTIONS=true: one ::error line per violation after the table on stdout; with --json on stderr', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const out = join(scratch, 'gha');
    const text = await cli(...XS, '--out', out);
    expect(text.code).toBe(1);
    const lines = text.stdout.trimEnd().split('\n');
    const annotations = lines.filter((l) => l.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(lines.at(-1)).toBe(annotations[0]);
    expect(annotations[0]).toMatch(
      /^::error title=xenserver-ha\/bonded-mirrored-san%3A noUnnecessaryFence violated::at 10 s: storage node sanA is hard power-cycled%0A/,
    );
    expect(annotations[0]).toContain('%0Asee it: npx hafault replay ');

    const json = await cli(...XS, '--out', out, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).results).toHaveLength(2);
    expect(json.stdout).not.toContain('wrote ');
    expect(json.stderr.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
  });

  it('no workflow command when all hold, nor outside GitHub Actions', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const holds = await cli(...XS.slice(0, 7), '--runs', '5', '--out', join(scratch, 'holds'));
    expect(holds.code).toBe(0);
    expect(holds.stdout).not.toContain('::');
    vi.stubEnv('GITHUB_ACTIONS', '');
    const elsewhere = await cli(...XS, '--out', join(scratch, 'elsewhere'));
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout + elsewhere.stderr).not.toMatch(/^::/m);
  });

  it('an unusable --junit or --summary is refused before any work, one line each', async () => {
    const folder = join(scratch, 'a-folder');
    mkdirSync(folder, { recursive: true });
    const out = join(scratch, 'never');
    const r = await cli(...XS, '--out', out, '--junit', folder, '--summary', '/proc/x.md');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`hafault check: --junit ${folder}: a folder is there; expected a file name\n`);
    expect(r.stderr).toContain("hafault check: --summary /proc/x.md: /proc is the kernel's own filesystem");
    expect(existsSync(out)).toBe(false);
    const same = join(scratch, 'same.xml');
    const clash = await cli(...XS, '--out', out, '--junit', same, '--summary', same);
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain(
      `hafault check: --junit ${same}: --summary ${same} is written there too; name another file`,
    );
    const index = await cli(...XS, '--out', out, '--junit', join(out, 'index.html'));
    expect(index.stderr).toContain(`--out ${out} writes its index.html there; name another file`);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the other gates: explore and spof', () => {
  it('explore: the shortest violation is a failure with its schedule; a property the search did not finish is skipped', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    const junit = join(scratch, 'explore.xml');
    const summary = join(scratch, 'explore.md');
    const args = ['explore', ...XS.slice(1, 5), '--property', 'noUnnecessaryFence', '--property', 'noDualActive'];
    const r = await cli(...args, '--out', join(scratch, 'explore'), '--junit', junit, '--summary', summary);
    expect(r.code).toBe(1);
    const root = parseXml(readFileSync(junit, 'utf8'));
    expect(root.attributes).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '1' });
    const [violated, unfinished] = testcases(root);
    expect(violated.attributes.name).toBe('noUnnecessaryFence');
    expect(violated.children[0].text).toContain(SENTENCE);
    expect(violated.children[0].text).toMatch(
      /see it: npx hafault replay \S+explore\.noUnnecessaryFence\.json --timeline/,
    );
    expect(unfinished.attributes.name).toBe('noDualActive');
    expect(unfinished.children[0].attributes.message).toContain('--keep-going');
    expect(readFileSync(summary, 'utf8')).toContain('1 not judged');
    expect(r.stdout).toContain(`wrote ${junit}, ${summary}\n`);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::error '))).toHaveLength(1);
  });

  it('spof: a testcase per component × property; the SPOF a failure with the run command that shows it', async () => {
    vi.stubEnv('GITHUB_ACTIONS', 'false');
    const junit = join(scratch, 'spof.xml');
    const r = await cli('spof', '--model', 'keepalived', '--junit', junit, '--json');
    expect(r.code).toBe(1);
    const [result] = JSON.parse(r.stdout).results;
    const root = parseXml(readFileSync(junit, 'utf8'));
    const cases = testcases(root);
    // Every component the report ranks, once per property it judged.
    expect(cases).toHaveLength(result.entries.length * result.properties.length);
    expect(cases.every((c) => c.attributes.classname === 'keepalived/two-routers')).toBe(true);
    const failed = cases.filter((c) => c.children.length > 0);
    expect(failed.map((c) => c.attributes.name)).toEqual(['switch lan: servicesSurvive']);
    expect(failed[0].children[0].text).toContain('switch lan fails at 10 s ⇒ vip down since 10 s');
    expect(failed[0].children[0].text).toContain(
      "see it: npx hafault run --model keepalived --preset two-routers --step 'at 10s: switch-down lan'",
    );
    expect(r.stderr).toContain(`wrote ${junit}\n`);
  });
});
