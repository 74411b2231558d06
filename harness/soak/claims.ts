// The designs the README calls clean, in one place: the soak marks these (target, property) pairs,
// makes any violation of them stand out and exits 1 for it. Each claim quotes where the README (or
// the preset's own verdict) makes it; a claim covers only the properties the text vouches for.
// Change this list when the README's claims change, never to silence a finding.
import type { Config, ConfigValue, PropertyName } from '../model.js';

export interface CleanClaim {
  readonly model: string;
  readonly preset: string;
  /** The claim holds at these resolved settings only (absent: at every setting the soak runs). */
  readonly at?: Readonly<Record<string, ConfigValue>>;
  /** The properties it vouches for (absent: every property of the model). */
  readonly properties?: readonly PropertyName[];
  /** Where the README says so, and in what words. */
  readonly source: string;
}

export const CLEAN_CLAIMS: readonly CleanClaim[] = [
  {
    model: 'xenserver-ha',
    preset: 'bonded',
    source: 'README "What the default check reports": "clean: no single NIC, switch, link, path or host failure breaks anything (XS-5)"',
  },
  {
    model: 'xenserver-ha',
    preset: 'bonded-mirrored-san',
    at: { timeoutMs: 120_000 },
    source: 'README "A finding in five minutes", step 4: "--set timeoutMs=120s   # exit 0"',
  },
  {
    model: 'everrun',
    preset: 'crossover',
    source: 'README everRun presets: "every single fault holds; downtime 0 whenever any host can run"',
  },
  {
    model: 'avance',
    preset: 'pair',
    source: 'README Avance presets: "every single fault holds, noAckedWriteLost included with nothing lost (AV-3)"',
  },
  {
    model: 'lifekeeper',
    preset: 'replicated-two-paths',
    properties: ['noDualActive', 'noAckedWriteLost'],
    source: 'README: "with two paths: clean" (LK-4); preset verdict: "one cut comm path is survived; LK-7: the backup\'s synchronous mirror … holds every acknowledged write"',
  },
  // serviceRestoredWithin is left out of these four: the README documents a SAN outage repaired
  // after a few seconds that leaves the resources out of service ("2 faults").
  ...(['p2v-many-to-1', 'v2p-1-to-many', 'v2v', 'multi-instance-aa'] as const).map((preset) => ({
    model: 'lifekeeper',
    preset,
    properties: ['noDualActive', 'noUnnecessaryFence', 'noPoolWideFence', 'noFenceLoop', 'noUnnecessaryFailover', 'noAckedWriteLost'] as PropertyName[],
    source: 'README LifeKeeper presets: "no single-fault violation" (serviceRestoredWithin excepted: a SAN outage is documented)',
  })),
  {
    model: 'vmware-ha',
    preset: 'three-hosts',
    at: { version: 'vsphere5.1+' },
    source: 'README VMware HA presets: "no single-fault violation (5.1+)"',
  },
];

/** The properties of a target the README vouches for (empty: none, the target is not called clean). */
export function claimedClean(
  claims: readonly CleanClaim[],
  model: string,
  preset: string,
  config: Config,
  properties: readonly PropertyName[],
): { properties: PropertyName[]; sources: string[] } {
  const mine = claims.filter((c) => c.model === model && c.preset === preset && Object.entries(c.at ?? {}).every(([k, v]) => config[k] === v));
  const covered = properties.filter((p) => mine.some((c) => c.properties === undefined || c.properties.includes(p)));
  return { properties: covered, sources: mine.map((c) => c.source) };
}
