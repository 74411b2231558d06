// Progress as the commands report it: counts that only grow up to the total each command names, drawn
// on the progress stream only when it is a terminal, and never a byte of difference on stdout or in
// the exit code.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';
import { runSpof } from './spof.js';
import { runCheck } from './check.js';

const out = mkdtempSync(join(tmpdir(), 'hafault-progress-'));

/** A stream that says it is a terminal (or not) and keeps what is written to it. */
function fakeStderr(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    }),
    { isTTY, columns: 100 },
  );
  return { stream, text: () => chunks.join('') };
}

async function cli(argv: readonly string[], progressTo?: ReturnType<typeof fakeStderr>['stream']) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), progressTo });
  return { code, stdout, stderr };
}

function growing(ticks: readonly (readonly [number, number])[]): void {
  expect(ticks.length).toBeGreaterThan(0);
  for (let i = 1; i < ticks.length; i++) expect(ticks[i][0]).toBeGreaterThanOrEqual(ticks[i - 1][0]);
  for (const [done, total] of ticks) expect(done).toBeLessThanOrEqual(total);
}

describe('progress counts', () => {
  it('spof: every component of the target, one by one, to the total', () => {
    const ticks: [number, number][] = [];
    const flags = { model: 'keepalived', set: [], property: [] };
    runSpof(
      flags,
      () => {},
      () => {},
      (d, t) => ticks.push([d, t]),
    );
    growing(ticks);
    const total = ticks[0][1];
    expect(ticks.map(([d]) => d)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  });

  it('check: every preset × --runs schedules, each simulated once for all 3 properties (keepalived × 30)', () => {
    const ticks: [number, number][] = [];
    const flags = { model: 'keepalived', set: [], property: [], runs: 30, seed: 1, maxFaults: 1, repairs: true, out };
    runCheck(
      flags,
      () => {},
      (d, t) => ticks.push([d, t]),
    );
    growing(ticks);
    expect(new Set(ticks.map(([, t]) => t))).toEqual(new Set([30]));
    expect(ticks.at(-1)![0]).toBe(30);
  });
});

describe('the bar', () => {
  const argv = ['check', '--model', 'keepalived', '--runs', '40', '--out', out];

  it('is drawn on a terminal stream and changes neither stdout nor the exit code', async () => {
    const plain = await cli(argv);
    const terminal = fakeStderr(true);
    const drawn = await cli(argv, terminal.stream);
    expect(drawn).toEqual(plain);
    expect(terminal.text()).toMatch(/checking .*\| \d+\/40 schedules/);
  });

  it('is not drawn on a stream that is not a terminal, nor with --quiet', async () => {
    const pipe = fakeStderr(false);
    await cli(argv, pipe.stream);
    expect(pipe.text()).toBe('');
    const quiet = fakeStderr(true);
    await cli([...argv, '--quiet'], quiet.stream);
    expect(quiet.text()).toBe('');
  });
});
