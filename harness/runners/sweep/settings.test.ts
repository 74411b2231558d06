// `--set` for sweeps: fixed values, axes, environment ranges, and the problems a user can make.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../engine/config.js';
import { findModel } from '../../../models/registry.js';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gridOf, labelOf, neighboursOf, parseSweepSets, sweepSettingsOf } from './settings.js';
import { loadTopologyFile } from '../topologyFile/load.js';
import { environmentSettings } from '../topologyFile/target.js';
import { drawEnvironment } from './draw.js';

const model = findModel('xenserver-ha')!;

describe('parseSweepSets', () => {
  it('tells fixed settings, axes (numbers sorted) and ranges apart', () => {
    const s = parseSweepSets(model, [
      'profile=seed-2009',
      'timeoutMs=120s,30s,60000,90s',
      'hardFailoverMs=90s..120s',
      'winnersWaitMs=10s..10s',
    ]);
    expect(s.fixed).toEqual({ profile: 'seed-2009' });
    expect(s.axes).toEqual([{ key: 'timeoutMs', values: [30_000, 60_000, 90_000, 120_000] }]);
    expect(s.ranges).toEqual([
      { key: 'hardFailoverMs', low: 90_000, high: 120_000, step: 1000 },
      { key: 'winnersWaitMs', low: 10_000, high: 10_000, step: 1000 },
    ]);
    expect(parseSweepSets(model, ['hardFailoverMs=90000..120000']).ranges).toEqual([
      { key: 'hardFailoverMs', low: 90_000, high: 120_000, step: 1000 },
    ]);
    expect(parseSweepSets(model, ['hardFailoverMs=90.5s..91s']).ranges).toEqual([
      { key: 'hardFailoverMs', low: 90_500, high: 91_000, step: 1 },
    ]);
    expect(parseSweepSets(model, ['profile=seed-2009,xha']).axes).toEqual([
      { key: 'profile', values: ['seed-2009', 'xha'] },
    ]);
  });

  const bad: [string[], RegExp][] = [
    [['timoutMs=30s,60s'], /timoutMs: not a setting of xenserver-ha; did you mean `timeoutMs`\?/],
    [['timeoutMs=30s,soon'], /timeoutMs: expected a duration/],
    [['timeoutMs=30s,30000'], /timeoutMs: 30 s is listed twice/],
    [['timeoutMs=30s,60s', 'timeoutMs=90s'], /timeoutMs: set twice/],
    [['hardFailoverMs=120s..90s'], /range 120s\.\.90s is empty/],
    [['profile=xha..seed-2009'], /profile: a range needs a duration or number setting/],
    [
      ['timeoutMs=5s,30s'],
      /^timeoutMs: expected a duration in whole milliseconds from 10 s to 1 h \(DOMAIN\.md XenServer: minimum 10 s.*\), found `5s`$/,
    ],
    [['timeoutMs'], /--set timeoutMs: expected key=value/],
  ];
  for (const [sets, message] of bad) {
    it(`refuses ${sets.join(' ')}`, () => {
      expect(() => parseSweepSets(model, sets)).toThrow(ConfigError);
      expect(() => parseSweepSets(model, sets)).toThrow(message);
    });
  }
});

describe("a topology file's environment", () => {
  it("becomes ranges, axes (numbers sorted) and fixed values from the file's parsed numbers", () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sweep-env-')), 'pool.yaml');
    const example = readFileSync(
      join(import.meta.dirname, '../../../examples/xenserver-ha/bonded-mirrored-san.yaml'),
      'utf8',
    );
    const environment =
      'environment:\n  hardFailoverMs: {min: 90.5s, max: 120s}\n  winnersWaitMs: [30s, 20s]\n  vmBootMs: [45s]\n';
    writeFileSync(file, example.replace(/^environment:\n( {2}.*\n)+/m, environment));
    const s = sweepSettingsOf(environmentSettings(loadTopologyFile(file)));
    expect(s.ranges).toEqual([{ key: 'hardFailoverMs', low: 90_500, high: 120_000, step: 1 }]);
    expect(s.axes).toEqual([{ key: 'winnersWaitMs', values: [20_000, 30_000] }]);
    expect(s.fixed).toEqual({ vmBootMs: 45_000 });
    expect(s.fixedAsWritten).toEqual({ vmBootMs: '45000' });
  });
});

describe('the grid', () => {
  const axes = [
    { key: 'profile', values: ['xha', 'seed-2009'] },
    { key: 'timeoutMs', values: [30_000, 60_000, 90_000] },
  ];
  it('is the cartesian product, first axis slowest', () => {
    expect(gridOf(axes).map(labelOf)).toEqual([
      'profile=xha, timeoutMs=30 s',
      'profile=xha, timeoutMs=60 s',
      'profile=xha, timeoutMs=90 s',
      'profile=seed-2009, timeoutMs=30 s',
      'profile=seed-2009, timeoutMs=60 s',
      'profile=seed-2009, timeoutMs=90 s',
    ]);
  });
  it('neighbours differ in one axis by one step', () => {
    expect(neighboursOf(axes)).toEqual([
      [0, 3],
      [0, 1],
      [1, 4],
      [1, 2],
      [2, 5],
      [3, 4],
      [4, 5],
    ]);
    expect(neighboursOf([{ key: 'timeoutMs', values: [1, 2, 3, 4] }])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});

describe('environment draws', () => {
  it('stay in the range on its steps, cover it, and depend only on (seed, index)', () => {
    const ranges = [{ key: 'hardFailoverMs', low: 90_000, high: 120_000, step: 1000 }];
    const draws = Array.from({ length: 2000 }, (_, i) => drawEnvironment(ranges, 7, i).hardFailoverMs);
    expect(new Set(draws)).toEqual(new Set(Array.from({ length: 31 }, (_, k) => 90_000 + k * 1000)));
    const fine = Array.from(
      { length: 2000 },
      (_, i) => drawEnvironment([{ key: 'd', low: 500, high: 1500, step: 1 }], 7, i).d,
    );
    expect(Math.min(...fine)).toBeGreaterThanOrEqual(500);
    expect(Math.max(...fine)).toBeLessThanOrEqual(1500);
    expect(new Set(fine).size).toBeGreaterThan(700);
    expect(drawEnvironment(ranges, 7, 1234)).toEqual(drawEnvironment(ranges, 7, 1234));
    expect(drawEnvironment(ranges, 8, 1234)).not.toEqual(drawEnvironment(ranges, 7, 1234));
  });
});
