// The one source of randomness of an availability run: a uniform number that is a function of
// (seed, episode index, stream, k) alone, so an episode is the same whichever worker draws it, in
// whatever order, at every setting (common random numbers). Streams keep the draws of different
// purposes apart: changing how many repairs an episode draws does not move its failure clock.
import { mix32 } from '../sweep/draw.js';

const TWO_POW_26 = 2 ** 26;
const TWO_POW_52 = 2 ** 52;

/**
 * A uniform number strictly inside (0, 1), with 52 random bits (two 32-bit mixes): fine enough that
 * −ln(u) and a lognormal's far tail are not cut off at 2^−32. Never 0 or 1, so logarithms are finite.
 */
export function uniform(seed: number, index: number, stream: number, k: number): number {
  const hi = mix32(seed, index, stream, k, 0) >>> 6;
  const lo = mix32(seed, index, stream, k, 1) >>> 6;
  // (n + 0.5) / 2^52 with n < 2^52: n + 0.5 needs at most 53 significant bits, so it is exact.
  return (hi * TWO_POW_26 + lo + 0.5) / TWO_POW_52;
}
