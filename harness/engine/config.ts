// Resolves a model's settings: its defaults (some depend on other settings, e.g. a profile's
// timeout), a preset's overrides, then the user's `--set` (its grammar: setFlags.ts). Bad input
// becomes a list of problems, one line each, never an exception from deep inside a run.
import type { Config, ConfigKey, ConfigValue, Model, NumericKey } from './model.js';
import { didYouMean } from './didYouMean.js';
import { formatExactMs, parseDuration } from './time.js';

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** "from 10 ms to 255 s (keepalived vrrp_parser.c: …)": a numeric key's range and where it comes from. */
export function rangeText(key: NumericKey): string {
  const show = key.type === 'ms' ? formatExactMs : String;
  return `from ${show(key.min)} to ${show(key.max)} (${key.rangeSource})`;
}

/** A whole number written as digits (an optional sign); anything else (`1e3`, `0x10`, ``) is not one. */
const WHOLE = /^\s*[+-]?\d+\s*$/;

/** One value for a key: the value, or a problem sentence. */
export type ParsedValue =
  { readonly ok: true; readonly value: ConfigValue } | { readonly ok: false; readonly problem: string };

const ok = (value: ConfigValue): ParsedValue => ({ ok: true, value });
const problem = (text: string): ParsedValue => ({ ok: false, problem: text });

/** Parses one value for a key; a problem names the key, the value, the expected range and its source. */
export function parseValue(key: ConfigKey, raw: string | ConfigValue): ParsedValue {
  const text = String(raw);
  switch (key.type) {
    case 'ms': {
      const ms = typeof raw === 'number' ? raw : parseDuration(text);
      if (ms === null || !Number.isSafeInteger(ms) || ms < key.min || ms > key.max) {
        // `timeoutMs=30` meant 30 s: say how a bare number was read.
        const bare =
          ms !== null && typeof raw === 'string' && /^\s*\d+\s*$/.test(text) ? ` (read as ${formatExactMs(ms)})` : '';
        return problem(
          `${key.key}: expected a duration in whole milliseconds ${rangeText(key)}, found \`${text}\`${bare}`,
        );
      }
      return ok(ms);
    }
    case 'number': {
      const v = typeof raw === 'number' ? raw : WHOLE.test(text) ? Number(text) : NaN;
      if (!Number.isSafeInteger(v) || v < key.min || v > key.max)
        return problem(`${key.key}: expected a whole number ${rangeText(key)}, found \`${text}\``);
      return ok(v);
    }
    case 'boolean':
      if (text === 'true' || text === 'false') return ok(text === 'true');
      return problem(`${key.key}: expected true or false, found \`${text}\``);
    case 'enum': {
      const values = key.values ?? [];
      if (values.includes(text)) return ok(text);
      return problem(`${key.key}: expected one of ${values.join(', ')}, found \`${text}\`${didYouMean(text, values)}`);
    }
    case 'string':
      return ok(text.trim());
  }
}

/** Default of every key given the other settings (a profile's timeout follows the profile). */
export function defaultsFor(model: Model, chosen: Readonly<Record<string, ConfigValue>>): Config {
  const out: Record<string, ConfigValue> = {};
  for (const k of model.keys) {
    if (typeof k.default !== 'function') out[k.key] = k.default;
  }
  for (const k of model.keys) {
    if (typeof k.default === 'function') out[k.key] = k.default({ ...out, ...chosen });
  }
  return out;
}

/** Settings by name, as written (`120s`) or as values; an undefined one is not set (a preset's `Partial`). */
export type SettingsLayer = Readonly<Record<string, string | ConfigValue | undefined>>;

/**
 * @param layers settings in increasing precedence (preset, then user)
 * @throws ConfigError with one line per problem
 */
export function resolveConfig(model: Model, ...layers: readonly SettingsLayer[]): Config {
  const problems: string[] = [];
  const chosen: Record<string, ConfigValue> = {};
  const names = model.keys.map((k) => k.key);
  for (const layer of layers) {
    for (const [name, raw] of Object.entries(layer)) {
      if (raw === undefined) continue;
      const key = model.keys.find((k) => k.key === name);
      if (!key) {
        problems.push(`${name}: not a setting of ${model.name}${didYouMean(name, names)} (see \`hafault models\`)`);
        continue;
      }
      const v = parseValue(key, raw);
      if (v.ok) chosen[name] = v.value;
      else problems.push(v.problem);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...defaultsFor(model, chosen), ...chosen };
}
