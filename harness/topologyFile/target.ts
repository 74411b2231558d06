// A topology file as something commands run against: the same Target a preset gives, plus what
// only a file has (its environment ranges, its warnings). `check`, `spof`, `explore` and `sweep`
// take `--topology FILE` through this one function.
import { resolveConfig } from '../config.js';
import type { ConfigValue } from '../model.js';
import type { Target } from '../target.js';
import { loadTopologyFile, type LoadedTopology } from './load.js';
import type { EnvironmentRange } from './types.js';

export interface TopologyTarget extends Target {
  readonly file: string;
  readonly environment: Readonly<Record<string, EnvironmentRange>>;
  readonly warnings: readonly string[];
}

/** From a loaded file; `overrides` (`--set`) win over the file's settings. */
export function targetOfLoaded(loaded: LoadedTopology, overrides: Readonly<Record<string, string | ConfigValue>> = {}): TopologyTarget {
  return {
    model: loaded.model,
    preset: null,
    topology: loaded.topology,
    compiled: loaded.compiled,
    config: Object.keys(overrides).length === 0 ? loaded.config : resolveConfig(loaded.model, loaded.settings, overrides),
    faults: loaded.faults ?? loaded.model.faults,
    file: loaded.file,
    environment: loaded.environment,
    warnings: loaded.warnings,
  };
}

/** @throws TopologyFileError (the file) or ConfigError (the overrides), one line per problem */
export function loadTopologyTarget(file: string, overrides: Readonly<Record<string, string | ConfigValue>> = {}): TopologyTarget {
  return targetOfLoaded(loadTopologyFile(file), overrides);
}
