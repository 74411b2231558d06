// A sweep as plain data: what every worker needs to rebuild the same runs (model and preset by name,
// settings as values, the schedule shape, the seed). It crosses thread boundaries as it is.
import type { FaultName } from '../../engine/faults/index.js';
import type { PropertyName } from '../../engine/model.js';
import type { Axis, EnvironmentRange, Values } from './settings.js';

export interface SweptSetting {
  readonly values: Values;
  /** In the grid (false: the default setting, added as the baseline of a recommendation). */
  readonly inGrid: boolean;
  /** The swept keys all at their default values. */
  readonly isDefault: boolean;
}

export interface SweepPlan {
  readonly model: string;
  readonly preset: string;
  /** Set when the sweep runs on a topology file: workers reload it (the preset is its name). */
  readonly topologyFile?: string;
  /** Fixed settings, parsed; and as written (reports show them so). */
  readonly fixed: Values;
  readonly fixedAsWritten: Readonly<Record<string, string>>;
  readonly axes: readonly Axis[];
  readonly ranges: readonly EnvironmentRange[];
  readonly settings: readonly SweptSetting[];
  /** Pairs of setting indices [lower, higher] that differ in one axis by one step. */
  readonly neighbours: readonly (readonly [number, number])[];
  /** Every property judged: the ones asked for, then any safety property of the model they left out. */
  readonly properties: readonly PropertyName[];
  /** The model's safety properties (all in `properties`): a recommendation may make none worse than the default. */
  readonly safety: readonly PropertyName[];
  /** Safety properties judged although `--property` left them out (they do not decide the exit code). */
  readonly addedForSafety: readonly PropertyName[];
  readonly kinds: readonly FaultName[];
  readonly maxFaults: number;
  readonly repairs: boolean;
  readonly runs: number;
  readonly seed: number;
}
