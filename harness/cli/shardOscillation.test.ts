// Shards that meet a run that never settles merge to what the unsharded command says of it: check's
// `oscillating` results and exit 5; sweep's first such run (lowest schedule index), its trace written
// where the unsharded sweep writes it. The toy model (test/models/pingPong.ts) joins the built-in
// ones for this file only; sweeps run on this thread.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCheck } from './check.js';
import { EXIT_OSCILLATION } from './common.js';
import { runMerge } from './merge.js';
import { runSweepCommand } from './sweep.js';

vi.mock(import('../../models/registry.js'), async (importOriginal) => {
  const real = await importOriginal();
  const { pingPongModel } = await import('../../test/models/pingPong.js');
  const MODELS = [...real.MODELS, pingPongModel];
  return { MODELS, findModel: (name: string) => MODELS.find((m) => m.name === name) };
});

const dir = mkdtempSync(join(tmpdir(), 'hafault-shard-oscillation-'));
const home = process.cwd();
beforeAll(() => process.chdir(dir));
afterAll(() => process.chdir(home));

async function capture(run: (write: (s: string) => void) => number | Promise<number>) {
  let text = '';
  const code = await run((s) => (text += s));
  return { code, text };
}

/** Merges shard documents given as text (written to files first, as a CI job would). */
async function merged(texts: readonly string[]) {
  const files = texts.map((t, k) => {
    writeFileSync(join(dir, `s${k}.json`), t);
    return `s${k}.json`;
  });
  return capture((write) => runMerge([...files].reverse(), { write, warn: () => {}, colour: false }));
}

describe('shards with a run that never settles', () => {
  it('check: the merged document and exit 5 are the unsharded ones', async () => {
    const flags = {
      model: 'ping-pong',
      set: ['react=timer', 'delayMs=0'],
      property: [],
      runs: 8,
      seed: 1,
      maxFaults: 1,
      repairs: true,
      json: true,
      out: 'out',
    };
    const whole = await capture((w) => runCheck(flags, w, () => {}));
    expect(whole.code).toBe(EXIT_OSCILLATION);
    const shards = await Promise.all(
      [1, 2].map((i) => capture((w) => runCheck({ ...flags, shard: `${i}/2` }, w, () => {}))),
    );
    const m = await merged(shards.map((s) => s.text));
    expect(m).toEqual(whole);
  });

  it('sweep: the first such run of all the shards, as the unsharded sweep stops there', async () => {
    const flags = {
      model: 'ping-pong',
      preset: 'pair',
      set: ['delayMs=1s,0'],
      property: [],
      runs: '30',
      seed: '1',
      maxFaults: '1',
      repairs: true,
      threads: '1',
      quiet: true,
      json: true,
    };
    const whole = await capture((w) => runSweepCommand(flags, [], w));
    expect(whole.code).toBe(EXIT_OSCILLATION);
    const trace = readFileSync(JSON.parse(whole.text).oscillation.traceFile, 'utf8');
    const shards = await Promise.all(
      [1, 2, 3].map((i) => capture((w) => runSweepCommand({ ...flags, shard: `${i}/3` }, [], w))),
    );
    // More than one shard meets one: merge must pick the lowest index, not the first file.
    expect(shards.filter((s) => JSON.parse(s.text).oscillation !== null).length).toBeGreaterThan(1);
    const m = await merged(shards.map((s) => s.text));
    expect(m).toEqual(whole);
    expect(readFileSync(JSON.parse(m.text).oscillation.traceFile, 'utf8')).toBe(trace);
  });
});
