// What a command runs against: a model, one of its presets (or a topology), and resolved settings.
import { compileTopology, type CompiledTopology } from './compile.js';
import { resolveConfig, type SettingsLayer } from './config.js';
import type { FaultName } from './faults/index.js';
import type { Config, Model, Preset } from './model.js';
import type { Topology } from './topology.js';

export interface Target {
  readonly model: Model;
  readonly preset: Preset | null;
  readonly topology: Topology;
  readonly compiled: CompiledTopology;
  readonly config: Config;
  /** Fault kinds the generator draws. */
  readonly faults: readonly FaultName[];
  /**
   * The settings given on top of the preset's or the file's (`--set`), as given: they name the
   * target's trace files, so runs of one design at different settings never share a file.
   */
  readonly given?: SettingsLayer;
}

export function presetTarget(model: Model, preset: Preset, overrides: SettingsLayer = {}): Target {
  return {
    model,
    preset,
    topology: preset.topology,
    compiled: compileTopology(preset.topology),
    config: resolveConfig(model, preset.config ?? {}, overrides),
    faults: preset.faults ?? model.faults,
    ...(Object.keys(overrides).length > 0 ? { given: overrides } : {}),
  };
}

export function targetLabel(t: Target): string {
  return t.preset ? `${t.model.name}/${t.preset.name}` : `${t.model.name}/${t.topology.name}`;
}
