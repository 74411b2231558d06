// One simulation per schedule must not change a verdict: `searchProperties` (one pass judging every
// property, then each failure shrunk from its own run) is compared with each property's own search
// (`searchProperty`, the reference) on every built-in model's presets, a few seeds, two faults with
// repairs; and on a toy model whose runs never settle, where the first failure decides what is shrunk.
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../models/registry.js';
import { pingPongModel } from '../../test/models/pingPong.js';
import { presetTarget, type Target } from '../engine/target.js';
import { searchProperties, searchProperty, type PropertyResult, type SearchOptions } from './search.js';

/** Everything a result says, the counterexample's run as its trace entries. */
function seen(r: PropertyResult) {
  const ce = r.counterexample;
  return {
    ...r,
    counterexample: ce && { ...ce, run: { entries: ce.run.entries, meta: ce.run.meta } },
  };
}

function agree(t: Target, options: SearchOptions): { violated: number; stopped: number } {
  const properties = t.model.properties;
  let runs = 0;
  const got = searchProperties(t, properties, { ...options, onRun: () => runs++ });
  const want = properties.map((p) => searchProperty(t, p, options));
  expect(got.map(seen)).toEqual(want.map(seen));
  // The pass counts each schedule once; shrinking adds its runs.
  expect(runs).toBeGreaterThanOrEqual(options.runs);
  return {
    violated: got.filter((r) => r.status === 'violated').length,
    stopped: got.filter((r) => r.status === 'oscillating').length,
  };
}

describe('searchProperties equals each property searched on its own', () => {
  for (const model of MODELS)
    it(`${model.name}: every preset, seeds 1 and 7, two faults with repairs`, () => {
      for (const preset of model.presets)
        for (const seed of [1, 7])
          agree(presetTarget(model, preset, {}), { runs: 12, seed, maxFaults: 2, repairs: true });
    });

  it('finds and shrinks violations in the spread (xenserver-ha, two faults)', () => {
    const model = MODELS.find((m) => m.name === 'xenserver-ha')!;
    const t = presetTarget(
      model,
      model.presets.find((p) => p.name === 'bonded-mirrored-san')!,
      {},
    );
    expect(agree(t, { runs: 150, seed: 3, maxFaults: 2, repairs: true }).violated).toBeGreaterThan(0);
  });

  it('runs that never settle: each property shrinks what failed it first', () => {
    const t = presetTarget(pingPongModel, pingPongModel.presets[0], { react: 'timer', delayMs: '0' });
    expect(agree(t, { runs: 20, seed: 5, maxFaults: 2, repairs: true }).stopped).toBeGreaterThan(0);
  });
});
