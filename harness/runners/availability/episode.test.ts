import { describe, expect, it } from 'vitest';
import { findModel } from '../../../models/registry.js';
import { compileTopology } from '../../engine/compile.js';
import { resolveConfig } from '../../engine/config.js';
import type { FaultName } from '../../engine/faults/index.js';
import { Simulation } from '../../engine/simulator.js';
import { EPISODE_START_MS, episodeSchedule, runEpisode, unionMs } from './episode.js';
import type { Component, ComponentKind, Episode, FailureModel } from './types.js';

const HOUR_MS = 3_600_000;
const model = findModel('xenserver-ha')!;

function simulation(preset: string, overrides: Record<string, string> = {}): Simulation {
  const p = model.presets.find((x) => x.name === preset)!;
  return new Simulation(model, compileTopology(p.topology), resolveConfig(model, p.config ?? {}, overrides));
}

function component(id: string, kind: ComponentKind, fail: FaultName, repair: FaultName | null): Component {
  return { id, kind, fail, target: id, repair, perYear: 1, repairTime: { shape: 'fixed', ms: HOUR_MS } };
}

const COMPONENTS: Component[] = [
  component('sw1', 'switch', 'switch-down', 'switch-up'),
  component('h2', 'host', 'host-crash', 'host-boot'),
  component('h3', 'host', 'host-crash', 'host-boot'),
  component('sanA', 'storage-power-cycle', 'storage-hard-powercycle', null),
  component('vmsw', 'switch', 'switch-down', null),
];
const FM: FailureModel = {
  components: COMPONENTS,
  groups: [],
  totalPerYear: 4,
  operatorRestore: { shape: 'fixed', ms: HOUR_MS },
};

/** A hand-made episode: each of `failing` fails at its offset and is repaired `forMs` later. */
function episode(failing: readonly { c: number; atMs: number; forMs: number }[], operatorRestoreMs = HOUR_MS): Episode {
  const events = failing
    .flatMap((f) => [
      { atMs: f.atMs, component: f.c, type: 'fail' as const },
      { atMs: f.atMs + f.forMs, component: f.c, type: 'repair' as const },
    ])
    .sort((a, b) => a.atMs - b.atMs);
  return {
    index: 0,
    initiator: failing[0].c,
    events,
    durationMs: Math.max(...failing.map((f) => f.atMs + f.forMs)),
    likelihoodRatio: 1,
    bias: 1,
    operatorRestoreMs,
  };
}

const PROPERTIES = model.properties;

describe('episodeSchedule', () => {
  it('turns failures and repairs into fault steps from the start offset, in time order', () => {
    const e = episode([
      { c: 1, atMs: 0, forMs: 2 * HOUR_MS },
      { c: 0, atMs: 60_000, forMs: 1000 },
      { c: 3, atMs: 120_000, forMs: 5000 },
    ]);
    expect(episodeSchedule(FM, e, 10_000)).toEqual([
      { at: 10_000, fault: 'host-crash', target: 'h2' },
      { at: 70_000, fault: 'switch-down', target: 'sw1' },
      { at: 71_000, fault: 'switch-up', target: 'sw1' },
      // sanA's repair is its own reboot (no fault injected for it)
      { at: 130_000, fault: 'storage-hard-powercycle', target: 'sanA' },
      { at: 10_000 + 2 * HOUR_MS, fault: 'host-boot', target: 'h2' },
    ]);
    expect(episodeSchedule(FM, e)[0].at).toBe(EPISODE_START_MS);
  });
});

describe('unionMs', () => {
  it('counts overlapping windows once', () => {
    expect(
      unionMs([
        { fromMs: 0, toMs: 10 },
        { fromMs: 5, toMs: 20 },
        { fromMs: 30, toMs: 40 },
        { fromMs: 32, toMs: 35 },
      ]),
    ).toBe(30);
    expect(unionMs([])).toBe(0);
  });
});

describe('runEpisode on xenserver-ha', () => {
  it('single-switch: sw1 down for 2 h fences the pool; the downtime is a needless fence', () => {
    const out = runEpisode(
      simulation('single-switch'),
      model,
      FM,
      episode([{ c: 0, atMs: 0, forMs: 2 * HOUR_MS }]),
      PROPERTIES,
    );
    expect(out.violated).toContain('noUnnecessaryFence');
    expect(out.designDownMs).toBeGreaterThan(60_000);
    expect(out.byCause['needless-fence']).toBe(out.designDownMs);
    expect(out.byCause.failure).toBe(0);
    expect(out.serviceDownMs.length).toBe(3);
    expect(Math.max(...out.serviceDownMs)).toBeLessThanOrEqual(out.designDownMs);
  });

  it('bonded: one switch down for 2 h costs nothing', () => {
    const out = runEpisode(
      simulation('bonded'),
      model,
      FM,
      episode([{ c: 0, atMs: 0, forMs: 2 * HOUR_MS }]),
      PROPERTIES,
    );
    expect(out).toEqual({
      serviceDownMs: [0, 0, 0],
      designDownMs: 0,
      byCause: { failure: 0, 'needless-fence': 0, 'fence-loop': 0, 'split-brain': 0, capacity: 0 },
      violated: [],
      leftDown: 0,
    });
  });

  it('bonded: a host crash for 2 h costs its VM the restart time, charged to the failure', () => {
    const out = runEpisode(
      simulation('bonded'),
      model,
      FM,
      episode([{ c: 1, atMs: 0, forMs: 2 * HOUR_MS }]),
      PROPERTIES,
    );
    expect(out.violated).toEqual([]);
    expect(out.leftDown).toBe(0);
    // only h2's VM goes down, for detection + winners' wait + VM boot: minutes, not the 2 h repair
    expect(out.serviceDownMs[0]).toBe(0);
    expect(out.serviceDownMs[2]).toBe(0);
    expect(out.serviceDownMs[1]).toBeGreaterThan(60_000);
    expect(out.serviceDownMs[1]).toBeLessThan(300_000);
    expect(out.designDownMs).toBe(out.serviceDownMs[1]);
    expect(out.byCause.failure).toBe(out.designDownMs);
  });

  it("a longer timeout restores a crashed host's VM later", () => {
    const crash = episode([{ c: 1, atMs: 0, forMs: 2 * HOUR_MS }]);
    const at = (t: string) =>
      runEpisode(simulation('bonded-mirrored-san', { timeoutMs: t }), model, FM, crash, PROPERTIES);
    expect(at('120s').designDownMs).toBeGreaterThan(at('30s').designDownMs + 60_000);
  });

  it('what the design does not restore waits for an operator: added per service and once to the design', () => {
    // vmsw down with no repair injected: every VM is unreachable until the run ends
    const sim = simulation('single-switch');
    const cut = (restoreMs: number) =>
      runEpisode(sim, model, FM, episode([{ c: 4, atMs: 0, forMs: HOUR_MS }], restoreMs), PROPERTIES);
    const short = cut(HOUR_MS);
    const long = cut(3 * HOUR_MS);
    expect(short.leftDown).toBe(3);
    expect(short.violated).toContain('servicesSurvive');
    expect(long.designDownMs - short.designDownMs).toBe(2 * HOUR_MS);
    expect(long.serviceDownMs.map((ms, i) => ms - short.serviceDownMs[i])).toEqual([2, 2, 2].map((h) => h * HOUR_MS));
    expect(short.byCause.failure).toBe(short.designDownMs);
  });
});
