// A setting outside the range its product documents never reaches a run: in every command it is one
// line of bad input per key (the key, the value, the range and its source), exit 2, no stack trace.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const out = mkdtempSync(join(tmpdir(), 'hafault-ranges-'));

function hafault(...args: string[]) {
  const r = spawnSync(tsx, [join(root, 'harness/cli/main.ts'), ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const PRIORITY =
  '\\(keepalived\\.conf\\(5\\): 1–255, where 255 means the address owner, which is not modelled; RFC 3768 §5\\.3\\.4: 1–254 for backup routers\\)';
const ADVERT =
  '\\(keepalived vrrp_parser\\.c: advert_int 0\\.01–255 s; RFC 3768: whole seconds in VRRPv2, RFC 5798: centiseconds in v3\\)';
const PREEMPT = '\\(keepalived\\.conf\\(5\\) preempt_delay: 0 to 1000 s\\)';

function expectBadInput(r: ReturnType<typeof hafault>, command: string, lines: string[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.trimEnd().split('\n')).toEqual(
    lines.map((l) => expect.stringMatching(new RegExp(`^hafault ${command}: ${l}$`))),
  );
}

describe('settings outside their documented range: exit 2, one line each', () => {
  it('check: 1e300, NaN, Infinity, a negative and a fractional duration', () => {
    const r = hafault(
      'check',
      '--model',
      'keepalived',
      '--set',
      'priority1=1e300',
      '--set',
      'priority2=NaN',
      '--set',
      'priority3=Infinity',
      '--set',
      'advertIntMs=-5',
      '--set',
      'preemptDelayMs=1.5ms',
      '--runs',
      '5',
      '--out',
      out,
    );
    expectBadInput(r, 'check', [
      `priority1: expected a whole number from 1 to 254 ${PRIORITY}, found \`1e300\``,
      `priority2: expected a whole number from 1 to 254 ${PRIORITY}, found \`NaN\``,
      `priority3: expected a whole number from 1 to 254 ${PRIORITY}, found \`Infinity\``,
      `advertIntMs: expected a duration in whole milliseconds from 10 ms to 255 s ${ADVERT}, found \`-5\``,
      `preemptDelayMs: expected a duration in whole milliseconds from 0 ms to 1000 s ${PREEMPT}, found \`1\\.5ms\``,
    ]);
  });

  it('sweep: a value of a list, the end of an environment range, a fixed value', () => {
    const r = hafault(
      'sweep',
      '--model',
      'keepalived',
      '--set',
      'priority1=100,255',
      '--set',
      'advertIntMs=10ms..300s',
      '--set',
      'preemptDelayMs=2.5',
      '--runs',
      '5',
      '--quiet',
    );
    expectBadInput(r, 'sweep', [
      `priority1: expected a whole number from 1 to 254 ${PRIORITY}, found \`255\``,
      `advertIntMs: expected a duration in whole milliseconds from 10 ms to 255 s ${ADVERT}, found \`300s\``,
      `preemptDelayMs: expected a duration in whole milliseconds from 0 ms to 1000 s ${PREEMPT}, found \`2\\.5\``,
    ]);
  });

  it('run, explore and spof', () => {
    expectBadInput(
      hafault(
        'run',
        '--model',
        'keepalived',
        '--preset',
        'two-routers',
        '--set',
        'priority1=150,0',
        '--step',
        'at 10s: host-crash r1',
      ),
      'run',
      [`priority1: expected a whole number from 1 to 254 ${PRIORITY}, found \`0\``],
    );
    expectBadInput(hafault('explore', '--model', 'keepalived', '--set', 'advertIntMs=5ms', '--out', out), 'explore', [
      `advertIntMs: expected a duration in whole milliseconds from 10 ms to 255 s ${ADVERT}, found \`5ms\``,
    ]);
    expectBadInput(hafault('spof', '--model', 'keepalived', '--set', 'priority2=1.5'), 'spof', [
      `priority2: expected a whole number from 1 to 254 ${PRIORITY}, found \`1\\.5\``,
    ]);
  });

  it("a topology file: the setting's line and column", () => {
    const file = join(out, 'two-routers.yaml');
    writeFileSync(
      file,
      `${readFileSync(join(root, 'examples/keepalived/two-routers.yaml'), 'utf8')}settings:\n  priority1: 1e300\n`,
    );
    const r = hafault('check', '--topology', file, '--runs', '5', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: settings\\.priority1: expected a whole number from 1 to 254 ${PRIORITY}, found \`1e\\+300\``,
        'm',
      ),
    );
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it('models and models --json show every range with its source', () => {
    const text = hafault('models').stdout;
    expect(text).toMatch(new RegExp(`priority1 .*\\n(.*\\n){2}\\s+range: from 1 to 254 ${PRIORITY}`));
    const keepalived = JSON.parse(hafault('models', '--json').stdout).models.find(
      (m: { name: string }) => m.name === 'keepalived',
    );
    expect(keepalived.keys.find((k: { key: string }) => k.key === 'advertIntMs')).toMatchObject({
      min: 10,
      max: 255_000,
      rangeSource: expect.stringContaining('vrrp_parser.c'),
    });
    expect(keepalived.keys.find((k: { key: string }) => k.key === 'vrrpVersion')).not.toHaveProperty('min');
  });
});
