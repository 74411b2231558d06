// The recommendation rule on hand-built counts (issue 11): a setting that clears the asked property
// but makes a safety property worse than the default is passed over and named; with nothing left,
// there is no recommendation and the exit code says so. Restore costs over different restored
// fractions say that they are.
import { describe, expect, it } from 'vitest';
import { exitCode } from '../../cli/sweep.js';
import { sweepCsv } from '../../../reports/sweepCsv.js';
import { sweepJson } from '../../../reports/sweepJson.js';
import { sweepMarkdown } from '../../../reports/sweepMarkdown.js';
import { renderSweep } from '../../../reports/sweepTable.js';
import { handBuiltSweep, type HandRow } from './handBuilt.js';
import { isNoWorse, recommendationOf } from './recommend.js';

// The shape: 60 s (the default) fences needlessly, 120 s does not but shows dual-active.
const base: HandRow = {
  timeoutMs: 60_000,
  isDefault: true,
  violations: { noUnnecessaryFence: 126 },
  restoreMs: [116_000, 116_000, 119_000],
};
const dual: HandRow = { timeoutMs: 120_000, violations: { noDualActive: 3 }, restoreMs: [178_000, 178_000, 185_000] };
const clean: HandRow = { timeoutMs: 180_000, restoreMs: [238_000, 238_000, 245_000] };

describe('recommendation: no safety property worse than at the default', () => {
  it('the first setting that clears the property but regresses noDualActive is passed over; the next one is chosen', () => {
    const r = handBuiltSweep([base, dual, clean], 'noUnnecessaryFence');
    expect(r.settings[1].regressions).toEqual([
      {
        property: 'noDualActive',
        at: expect.objectContaining({ violations: 3, unknown: 0 }),
        atDefault: expect.objectContaining({ violations: 0, unknown: 0 }),
      },
    ]);
    expect(r.settings[1].regressions[0].at.high).toBeGreaterThan(r.settings[1].regressions[0].at.low);
    expect(r.settings[0].regressions).toEqual([]);
    expect(r.settings[2].regressions).toEqual([]);
    expect(r.recommendation).toMatchObject({
      values: { timeoutMs: 180_000 },
      setting: 2,
      passedOver: [{ setting: 1, values: { timeoutMs: 120_000 } }],
    });
    expect(r.passedOver.map((p) => p.setting)).toEqual([1]);
    expect(recommendationOf(r.settings, 'noUnnecessaryFence')?.setting).toBe(2);
    expect(exitCode(r)).toBe(0);
    const text = renderSweep(r, 1, false);
    expect(text).toContain('recommendation (noUnnecessaryFence): timeoutMs=180 s — 0 of 1000 runs violate it');
    expect(text).toContain(
      'passed over: timeoutMs=120 s clears noUnnecessaryFence but makes noDualActive worse: 3 of 1000 runs vs 0 at the default',
    );
    expect(text).toMatch(/timeoutMs=120 s .* worse: noDualActive 3 vs 0/);
  });

  it('with no next setting there is no recommendation, the text says why, and the exit code is 1', () => {
    const r = handBuiltSweep([base, dual], 'noUnnecessaryFence');
    expect(r.recommendation).toBeNull();
    expect(r.passedOver).toMatchObject([{ setting: 1, regressions: [{ property: 'noDualActive' }] }]);
    expect(exitCode(r)).toBe(1);
    const text = renderSweep(r, 1, false);
    expect(text).toContain(
      'recommendation (noUnnecessaryFence): none — every setting that clears it makes a safety property worse than the default (timeoutMs=60 s)',
    );
    expect(text).toContain(
      'timeoutMs=120 s clears noUnnecessaryFence but makes noDualActive worse: 3 of 1000 runs vs 0 at the default',
    );
    expect(text).not.toContain('widen the grid');
    const json = sweepJson(r);
    expect(json.recommendation).toBeNull();
    expect(json.passedOver).toEqual([
      { values: { timeoutMs: 120_000 }, regressions: [expect.objectContaining({ property: 'noDualActive' })] },
    ]);
  });

  it('equal counts are no worse; one more run is worse; an undecided run counts against the setting', () => {
    const rate = (violations: number, unknown = 0) => ({ violations, unknown, rate: 0, low: 0, high: 1 });
    expect(isNoWorse(rate(2), rate(2))).toBe(true);
    expect(isNoWorse(rate(1), rate(2))).toBe(true);
    expect(isNoWorse(rate(3), rate(2))).toBe(false);
    expect(isNoWorse(rate(0, 1), rate(0))).toBe(false);
    expect(isNoWorse(rate(0, 2), rate(5))).toBe(true);
    const equal = handBuiltSweep(
      [{ ...base, violations: { noUnnecessaryFence: 126, noDualActive: 3 } }, dual],
      'noUnnecessaryFence',
    );
    expect(equal.recommendation).toMatchObject({ setting: 1, passedOver: [] });
    const undecided = handBuiltSweep(
      [base, { timeoutMs: 120_000, unknown: { noDualActive: 1 } }, clean],
      'noUnnecessaryFence',
    );
    expect(undecided.recommendation?.setting).toBe(2);
    expect(undecided.passedOver[0].regressions[0].at).toMatchObject({ violations: 0, unknown: 1 });
  });

  it('a liveness property is not a safety one: more serviceRestoredWithin violations do not pass a setting over', () => {
    const r = handBuiltSweep([base, { ...clean, violations: { serviceRestoredWithin: 40 } }], 'noUnnecessaryFence');
    expect(r.settings[1].regressions).toEqual([]);
    expect(r.recommendation?.setting).toBe(1);
  });

  it('the default as a baseline outside the grid is compared with, never recommended', () => {
    const r = handBuiltSweep([dual, clean, { ...base, violations: {}, inGrid: false }], 'noUnnecessaryFence');
    expect(r.recommendation).toMatchObject({ setting: 1, defaultSetting: 2, passedOver: [{ setting: 0 }] });
  });
});

describe('outages left open', () => {
  const open: HandRow = { ...clean, restoreMs: [200_000, 200_000], unrestored: 2 };

  it('the recommendation says when its restore cost compares different restored fractions', () => {
    const r = handBuiltSweep([base, open], 'noUnnecessaryFence');
    expect(r.recommendation).toMatchObject({
      outages: { restored: 2, unrestored: 2 },
      defaultOutages: { restored: 3, unrestored: 0 },
      sameRestoredFraction: false,
    });
    expect(renderSweep(r, 1, false)).toContain(
      'not like for like: 2 of 4 real outages restored at timeoutMs=180 s, 3 of 3 at the default',
    );
    const same = handBuiltSweep([base, clean], 'noUnnecessaryFence');
    expect(same.recommendation?.sameRestoredFraction).toBe(true);
    expect(renderSweep(same, 1, false)).not.toContain('not like for like');
  });

  it('every writer shows restored and open outages per setting', () => {
    const r = handBuiltSweep([base, open], 'noUnnecessaryFence');
    expect(sweepJson(r).settings[1]).toMatchObject({ restored: 2, unrestored: 2, restoreMs: { samples: 2 } });
    const md = sweepMarkdown(r, 1, 'hafault sweep …');
    expect(md).toContain('| timeoutMs=180 s | – | 200 s / 200 s / 200 s | ⚠️ 2 restored, 2 open |');
    expect(md).toContain('| timeoutMs=60 s (default) | – | 116 s / 119 s / 119 s | 3 restored, 0 open |');
    expect(md).toContain('- not like for like: 2 of 4 real outages restored');
    expect(renderSweep(r, 1, false)).toMatch(/timeoutMs=180 s .* 200 s \/ 200 s \/ 200 s\s+2 restored, 2 open/);
    const csv = sweepCsv(r).trim().split('\n');
    const column = (name: string) => csv[0].split(',').indexOf(name);
    expect(csv[2].split(',')[column('restored')]).toBe('2');
    expect(csv[2].split(',')[column('unrestored')]).toBe('2');
  });

  it('the markdown and the CSV name the regression', () => {
    const r = handBuiltSweep([base, dual, clean], 'noUnnecessaryFence');
    const md = sweepMarkdown(r, 1, 'hafault sweep …');
    expect(md).toContain(
      '- passed over: timeoutMs=120 s clears noUnnecessaryFence but makes noDualActive worse: 3 of 1000 runs vs 0 at the default',
    );
    expect(md).toMatch(/\| timeoutMs=120 s \| 1000 \| .* \| ⚠️ worse: noDualActive 3 vs 0 \|/);
    const csv = sweepCsv(r)
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const column = csv[0].indexOf('noDualActive.worseThanDefault');
    expect(csv.slice(1).map((row) => row[column])).toEqual(['false', 'true', 'false']);
  });
});
