// An availability plan from what a user asked for: the grid of settings (sweep's `--set` grammar:
// fixed values, lists as axes, environment ranges drawn per episode), the rates and the failure
// model they give the design, and the number of episodes (given, or enough for N nominal years).
import { compileTopology } from '../../engine/compile.js';
import { ConfigError, resolveConfig } from '../../engine/config.js';
import type { ConfigValue, Model, Preset, PropertyName } from '../../engine/model.js';
import { formatMs } from '../../engine/time.js';
import { gridOf, type SweepSettings, type Values } from '../sweep/settings.js';
import { COMPONENT_KINDS, failureModel } from './components.js';
import { overrideProblems } from './overrides.js';
import type { AvailabilityPlan, AvailabilitySetting, RatesSource } from './plan.js';
import { loadRatesFile, unknownComponentProblems } from './ratesFile.js';
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
 * A lone setting's label: what it fixes (`--set k=v`) and draws per episode (`k=lo..hi`), so the
 * output does not call T = 120 s "default". With axes, each label names its axis values only.
 */
function loneLabel(settings: SweepSettings): string {
  const shared = [
    ...Object.keys(settings.fixed).map((k) => `${k}=${written(k, settings.fixed[k])}`),
    ...settings.ranges.map((r) => `${r.key}=${written(r.key, r.low)}..${written(r.key, r.high)}`),
  ];
  return shared.length === 0 ? 'default' : shared.join(', ');
}

/** `--faults` kinds the design has no component of: one line each (they would change nothing, silently). */
function kindProblems(kinds: readonly ComponentKind[] | null, every: FailureModel): string[] {
  const has = COMPONENT_KINDS.filter((k) => every.components.some((c) => c.kind === k));
  return (kinds ?? [])
    .filter((k) => !has.includes(k))
    .map((k) => `--faults: this design has no component of kind \`${k}\` (its kinds: ${has.join(', ')})`);
}

/**
 * The plan and the failure model it draws from. @throws ConfigError (a setting that does not resolve,
 * a --rate naming neither a kind nor a component), or the rates file's input error
 */
export function planAvailability(input: AvailabilityInput): { plan: AvailabilityPlan; fm: FailureModel } {
  const { model, preset, settings } = input;
  const grid: AvailabilitySetting[] = gridOf(settings.axes).map((values) => ({
    values,
    label: settings.axes.length === 0 ? loneLabel(settings) : settingLabel(values),
  }));
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
  const compiled = compileTopology(preset.topology);
  const rates = ratesOfPlan(base);
  const fm = failureModel(model, compiled, rates, input.kinds === null ? {} : { kinds: [...input.kinds] });
  // The file's component ids and --rate's names, checked against every component of the design
  // (one --faults leaves out is still a component: its override is just not used).
  const every = input.kinds === null ? fm : failureModel(model, compiled, rates);
  const fromFile = input.rates.file === null ? [] : unknownComponentProblems(loadRatesFile(input.rates.file), every);
  const problems = [
    ...fromFile,
    ...overrideProblems(input.rates.overrides, every),
    ...kindProblems(input.kinds, every),
  ];
  if (problems.length > 0) throw new ConfigError(problems);
  if (!(fm.totalPerYear > 0))
    throw new ConfigError(['no component of this design fails at these rates (every rate is 0): nothing to estimate']);
  const episodes =
    'episodes' in input.length ? input.length.episodes : Math.max(1, Math.ceil(input.length.years * fm.totalPerYear));
  return { plan: { ...base, episodes }, fm };
}
