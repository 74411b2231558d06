// The availability writers for the terminal and --json on hand-built results whose numbers the tests
// name: the verdict names the right setting and difference and refuses a winner whose interval
// includes 0, causes without downtime stay out, a property never seen says so, at most five
// contributors, numbers read in the unit that holds them, and the JSON is stable and finite.
import { describe, expect, it } from 'vitest';
import { withOverrides } from '../harness/runners/availability/overrides.js';
import { DOWNTIME_CAUSES } from '../harness/runners/availability/types.js';
import {
  availabilityPercent,
  downtime,
  downtimeInterval,
  incidentsText,
  nines,
  ninesInterval,
  savingInterval,
  share,
} from './ninesFormat.js';
import { est, handRates, handResult, handSetting } from './ninesHandBuilt.js';
import { ninesJson } from './ninesJson.js';
import { renderNines } from './ninesTable.js';

const thirty = handSetting({
  label: 'timeoutMs=30s',
  down: est(7.6, 5.0, 10.2),
  byCause: { failure: est(4.4, 3, 5.8), 'needless-fence': est(3.2, 1.5, 4.9) },
  incidents: {
    noUnnecessaryFence: est(0.45, 0.3, 0.6),
    noDualActive: est(0, 0, 0.0024),
    noLostWrite: est(0, 0, 0),
  },
  contributors: [
    ['storage-power-cycle', est(3.5, 2, 5)],
    ['host', est(2.5, 1, 4)],
    ['switch', est(1, 0.5, 1.5)],
    ['nic', est(0.4, 0.1, 0.7)],
    ['psu', est(0.15, 0.05, 0.3)],
    ['link', est(0.05, 0, 0.1)],
  ],
  services: [
    ['vm1', est(7.6, 5.0, 10.2)],
    ['vm2', est(0, 0, 0)],
  ],
});
const long = handSetting({
  label: 'timeoutMs=120s',
  down: est(4.4, 3.1, 5.8),
  byCause: { failure: est(4.4, 3.1, 5.8) },
});
const sixty = handSetting({ label: 'timeoutMs=60s', down: est(4.9, 3.0, 6.9), byCause: { failure: est(4.9, 3, 6.9) } });

const clearWin = handResult([thirty, long], {
  label: 'timeoutMs=120s',
  versus: [{ label: 'timeoutMs=30s', savedMinPerYear: est(3.2, 1.1, 5.3) }],
});
const noWinner = handResult([sixty, long], {
  label: 'timeoutMs=120s',
  versus: [{ label: 'timeoutMs=60s', savedMinPerYear: est(0.5, -0.4, 1.4) }],
});

const plainLines = (r = clearWin) => renderNines(r, { colour: false });
const verdictOf = (lines: string[]) => lines.filter((l) => l.startsWith('least downtime'));

describe('ninesFormat: numbers in the unit that holds them', () => {
  it('downtime per year: min below 2 h, then hours, then days; small values keep two digits', () => {
    expect(downtime(0.021)).toBe('0.021 min/yr');
    expect(downtime(4.4)).toBe('4.4 min/yr');
    expect(downtime(105)).toBe('105 min/yr');
    expect(downtime(138)).toBe('2.3 h/yr');
    expect(downtime(4 * 24 * 60)).toBe('4.0 d/yr');
    expect(downtimeInterval(est(4.4, 1.1, 8))).toBe('4.4 min/yr [1.1–8.0]');
    // Downtime cannot be negative: a normal-approximation bound below 0 reads 0; a difference keeps its sign.
    expect(downtimeInterval(est(0.5, -0.4, 1.4))).toBe('0.5 min/yr [0–1.4]');
    expect(savingInterval(est(0.5, -0.4, 1.4))).toBe('0.5 min/yr [-0.4 to 1.4]');
    expect(downtimeInterval(est(0.5, -Infinity, Infinity))).toBe('0.5 min/yr [0–∞]');
    expect(downtimeInterval(est(0, 0, 0))).toBe('0 min/yr (none seen)');
    // Nothing down in too few episodes to bound it: minutes, not the unit of an infinite bound (`0 d/yr`).
    expect(downtimeInterval(est(0, 0, Infinity))).toBe('0 min/yr [0–∞]');
    expect(downtimeInterval(est(0, 0, 300))).toBe('0 h/yr [0–5.0]');
  });

  it('availability shows the unavailability to two digits; nines with one decimal', () => {
    expect(availabilityPercent(1 - 2e-6)).toBe('99.9998 %');
    expect(availabilityPercent(1 - 2.1e-6)).toBe('99.99979 %');
    expect(availabilityPercent(0.999)).toBe('99.9 %');
    expect(availabilityPercent(1)).toBe('100 %');
    expect(nines(5.73)).toBe('5.7');
    expect(ninesInterval(est(Infinity, 7, Infinity))).toBe('∞ (never down)');
    // The estimator caps nines at 12 (an availability within 1e-12 of 1): "12+", not "12.0".
    expect(ninesInterval(est(12, 12, 12))).toBe('12+');
    expect(ninesInterval(est(7.04, 6.6, 12))).toBe('7.0 [6.6–12+]');
  });

  it('shares: whole percent from 10, two digits below, a floor for the negligible', () => {
    expect(share(3.2, 7.6)).toBe('42 %');
    expect(share(0.4, 4.4)).toBe('9.1 %');
    expect(share(1.5e-8, 0.21)).toBe('< 0.01 %');
    expect(share(1, 0)).toBe('–');
  });

  it('incidents: a rate with its interval and return period; never seen said plainly', () => {
    const r = { episodes: 20000 };
    expect(incidentsText(est(0.0012, 0.0002, 0.0022), r)).toBe('0.0012/yr [0.0002–0.0022], 1 in 830 yr');
    expect(incidentsText(est(4.7e-5, 3.3e-5, 6.1e-5), r)).toBe('4.7e-5/yr [3.3e-5–6.1e-5], 1 in 21000 yr');
    expect(incidentsText(est(7.1e-9, 1e-9, 1.9e-8), r)).toBe('7.1e-9/yr [1.0e-9–1.9e-8], 1 in 1.4e8 yr');
    // An interval that reaches 0 gives no return period, and its lower bound reads 0.
    expect(incidentsText(est(0.0052, -0.0021, 0.012), r)).toBe('0.0052/yr [0–0.012]');
    expect(incidentsText(est(0, 0, 0.0024), r)).toBe('0 seen in 20000 episodes; < 0.0024/yr');
    expect(incidentsText(est(0, 0, 0), r)).toBe('0 seen in 20000 episodes');
    expect(incidentsText(est(0, 0, 0), { episodes: 1 })).toBe('0 seen in 1 episode');
  });
});

describe('renderNines', () => {
  it('a clear winner: the verdict names it, the difference and its interval, and the other setting', () => {
    expect(verdictOf(plainLines())).toEqual([
      'least downtime: timeoutMs=120s — saves 3.2 min/yr [1.1–5.3] over timeoutMs=30s',
    ]);
  });

  it('an interval of the difference that includes 0: no setting is clearly better', () => {
    const [line] = verdictOf(plainLines(noWinner));
    expect(line).toMatch(/^least downtime: no setting is clearly better — timeoutMs=120s is lowest/);
    expect(line).toContain('0.5 min/yr [-0.4 to 1.4] over timeoutMs=60s');
    expect(line).not.toMatch(/^least downtime: timeoutMs=120s —/);
  });

  it('an interval that reaches 0 exactly (two settings that did the same) is not a winner either', () => {
    for (const saved of [est(0, 0, 0), est(0.6, 0, 1.2)]) {
      const r = handResult([sixty, long], {
        label: 'timeoutMs=120s',
        versus: [{ label: 'timeoutMs=60s', savedMinPerYear: saved }],
      });
      expect(verdictOf(plainLines(r))[0]).toMatch(/^least downtime: no setting is clearly better/);
    }
  });

  it('three settings, one difference clear and one not: the winner over the first, not clearly better than the second', () => {
    const r = handResult([thirty, sixty, long], {
      label: 'timeoutMs=120s',
      versus: [
        { label: 'timeoutMs=30s', savedMinPerYear: est(3.2, 1.1, 5.3) },
        { label: 'timeoutMs=60s', savedMinPerYear: est(0.5, -0.4, 1.4) },
      ],
    });
    expect(verdictOf(plainLines(r))).toEqual([
      'least downtime: timeoutMs=120s — saves 3.2 min/yr [1.1–5.3] over timeoutMs=30s; not clearly better than timeoutMs=60s (saves 0.5 min/yr [-0.4 to 1.4]): the interval includes 0',
    ]);
  });

  it('one setting: no verdict', () => {
    expect(verdictOf(plainLines(handResult([thirty])))).toEqual([]);
  });

  it('the header: what, how many episodes and years, seed, Λ, biasing, where the rates came from', () => {
    const [what, failures, rates] = plainLines();
    expect(what).toBe(
      'hafault availability: xenserver-ha/bonded-mirrored-san, 20000 episodes ≈ 1234 years of operation (seed 7; the same episodes at all 2 settings)',
    );
    expect(failures).toBe(
      'failures: Λ = 16.2/yr over 42 components; failure biasing θ = 2 (weighted back by the likelihood ratio)',
    );
    expect(rates).toBe('rates: built-in rates (docs/availability.md); 12 of 13 kinds unverified');
    const fromFile = handResult([thirty], null, {
      rates: handRates('site-rates.yaml'),
      topologyFile: 'pool.yaml',
      biasTarget: 0,
    });
    const [w, f, r] = plainLines(fromFile);
    expect(w).toMatch(/^hafault availability: xenserver-ha, topology pool\.yaml, /);
    expect(f).toContain('no biasing (plain Monte Carlo)');
    expect(r).toBe('rates: site-rates.yaml; 12 of 13 kinds unverified');
    const overridden = withOverrides(
      handRates(),
      [
        { target: 'switch', perYear: 0.3 },
        { target: 'sw1', perYear: 1 },
      ],
      null,
    );
    const [, , flagged] = plainLines(handResult([thirty], null, { rates: overridden }));
    expect(flagged).toBe(
      'rates: built-in rates (docs/availability.md) with --rate switch=0.3, --rate sw1=1; 12 of 13 kinds unverified',
    );
    const [one] = plainLines(handResult([thirty], null, { episodes: 1 }));
    expect(one).toMatch(/^hafault availability: xenserver-ha\/bonded-mirrored-san, 1 episode ≈ /);
  });

  it('the design table: one row per setting, columns aligned, the numbers in their units', () => {
    const lines = plainLines();
    const at = lines.indexOf('whole design per setting (95% interval)');
    const [head, rule, a, b] = lines.slice(at + 1, at + 5);
    expect(rule).toMatch(/^─+ {2}─+/);
    expect(a).toMatch(/^timeoutMs=30s +99\.9986 % +4\.8 \[4\.7–5\.0\] +7\.6 min\/yr \[5\.0–10\]$/);
    expect(b).toMatch(/^timeoutMs=120s +99\.99916 % +5\.1 \[5\.0–5\.2\] +4\.4 min\/yr \[3\.1–5\.8\]$/);
    for (const row of [a, b]) expect(row.indexOf('99.')).toBe(head.indexOf('availability'));
  });

  it('per service: a service never down reads 100 % and ∞ (never down)', () => {
    const row = plainLines().find((l) => l.startsWith('vm2 ') && l.includes('timeoutMs=30s'));
    expect(row).toMatch(/100 % +∞ \(never down\) +0 min\/yr \(none seen\)$/);
  });

  it('the split by cause: only causes with downtime, each with its share of that setting', () => {
    const lines = plainLines();
    const needless = lines.find((l) => l.startsWith('needless fence'));
    expect(needless).toMatch(/^needless fence +3\.2 min\/yr \[1\.5–4\.9\] \(42 %\) +–$/);
    expect(lines.find((l) => l.startsWith('real failure'))).toContain('4.4 min/yr [3.1–5.8] (100 %)');
    for (const absent of ['fence loop', 'split brain', 'capacity refusal'])
      expect(lines.some((l) => l.startsWith(absent))).toBe(false);
  });

  it('incidents per year: a property never seen says how many episodes it was not seen in', () => {
    const lines = plainLines();
    expect(lines.find((l) => l.startsWith('noDualActive'))).toMatch(
      /^noDualActive +0 seen in 20000 episodes; < 0\.0024\/yr/,
    );
    expect(lines.find((l) => l.startsWith('noLostWrite'))).toMatch(/^noLostWrite +0 seen in 20000 episodes +–$/);
    expect(lines.find((l) => l.startsWith('noUnnecessaryFence'))).toContain('0.45/yr [0.3–0.6], 1 in 2.2 yr');
  });

  it('contributors: the five largest kinds, largest first; the sixth is left out', () => {
    const lines = plainLines();
    const at = lines.findIndex((l) => l.startsWith('largest contributors'));
    const kinds = lines.slice(at + 3, at + 9).map((l) => l.split(' ')[0]);
    // `*`: the kind's rate is unverified (every hand-built kind but switch)
    expect(kinds).toEqual(['storage-power-cycle*', 'host*', 'switch', 'nic*', 'psu*', '*']); // then the footnote
    expect(lines[at + 3]).toMatch(/^storage-power-cycle\* +3\.5 min\/yr \(46 %\) +–$/);
    expect(lines.some((l) => l.startsWith('link '))).toBe(false);
    // the footnote: unverified kinds (all contributors but switch: 3.5 + 2.5 + 0.4 + 0.15 + 0.05 of 7.6)
    expect(lines.find((l) => l.startsWith('* unverified rate'))).toMatch(/give 87 % at timeoutMs=30s, /);
  });

  it('colour only when asked: no escape codes without it, the winner in green with it', () => {
    expect(plainLines().join('\n')).not.toContain('\u001b[');
    const coloured = renderNines(clearWin, { colour: true });
    expect(
      coloured.find((l) => l.includes('least downtime'))?.startsWith('\u001b[32mleast downtime: timeoutMs=120s'),
    ).toBe(true);
    // No winner: the line is not painted as a success.
    expect(renderNines(noWinner, { colour: true }).find((l) => l.includes('least downtime'))).toMatch(/^least/);
  });

  it('an interval of ±∞ (too few episodes) or a NaN never prints as Infinity or NaN', () => {
    const wild = handSetting({
      label: 'one episode',
      down: est(3, -Infinity, Infinity),
      byCause: { failure: est(3, -Infinity, Infinity), capacity: est(NaN, NaN, NaN) },
      incidents: { noDualActive: est(0.5, -Infinity, Infinity) },
      contributors: [['host', est(3, -Infinity, Infinity)]],
    });
    const text = renderNines(handResult([wild]), { colour: false }).join('\n');
    expect(text).not.toMatch(/Infinity|NaN/);
    expect(text).toMatch(/^one episode +99\.99943 % +5\.2 \[0\.0–∞\] +3\.0 min\/yr \[0–∞\]$/m);
  });

  it('nothing ever down: says so instead of an empty split', () => {
    const calm = handSetting({ label: 'default', down: est(0, 0, 0) });
    const lines = plainLines(handResult([calm]));
    expect(lines).toContain('no downtime in any episode at any setting');
    expect(lines.some((l) => l.startsWith('downtime by cause'))).toBe(false);
  });
});

describe('ninesJson', () => {
  const never = handSetting({ label: 'default', down: est(0, 0, 0), incidents: { b: est(0, 0, 0), a: est(0, 0, 1) } });

  it('is valid JSON with no Infinity or NaN: nines of a design never down is null', () => {
    const text = ninesJson(handResult([never], null, { years: NaN }));
    expect(text).not.toMatch(/Infinity|NaN/);
    const doc = JSON.parse(text) as {
      years: unknown;
      settings: { nines: { mean: unknown }; services: { nines: { mean: unknown } }[] }[];
    };
    expect(doc.years).toBeNull();
    expect(doc.settings[0].nines.mean).toBeNull();
    expect(doc.settings[0].services[0].nines.mean).toBeNull();
  });

  it('keys in a fixed order, causes in their documented order, free-form maps sorted, a version first', () => {
    const doc = JSON.parse(ninesJson(clearWin)) as Record<string, unknown> & {
      settings: { byCause: object; incidentsPerYear: object }[];
      rates: { kinds: object };
    };
    expect(Object.keys(doc)).toEqual([
      'formatVersion',
      'hafault',
      'model',
      'preset',
      'topologyFile',
      'seed',
      'episodes',
      'years',
      'biasTarget',
      'failureModel',
      'rates',
      'settings',
      'best',
    ]);
    expect(doc.formatVersion).toBe(1);
    expect(Object.keys(doc.settings[0].byCause)).toEqual([...DOWNTIME_CAUSES]);
    expect(Object.keys(doc.settings[0].incidentsPerYear)).toEqual([
      'noDualActive',
      'noLostWrite',
      'noUnnecessaryFence',
    ]);
    expect(Object.keys(doc.rates.kinds)[0]).toBe('app-crash');
  });

  it('the same result built in another order gives the same bytes', () => {
    const flipped = handSetting({
      label: 'default',
      down: est(0, 0, 0),
      incidents: { a: est(0, 0, 1), b: est(0, 0, 0) },
    });
    expect(ninesJson(handResult([flipped]))).toBe(ninesJson(handResult([never])));
  });

  it('best: clearlyBetter follows the interval of the difference', () => {
    type Best = { label: string; clearlyBetter: boolean; versus: { clearlyBetter: boolean }[] };
    const clear = (JSON.parse(ninesJson(clearWin)) as { best: Best }).best;
    expect(clear.label).toBe('timeoutMs=120s');
    expect(clear.clearlyBetter).toBe(true);
    const unclear = (JSON.parse(ninesJson(noWinner)) as { best: Best }).best;
    expect(unclear.clearlyBetter).toBe(false);
    expect(unclear.versus[0].clearlyBetter).toBe(false);
    expect((JSON.parse(ninesJson(handResult([thirty]))) as { best: unknown }).best).toBeNull();
  });
});
