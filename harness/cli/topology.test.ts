// `--topology FILE` on the command line: the file's design is checked like a preset, a bad file
// gets exit 2 with one `file:line:col: field: problem` line each and no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('check --topology', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hafault-topo-'));

  it("runs the model the file names on the file's design (two-host: the one-fault counterexample)", () => {
    const r = hafault(
      'check',
      '--topology',
      'examples/xenserver-ha/two-host.yaml',
      '--property',
      'noUnnecessaryFence',
      '--runs',
      '30',
      '--json',
      '--out',
      dir,
    );
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout).results[0];
    expect(result).toMatchObject({
      model: 'xenserver-ha',
      preset: null,
      property: 'noUnnecessaryFence',
      status: 'violated',
    });
    expect(result.counterexample.schedule).toHaveLength(1);
  });

  it("--set overrides the file's settings (a 120 s timeout rides through the mirrored SAN power-cycle)", () => {
    const r = hafault(
      'check',
      '--topology',
      'examples/xenserver-ha/bonded-mirrored-san.yaml',
      '--set',
      'timeoutMs=120s',
      '--runs',
      '40',
      '--json',
      '--out',
      dir,
    );
    expect(r.code).toBe(0);
  });

  it('a bad file: exit 2, one located line per problem, no stack trace', () => {
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'name: p\nmodel: xenserver-ha\nswitches: [{id: sw1}, {id: sw2}]\nservices: [{id: vm1, home: h1, priority: restart}]\nhosts:\n  - id: h1\n    nics: [{id: m0, network: management, switch: sw3}]\n  - {id: v1, runsOn: h9, nics: []}\n',
    );
    const r = hafault('check', '--topology', file);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `${file}:7:50: hosts[0].nics[0].switch: unknown switch \`sw3\`; did you mean \`sw1\`? (switches: sw1, sw2)`,
      `${file}:8:22: hosts[1].runsOn: unknown host \`h9\`; did you mean \`h1\`? (hosts: h1)`,
    ]);
  });

  it('garbage bytes: exit 2, no stack trace', () => {
    const file = join(dir, 'garbage.yaml');
    writeFileSync(file, Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x3a, 0x0a, 0x5b]));
    const r = hafault('check', '--topology', file);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/garbage\.yaml: UTF-16 text \(it starts with a UTF-16 byte-order mark\); expected UTF-8/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('--topology with --model is a usage error', () => {
    const r = hafault('check', '--topology', 'examples/xenserver-ha/bonded.yaml', '--model', 'xenserver-ha');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--topology: the file names its model; drop --model/);
  });
});
