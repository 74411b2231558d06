// A topology file as something commands run against: the same Target a preset gives, plus what
// only a file has (its environment ranges, its warnings). `check`, `spof`, `explore` and `sweep`
// take `--topology FILE` through this one function.
import { resolveConfig } from '../../engine/config.js';
import type { ConfigValue, Preset } from '../../engine/model.js';
import { rangeOf, type ParsedSet } from '../../engine/setFlags.js';
import type { Target } from '../../engine/target.js';
import { loadTopologyFile, type LoadedTopology } from './load.js';
import type { EnvironmentRange } from './types.js';

export interface TopologyTarget extends Target {
  readonly file: string;
  readonly environment: Readonly<Record<string, EnvironmentRange>>;
  readonly warnings: readonly string[];
}

/** From a loaded file; `overrides` (`--set`) win over the file's settings. */
export function targetOfLoaded(
  loaded: LoadedTopology,
  overrides: Readonly<Record<string, string | ConfigValue>> = {},
): TopologyTarget {
  return {
    model: loaded.model,
    preset: null,
    topology: loaded.topology,
    compiled: loaded.compiled,
    config:
      Object.keys(overrides).length === 0 ? loaded.config : resolveConfig(loaded.model, loaded.settings, overrides),
    faults: loaded.faults ?? loaded.model.faults,
    ...(Object.keys(overrides).length > 0 ? { given: overrides } : {}),
    file: loaded.file,
    environment: loaded.environment,
    warnings: loaded.warnings,
  };
}

/**
 * The file as a preset (its settings as the preset's, its fault list as the preset's), for commands
 * that work on presets by value (sweep, and its worker threads, which reload the file).
 */
export function presetOfLoaded(loaded: LoadedTopology): Preset {
  return {
    name: loaded.topology.name,
    describe: loaded.topology.description ?? loaded.file,
    topology: loaded.topology,
    config: loaded.settings,
    ...(loaded.faults !== null ? { faults: loaded.faults } : {}),
    verdict: `your design (${loaded.file})`,
  };
}

/**
 * The file's environment as parsed sweep settings: a range is drawn per schedule, a list of values
 * is swept as a setting (one value: fixed). Built from the parsed numbers, never re-read as text.
 */
export function environmentSettings(loaded: LoadedTopology): ParsedSet[] {
  return Object.values(loaded.environment).flatMap((r): ParsedSet[] => {
    const key = loaded.model.keys.find((k) => k.key === r.key);
    if (key === undefined || (key.type !== 'ms' && key.type !== 'number')) return [];
    if (r.values === undefined) return [{ key: r.key, form: 'range', range: rangeOf(key, r.min, r.max) }];
    const texts = r.values.map(String);
    return r.values.length === 1
      ? [{ key: r.key, form: 'value', value: r.values[0], text: texts[0] }]
      : [{ key: r.key, form: 'list', values: r.values, texts }];
  });
}

/** @throws TopologyFileError (the file) or ConfigError (the overrides), one line per problem */
export function loadTopologyTarget(
  file: string,
  overrides: Readonly<Record<string, string | ConfigValue>> = {},
): TopologyTarget {
  return targetOfLoaded(loadTopologyFile(file), overrides);
}
