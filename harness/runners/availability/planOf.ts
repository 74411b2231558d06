// An availability plan from what a user asked for: the grid of settings (sweep's `--set` grammar:
// fixed values, lists as axes, environment ranges drawn per episode), the rates and the failure
// model they give the design, and the number of episodes (given, or enough for N nominal years).
import { compileTopology } from '../../engine/compile.js';
import { ConfigError, resolveConfig } from '../../engine/config.js';
import type { ConfigValue, Model, Preset, PropertyName } from '../../engine/model.js';
import { formatMs } from '../../engine/time.js';
import { gridOf, type SweepSettings, type Values } from '../sweep/settings.js';
import { failureModel } from './components.js';
import { overrideProblems } from './overrides.js';
import type { AvailabilityPlan, AvailabilitySetting, RatesSource } from './plan.js';
import { ratesOfPlan } from './runner.js';
import type { ComponentKind, FailureModel } from './types.js';

export interface AvailabilityInput {
  readonly model: Model;
  readonly preset: Preset;
  readonly topologyFile?: string;
  readonly settings: SweepSettings;
  readonly rates: RatesSource;
  readonly kinds: readonly ComponentKind[] | null;
  readonly seed: number;
  /** Episodes to draw, or nominal years of operation (episodes = ⌈years · Λ⌉). */
  readonly length: { readonly episodes: number } | { readonly years: number };
  readonly biasTarget: number;
  readonly properties: readonly PropertyName[];
}

/** `timeoutMs=30s`: a setting as a user writes it. */
function written(key: string, value: ConfigValue): string {
  return key.endsWith('Ms') && typeof value === 'number' ? formatMs(value).replace(' ', '') : String(value);
}

export function settingLabel(values: Values): string {
  const keys = Object.keys(values);
  return keys.length === 0 ? 'default' : keys.map((k) => `${k}=${written(k, values[k])}`).join(', ');
}

/**
 * The plan and the failure model it draws from. @throws ConfigError (a setting that does not resolve,
 * a --rate naming neither a kind nor a component), or the rates file's input error
 */
export function planAvailability(input: AvailabilityInput): { plan: AvailabilityPlan; fm: FailureModel } {
  const { model, preset, settings } = input;
  const grid: AvailabilitySetting[] = gridOf(settings.axes).map((values) => ({ values, label: settingLabel(values) }));
  for (const s of grid) resolveConfig(model, preset.config ?? {}, settings.fixed, s.values);
  const base = {
    model: model.name,
    preset: preset.name,
    ...(input.topologyFile !== undefined ? { topologyFile: input.topologyFile } : {}),
    fixed: settings.fixed,
    fixedAsWritten: settings.fixedAsWritten,
    axes: settings.axes,
    ranges: settings.ranges,
    settings: grid,
    rates: input.rates,
    kinds: input.kinds,
    seed: input.seed,
    episodes: 0,
    biasTarget: input.biasTarget,
    properties: input.properties,
  };
  const fm = failureModel(
    model,
    compileTopology(preset.topology),
    ratesOfPlan(base),
    input.kinds === null ? {} : { kinds: [...input.kinds] },
  );
  const problems = overrideProblems(input.rates.overrides, fm);
  if (problems.length > 0) throw new ConfigError(problems);
  const episodes =
    'episodes' in input.length ? input.length.episodes : Math.max(1, Math.ceil(input.length.years * fm.totalPerYear));
  return { plan: { ...base, episodes }, fm };
}
