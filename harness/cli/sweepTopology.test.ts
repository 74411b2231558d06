// `sweep --topology FILE`: the file's environment range is drawn per schedule, its settings apply,
// and the answer is the preset's when the file describes the preset.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runSweepCommand, type SweepFlags } from './sweep.js';

const root = join(import.meta.dirname, '..', '..');

async function sweepJson(flags: Partial<SweepFlags>) {
  let out = '';
  const base: SweepFlags = {
    set: [],
    property: [],
    runs: '200',
    seed: '1',
    maxFaults: '1',
    repairs: true,
    json: true,
    quiet: true,
    threads: '1',
  };
  await runSweepCommand({ ...base, ...flags }, [], (s) => (out += s));
  return JSON.parse(out);
}

describe('sweep --topology', () => {
  it("draws the file's environment range and recommends like the preset does", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sweep-topology-'));
    const file = join(dir, 'pool.yaml');
    const example = readFileSync(join(root, 'examples/xenserver-ha/bonded-mirrored-san.yaml'), 'utf8');
    writeFileSync(
      file,
      example.replace(
        /^environment:\n( {2}.*\n)+/m,
        'environment:\n  hardFailoverMs: {min: 40s, max: 55s}\nsettings: {profile: seed-2009}\n',
      ),
    );
    const common = {
      set: ['timeoutMs=30s,60s,90s'],
      faults: 'host-crash,storage-hard-powercycle',
      recommend: 'noUnnecessaryFence',
    };
    const fromFile = await sweepJson({ ...common, topology: file });
    expect(fromFile.recommendation.values).toEqual({ timeoutMs: 60_000 });
    const fromPreset = await sweepJson({
      ...common,
      model: 'xenserver-ha',
      preset: 'bonded-mirrored-san',
      set: ['profile=seed-2009', 'hardFailoverMs=40s..55s', ...common.set],
    });
    expect(fromFile.settings.map((s: { properties: unknown }) => s.properties)).toEqual(
      fromPreset.settings.map((s: { properties: unknown }) => s.properties),
    );
  });

  it('refuses --model with --topology', async () => {
    await expect(sweepJson({ topology: 'x.yaml', model: 'xenserver-ha', set: ['timeoutMs=30s,60s'] })).rejects.toThrow(
      /the file names its model/,
    );
  });
});
