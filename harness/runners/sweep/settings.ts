// What `sweep --set` means: `key=v` fixes a setting, `key=v1,v2,…` makes it an axis of the grid,
// `key=lo..hi` makes it an environment range drawn per run. The grid is the cartesian product of the
// axes; neighbours differ in one axis by one step. Bad input is a list of problems, one line each.
import { ConfigError, parseValue } from '../../engine/config.js';
import { didYouMean } from '../../engine/didYouMean.js';
import type { ConfigKey, ConfigValue, Model } from '../../engine/model.js';
import { formatMs } from '../../engine/time.js';

export interface Axis {
  readonly key: string;
  /** In grid order: numbers ascending, other values as given. */
  readonly values: readonly ConfigValue[];
}

/**
 * An environment parameter drawn per run, uniformly from low, low + step, …, high. Durations whose
 * ends are whole seconds are drawn in whole seconds (the resolution they were written in, and the
 * agents' own timer grid); anything else in steps of 1.
 */
export interface EnvironmentRange {
  readonly key: string;
  readonly low: number;
  readonly high: number;
  readonly step: number;
}

export interface SweepSettings {
  readonly fixed: Readonly<Record<string, string>>;
  readonly axes: readonly Axis[];
  readonly ranges: readonly EnvironmentRange[];
}

export type Values = Readonly<Record<string, ConfigValue>>;

const RANGE = /^(.+?)\.\.(.+)$/;

export function parseSweepSets(model: Model, pairs: readonly string[]): SweepSettings {
  const problems: string[] = [];
  const fixed: Record<string, string> = {};
  const axes: Axis[] = [];
  const ranges: EnvironmentRange[] = [];
  const seen = new Set<string>();
  const names = model.keys.map((k) => k.key);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problems.push(`--set ${pair}: expected key=value, key=v1,v2,… or key=low..high`);
      continue;
    }
    const name = pair.slice(0, eq).trim();
    const text = pair.slice(eq + 1).trim();
    const key = model.keys.find((k) => k.key === name);
    if (!key) {
      problems.push(`${name}: not a setting of ${model.name}${didYouMean(name, names)} (see \`hafault models\`)`);
      continue;
    }
    if (seen.has(name)) {
      problems.push(`${name}: set twice; give every value in one --set ${name}=v1,v2,…`);
      continue;
    }
    seen.add(name);
    const range = RANGE.exec(text);
    if (range) {
      const r = parseRange(key, range[1].trim(), range[2].trim());
      if (typeof r === 'string') problems.push(r);
      else ranges.push(r);
    } else if (text.includes(',')) {
      const a = parseAxis(key, text.split(',').map((s) => s.trim()));
      if (typeof a === 'string') problems.push(a);
      else axes.push(a);
    } else {
      const problem = problemOf(key, text);
      if (problem !== null) problems.push(problem);
      else fixed[name] = text;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { fixed, axes, ranges };
}

/** Why a value is not one of the key's, or null. */
function problemOf(key: ConfigKey, text: string): string | null {
  const v = parseValue(key, text);
  if (key.type === 'enum') return key.values!.includes(v as string) ? null : (v as string);
  return key.type !== 'string' && typeof v === 'string' ? v : null;
}

function parseAxis(key: ConfigKey, texts: readonly string[]): Axis | string {
  const values: ConfigValue[] = [];
  for (const t of texts) {
    if (t === '') return `${key.key}: an empty value in the list`;
    const problem = problemOf(key, t);
    if (problem !== null) return problem;
    const v = parseValue(key, t);
    if (values.includes(v)) return `${key.key}: ${show(key.key, v, key)} is listed twice`;
    values.push(v);
  }
  if (values.every((v) => typeof v === 'number')) values.sort((a, b) => a - b);
  return { key: key.key, values };
}

function parseRange(key: ConfigKey, lowText: string, highText: string): EnvironmentRange | string {
  if (key.type !== 'ms' && key.type !== 'number') return `${key.key}: a range needs a duration or number setting (${key.key} is ${key.type})`;
  const low = parseValue(key, lowText);
  const high = parseValue(key, highText);
  if (typeof low === 'string') return low;
  if (typeof high === 'string') return high;
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) return `${key.key}: range ends must be whole numbers, found ${lowText}..${highText}`;
  if ((low as number) > (high as number)) return `${key.key}: range ${lowText}..${highText} is empty (low > high)`;
  const wholeSeconds = key.type === 'ms' && (low as number) % 1000 === 0 && (high as number) % 1000 === 0;
  return { key: key.key, low: low as number, high: high as number, step: wholeSeconds ? 1000 : 1 };
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
  return spec?.type === 'ms' || (spec === undefined && key.endsWith('Ms') && typeof value === 'number') ? formatMs(value as number) : String(value);
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
