import { describe, expect, it } from 'vitest';
import { drawEpisode, likelihoodRatioBound, MAX_FAILURES_PER_EPISODE } from './history.js';
import { YEAR_MS, type Component, type Episode, type FailureModel, type RepairDistribution } from './types.js';

const H = 3_600_000;

function part(
  id: string,
  perYear: number,
  repairTime: RepairDistribution,
  repair: Component['repair'] = 'host-boot',
): Component {
  return { id, kind: 'host', fail: 'host-crash', target: id, repair, perYear, repairTime };
}

function model(components: Component[], groups: FailureModel['groups'] = []): FailureModel {
  const totalPerYear = components.reduce((a, c) => a + c.perYear, 0) + groups.reduce((a, g) => a + g.perYear, 0);
  return { components, groups, totalPerYear, operatorRestore: { shape: 'lognormal', medianMs: H, sigma: 1 } };
}

const LOGN: RepairDistribution = { shape: 'lognormal', medianMs: 2 * H, sigma: 1.2 };
const pool = model(['a', 'b', 'c', 'd'].map((id) => part(id, 1, LOGN)));

/** Every fail is followed by its component's repair before the component fails again. */
function wellFormed(fm: FailureModel, e: Episode): void {
  const down = new Set<number>();
  expect(e.events[0].atMs).toBe(0);
  e.events.forEach((ev, i) => {
    if (i > 0) expect(ev.atMs).toBeGreaterThanOrEqual(e.events[i - 1].atMs);
    if (ev.type === 'fail') {
      expect(down.has(ev.component)).toBe(false);
      down.add(ev.component);
    } else {
      expect(down.delete(ev.component)).toBe(true);
    }
  });
  expect(down.size).toBe(0);
  expect(e.durationMs).toBe(e.events[e.events.length - 1].atMs);
  expect(e.events.filter((ev) => ev.type === 'fail').length).toBeLessThanOrEqual(
    1 + MAX_FAILURES_PER_EPISODE + Math.max(0, ...fm.groups.map((g) => g.members.length)),
  );
}

describe('drawEpisode', () => {
  it('is a function of (model, seed, index): same inputs, deep-equal episode', () => {
    expect(drawEpisode(pool, 5, 17, 1)).toEqual(drawEpisode(pool, 5, 17, 1));
    expect(drawEpisode(pool, 5, 17, 1)).not.toEqual(drawEpisode(pool, 5, 18, 1));
    expect(drawEpisode(pool, 5, 17, 1)).not.toEqual(drawEpisode(pool, 6, 17, 1));
  });

  it('draws well-formed episodes: sorted, first at 0, each failure repaired, duration the last repair', () => {
    for (let i = 0; i < 500; i++) wellFormed(pool, drawEpisode(pool, 1, i, 2));
  });

  it('without biasing: likelihood ratio and bias 1; the initiator alone in most short episodes', () => {
    for (let i = 0; i < 200; i++) {
      const e = drawEpisode(pool, 1, i, 0);
      expect(e.likelihoodRatio).toBe(1);
      expect(e.bias).toBe(1);
      expect(e.initiator).toBe(e.events[0].component);
    }
  });

  it('biases toward θ further failures in the initiator window and weighs them back', () => {
    let further = 0;
    const n = 2000;
    for (let i = 0; i < n; i++) {
      const e = drawEpisode(pool, 3, i, 1);
      // b = θ / (Λ_rest · initiator window): three other components of rate 1 per year.
      const windowMs = e.events.find((ev) => ev.type === 'repair' && ev.component === e.initiator)!.atMs;
      expect(e.bias / Math.max(1, 1 / (3 * (windowMs / YEAR_MS)))).toBeCloseTo(1, 9);
      further += e.events.filter((ev) => ev.type === 'fail').length - 1;
      if (e.events.length === 2) expect(e.likelihoodRatio).toBeGreaterThan(1);
      else expect(e.likelihoodRatio).toBeLessThan(1);
    }
    // θ = 1 expected at the initial up-rate (fewer once some are down; more after the first window).
    expect(further / n).toBeGreaterThan(0.7);
    expect(further / n).toBeLessThan(1.6);
    // Unbiased: 3 per year × a window of hours ≈ 0.0015 further failures per episode.
    let plain = 0;
    for (let i = 0; i < n; i++)
      plain += drawEpisode(pool, 3, i, 0).events.filter((ev) => ev.type === 'fail').length - 1;
    expect(plain / n).toBeLessThan(0.01);
  });

  it('picks the initiator in proportion to rate, groups included', () => {
    const fm = model([part('rare', 1, LOGN), part('often', 3, LOGN)], [{ kind: 'host', members: [0, 1], perYear: 4 }]);
    const counts = { rare: 0, often: 0, group: 0 };
    const n = 8000;
    for (let i = 0; i < n; i++) {
      const e = drawEpisode(fm, 2, i, 0);
      if (e.initiator === 0) counts.rare++;
      else if (e.initiator === 1) counts.often++;
      else {
        expect(e.initiator).toBe('group:0');
        expect(e.events.slice(0, 2).map((ev) => [ev.atMs, ev.component, ev.type])).toEqual([
          [0, 0, 'fail'],
          [0, 1, 'fail'],
        ]);
        counts.group++;
      }
    }
    // Shares 1/8, 3/8, 4/8, each within ~4 standard errors.
    expect(Math.abs(counts.rare / n - 0.125)).toBeLessThan(0.015);
    expect(Math.abs(counts.often / n - 0.375)).toBeLessThan(0.022);
    expect(Math.abs(counts.group / n - 0.5)).toBeLessThan(0.022);
  });

  it('an instantaneous component (no repair fault, zero time) is a lone fail event', () => {
    const fm = model([part('crash', 1, { shape: 'fixed', ms: 0 }, null)]);
    const e = drawEpisode(fm, 1, 0, 1);
    expect(e.events).toEqual([{ atMs: 0, component: 0, type: 'fail' }]);
    expect(e.durationMs).toBe(0);
    expect(e.likelihoodRatio).toBe(1);
    expect(e.operatorRestoreMs).toBeGreaterThan(0);
  });

  it('a fixed repair time is the window', () => {
    const fm = model([part('x', 1, { shape: 'fixed', ms: 5 * H })]);
    const e = drawEpisode(fm, 1, 4, 0);
    expect(e.events).toEqual([
      { atMs: 0, component: 0, type: 'fail' },
      { atMs: 5 * H, component: 0, type: 'repair' },
    ]);
    expect(e.durationMs).toBe(5 * H);
  });

  it('caps the failures of an episode whatever the bias', () => {
    const busy = model(Array.from({ length: 30 }, (_, i) => part(`n${i}`, 1, LOGN)));
    let capped = 0;
    for (let i = 0; i < 300; i++) {
      const e = drawEpisode(busy, 1, i, 50);
      wellFormed(busy, e);
      if (e.events.filter((ev) => ev.type === 'fail').length === 1 + MAX_FAILURES_PER_EPISODE) capped++;
    }
    expect(capped).toBeGreaterThan(0);
  });

  it('no episode carries a likelihood ratio above likelihoodRatioBound, common-cause groups included', () => {
    const uneven = model(
      [
        part('a', 4, LOGN),
        part('b', 0.5, LOGN),
        part('c', 0.5, LOGN),
        part('d', 0.2, { shape: 'fixed', ms: 30 * 24 * H }),
      ],
      [{ kind: 'host', members: [0, 1, 2], perYear: 1 }],
    );
    for (const [fm, theta] of [
      [pool, 1],
      [uneven, 1],
      [uneven, 3],
    ] as const) {
      const bound = likelihoodRatioBound(fm, theta);
      expect(bound).toBeGreaterThanOrEqual(Math.exp(theta));
      let top = 0;
      for (let i = 0; i < 3000; i++) top = Math.max(top, drawEpisode(fm, 3, i, theta).likelihoodRatio);
      expect(top).toBeLessThanOrEqual(bound);
      // without groups the bound is e^θ·(Λ − λ)/(Λ − λ) = e^θ, and the largest weights come near it
      if (fm.groups.length === 0) expect(top).toBeGreaterThan(bound / 3);
    }
    expect(likelihoodRatioBound(pool, 0)).toBe(1);
  });

  it('refuses a design where nothing can fail', () => {
    expect(() => drawEpisode(model([part('x', 0, LOGN)]), 1, 0, 1)).toThrow(/total failure rate 0/);
  });
});
