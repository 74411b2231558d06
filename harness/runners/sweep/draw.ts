// Common random numbers: schedule i and its environment draw are functions of (seed, i) alone, so
// every setting meets the same faults in the same environment, whichever worker runs index i and in
// whatever order. Differences between rows come from the setting, not from the luck of the draw.
import fc from 'fast-check';
import type { FaultStep } from '../../engine/faults/index.js';
import type { EnvironmentRange } from './settings.js';

/** A 32-bit mix of a few integers (murmur3's finaliser over a running hash). */
export function mix32(...parts: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

const SCHEDULE_STREAM = 1;
const ENVIRONMENT_STREAM = 2;

/**
 * Schedule `index` of a sweep. Drawn without fast-check's bias toward small values (a search wants
 * that bias; a rate must estimate the generator's plain distribution).
 */
export function drawSchedule(arbitrary: fc.Arbitrary<FaultStep[]>, seed: number, index: number): FaultStep[] {
  // `unbiased` is the only way to turn bias off for `sample` (the unbiased plugin applies to runners only).
  return fc.sample(arbitrary, { seed: mix32(SCHEDULE_STREAM, seed, index) | 0, numRuns: 1, unbiased: true })[0];
}

/** The environment of run `index`: one value per range, uniform over its steps. */
export function drawEnvironment(
  ranges: readonly EnvironmentRange[],
  seed: number,
  index: number,
): Record<string, number> {
  const out: Record<string, number> = {};
  ranges.forEach((r, k) => {
    const steps = Math.floor((r.high - r.low) / r.step) + 1;
    out[r.key] = r.low + r.step * Math.floor((mix32(ENVIRONMENT_STREAM, seed, index, k) / 2 ** 32) * steps);
  });
  return out;
}
