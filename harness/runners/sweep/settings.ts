// What `sweep --set` means (the grammar is harness/engine/setFlags.ts): `key=v` fixes a setting,
// `key=v1,v2,…` makes it an axis of the grid, `key=lo..hi` makes it an environment range drawn per
// run. The grid is the cartesian product of the axes; neighbours differ in one axis by one step.
import { parseSets, readSets, textKeysOf, type EnvironmentRange, type ParsedSet } from '../../engine/setFlags.js';
import type { ConfigKey, ConfigValue, Model } from '../../engine/model.js';
import { formatMs } from '../../engine/time.js';

export type { EnvironmentRange } from '../../engine/setFlags.js';

export interface Axis {
  readonly key: string;
  /** In grid order: numbers ascending, other values as given. */
  readonly values: readonly ConfigValue[];
}

export interface SweepSettings {
  /** Fixed settings, parsed. */
  readonly fixed: Values;
  /** The same, as written (reports show them so). */
  readonly fixedAsWritten: Readonly<Record<string, string>>;
  readonly axes: readonly Axis[];
  readonly ranges: readonly EnvironmentRange[];
}

export type Values = Readonly<Record<string, ConfigValue>>;

/** The forms `sweep --set` takes. */
export const SWEEP_FORMS = ['value', 'list', 'range'] as const;

/** Parsed `--set`s (and a topology file's environment) as a sweep's fixed settings, axes and ranges. */
export function sweepSettingsOf(sets: readonly ParsedSet[]): SweepSettings {
  const fixed: Record<string, ConfigValue> = {};
  const fixedAsWritten: Record<string, string> = {};
  const axes: Axis[] = [];
  const ranges: EnvironmentRange[] = [];
  for (const s of sets) {
    if (s.form === 'value') {
      fixed[s.key] = s.value;
      fixedAsWritten[s.key] = s.text;
    } else if (s.form === 'list') {
      axes.push({ key: s.key, values: gridOrder(s.values) });
    } else {
      ranges.push(s.range);
    }
  }
  return { fixed, fixedAsWritten, axes, ranges };
}

/** Numbers ascending (a grid reads low to high), other values as given. */
function gridOrder(values: readonly ConfigValue[]): ConfigValue[] {
  const numbers = values.flatMap((v) => (typeof v === 'number' ? [v] : []));
  return numbers.length === values.length ? numbers.sort((a, b) => a - b) : [...values];
}

/** `--set` pairs of a sweep on one model. @throws ConfigError with one line per problem */
export function parseSweepSets(model: Model, pairs: readonly string[]): SweepSettings {
  return sweepSettingsOf(parseSets(model, readSets(pairs, { forms: SWEEP_FORMS }, textKeysOf([model]))));
}

/** The grid in order: the first axis varies slowest. */
export function gridOf(axes: readonly Axis[]): Values[] {
  let grid: Record<string, ConfigValue>[] = [{}];
  for (const axis of axes) grid = grid.flatMap((g) => axis.values.map((v) => ({ ...g, [axis.key]: v })));
  return grid;
}

/** Pairs of grid indices [lower, higher] that differ in exactly one axis, by one step. */
export function neighboursOf(axes: readonly Axis[]): [number, number][] {
  const sizes = axes.map((a) => a.values.length);
  const strides = sizes.map((_, i) => sizes.slice(i + 1).reduce((x, y) => x * y, 1));
  const total = sizes.reduce((x, y) => x * y, 1);
  const pairs: [number, number][] = [];
  for (let g = 0; g < total; g++) {
    axes.forEach((_, a) => {
      const position = Math.floor(g / strides[a]) % sizes[a];
      if (position + 1 < sizes[a]) pairs.push([g, g + strides[a]]);
    });
  }
  return pairs;
}

export function show(key: string, value: ConfigValue, spec?: ConfigKey): string {
  const asDuration = spec === undefined ? key.endsWith('Ms') : spec.type === 'ms';
  return asDuration && typeof value === 'number' ? formatMs(value) : String(value);
}

/** "timeoutMs=30 s, profile=xha" */
export function labelOf(values: Values): string {
  const keys = Object.keys(values);
  if (keys.length === 0) return '(defaults)';
  return keys.map((k) => `${k}=${show(k, values[k])}`).join(', ');
}

export function rangeLabel(r: EnvironmentRange): string {
  return `${r.key} ${show(r.key, r.low)}..${show(r.key, r.high)}`;
}
