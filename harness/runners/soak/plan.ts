// The soak's plan as plain data (it crosses into worker threads as it is): every built-in model ×
// preset × soak setting, the runs each target gets, and each target's sub-seed. Runs are shared out
// by weight: a target's number of single faults (its fault space grows with it), doubled where the
// README calls the design clean (there a finding contradicts a claim). A sub-seed depends on the
// soak seed and the target's name only, so narrowing the plan (--model) keeps each target's schedules.
import { compileTopology } from '../../engine/compile.js';
import { resolveConfig } from '../../engine/config.js';
import { FAULTS } from '../../engine/faults/index.js';
import { drawableKinds, vocabularyOf } from '../../engine/generators.js';
import type { Config, ConfigValue, Model, Preset, PropertyName } from '../../engine/model.js';
import { catalogueModels } from '../userModels/catalogue.js';
import { mix32 } from '../sweep/draw.js';
import { formatMs } from '../../engine/time.js';
import { claimedClean, type CleanClaim, type KnownRef } from './claims.js';

export interface SoakSetting {
  readonly values: Readonly<Record<string, ConfigValue>>;
}

/**
 * Settings the soak runs besides the defaults. XenServer HA: both profiles, each at its own default
 * timeout and at 120 s (the timeout seed 004 ends with).
 */
export const SOAK_SETTINGS: Readonly<Record<string, readonly SoakSetting[]>> = {
  'xenserver-ha': [
    { values: { profile: 'xha' } },
    { values: { profile: 'xha', timeoutMs: 120_000 } },
    { values: { profile: 'seed-2009' } },
    { values: { profile: 'seed-2009', timeoutMs: 120_000 } },
  ],
};

/** Keys shown in a setting's label even when left at their default. */
const SHOWN_KEYS: Readonly<Record<string, readonly string[]>> = { 'xenserver-ha': ['profile', 'timeoutMs'] };

export interface SoakTarget {
  /** Stable name: model/preset and the setting's values (the sub-seed hashes it). */
  readonly id: string;
  readonly model: string;
  readonly preset: string;
  readonly values: Readonly<Record<string, ConfigValue>>;
  /** The setting as an engineer reads it, e.g. `profile=xha timeoutMs=60 s (default)`. */
  readonly setting: string;
  readonly properties: readonly PropertyName[];
  /** Properties the README vouches for on this target, and where it says so. */
  readonly clean: readonly PropertyName[];
  readonly cleanSources: readonly string[];
  /** Faults the clean claims vouch for; a violation with more may be explained by a known behaviour. */
  readonly cleanFaults: number;
  /** Cited product behaviours that explain violations of clean properties beyond `cleanFaults`. */
  readonly known: readonly KnownRef[];
  /** Distinct single faults the generator can draw here. */
  readonly singleFaults: number;
  readonly weight: number;
  readonly runs: number;
  readonly seed: number;
}

export interface SoakPlan {
  readonly seed: number;
  readonly maxFaults: number;
  readonly repairs: boolean;
  readonly runs: number;
  readonly targets: readonly SoakTarget[];
}

export interface PlanOptions {
  readonly seed: number;
  /** Runs in all, shared out by weight. */
  readonly runs: number;
  readonly maxFaults?: number;
  readonly model?: string;
  readonly preset?: string;
  /** The clean list (tests pass their own). */
  readonly claims: readonly CleanClaim[];
}

export const SOAK_MAX_FAULTS = 2;

/** A plan that cannot be made (the CLI reports it as bad input). */
export class SoakPlanError extends Error {}
const SOAK_STREAM = 3;

/** A 32-bit hash of a name (FNV-1a), to feed mix32. */
function hashName(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function valueText(key: string, v: ConfigValue): string {
  return key.endsWith('Ms') && typeof v === 'number' ? formatMs(v) : String(v);
}

function settingLabel(model: Model, values: Readonly<Record<string, ConfigValue>>, config: Config): string {
  const keys = [...new Set([...(SHOWN_KEYS[model.name] ?? []), ...Object.keys(values)])];
  if (keys.length === 0) return 'defaults';
  return keys.map((k) => `${k}=${valueText(k, config[k])}${k in values ? '' : ' (default)'}`).join(' ');
}

function singleFaultsOf(model: Model, preset: Preset): number {
  const topo = compileTopology(preset.topology);
  const vocabulary = vocabularyOf(model);
  return drawableKinds(topo, preset.faults ?? model.faults, vocabulary).reduce(
    (n, k) => n + FAULTS[k].targets(topo, vocabulary).length,
    0,
  );
}

type Unsized = Omit<SoakTarget, 'runs'>;

function targetsOf(model: Model, preset: Preset, seed: number, claims: readonly CleanClaim[]): Unsized[] {
  const singleFaults = singleFaultsOf(model, preset);
  return (SOAK_SETTINGS[model.name] ?? [{ values: {} }]).map(({ values }) => {
    const config = resolveConfig(model, preset.config ?? {}, values);
    const id = `${model.name}/${preset.name}${Object.entries(values)
      .map(([k, v]) => ` ${k}=${v}`)
      .join('')}`;
    const clean = claimedClean(claims, model.name, preset.name, config, model.properties);
    return {
      id,
      model: model.name,
      preset: preset.name,
      values,
      setting: settingLabel(model, values, config),
      properties: model.properties,
      clean: clean.properties,
      cleanSources: clean.sources,
      cleanFaults: clean.faults,
      known: clean.known,
      singleFaults,
      weight: singleFaults * (clean.properties.length > 0 ? 2 : 1),
      seed: mix32(SOAK_STREAM, seed, hashName(id)),
    };
  });
}

/** Shares `total` out in proportion to the weights (largest remainders), every target at least one run. */
export function shareRuns(weights: readonly number[], total: number): number[] {
  if (total < weights.length)
    throw new SoakPlanError(`${total} runs cannot cover the plan's ${weights.length} targets (at least one each)`);
  const spare = total - weights.length;
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (spare * w) / sum);
  const runs = exact.map((x) => 1 + Math.floor(x));
  let left = total - runs.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left === 0) break;
    runs[i]++;
    left--;
  }
  return runs;
}

/** Every built-in target (or the chosen model's / preset's), with its runs and sub-seed. */
export function planSoak(options: PlanOptions): SoakPlan {
  const models = catalogueModels().filter((m) => options.model === undefined || m.name === options.model);
  const unsized = models.flatMap((m) =>
    m.presets
      .filter((p) => options.preset === undefined || p.name === options.preset)
      .flatMap((p) => targetsOf(m, p, options.seed, options.claims)),
  );
  if (unsized.length === 0) throw new SoakPlanError('the plan has no target');
  const runs = shareRuns(
    unsized.map((t) => t.weight),
    options.runs,
  );
  return {
    seed: options.seed,
    maxFaults: options.maxFaults ?? SOAK_MAX_FAULTS,
    repairs: true,
    runs: options.runs,
    targets: unsized.map((t, i) => ({ ...t, runs: runs[i] })),
  };
}
