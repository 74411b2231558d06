// Repair (or outage) times: one draw from a repair distribution, given two uniforms. Pure, so the
// history drawing decides where the uniforms come from (and can keep them common across settings).
import type { RepairDistribution } from './types.js';

/** A duration (ms, ≥ 0) drawn from `d` by inversion (exponential) or Box–Muller (lognormal). */
export function drawRepairMs(d: RepairDistribution, u1: number, u2: number): number {
  switch (d.shape) {
    case 'fixed':
      return d.ms;
    case 'exponential':
      return -d.meanMs * Math.log(u1);
    case 'lognormal': {
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return d.medianMs * Math.exp(d.sigma * z);
    }
  }
}

/** The distribution's mean (ms): a lognormal's mean is median·exp(σ²/2), above its median. */
export function meanRepairMs(d: RepairDistribution): number {
  switch (d.shape) {
    case 'fixed':
      return d.ms;
    case 'exponential':
      return d.meanMs;
    case 'lognormal':
      return d.medianMs * Math.exp((d.sigma * d.sigma) / 2);
  }
}
