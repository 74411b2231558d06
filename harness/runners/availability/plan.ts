// An availability run as plain data: what every worker needs to rebuild the same failure model and
// the same episodes (model and preset by name, the rates file and its overrides, the settings as
// values, the seed). It crosses thread boundaries as it is, like the sweep's plan.
import type { PropertyName } from '../../engine/model.js';
import type { Axis, EnvironmentRange, Values } from '../sweep/settings.js';
import type { ComponentKind } from './types.js';

/** `--rate KIND=PER_YEAR` or `--rate ID=PER_YEAR`: a kind's or one component's failures per year. */
export interface RateOverride {
  /** A component kind, or a component id of the design. */
  readonly target: string;
  readonly perYear: number;
}

export interface RatesSource {
  /** The rates file (null: the built-in table). */
  readonly file: string | null;
  /** Applied on top of the file, in order. */
  readonly overrides: readonly RateOverride[];
  /** `--common-cause β`: replaces the file's common-cause factor (null: the file's, if any). */
  readonly commonCauseBeta: number | null;
}

export interface AvailabilitySetting {
  /** The swept keys' values (empty: the one default setting). */
  readonly values: Values;
  /** `timeoutMs=30s`, or `default`. */
  readonly label: string;
}

export interface AvailabilityPlan {
  readonly model: string;
  readonly preset: string;
  /** Set when the design is a topology file: workers reload it (the preset is its name). */
  readonly topologyFile?: string;
  readonly fixed: Values;
  readonly fixedAsWritten: Readonly<Record<string, string>>;
  readonly axes: readonly Axis[];
  /** Environment ranges, drawn once per episode (the same draw at every setting). */
  readonly ranges: readonly EnvironmentRange[];
  readonly settings: readonly AvailabilitySetting[];
  readonly rates: RatesSource;
  /** Component kinds that fail (null: every kind the design has). */
  readonly kinds: readonly ComponentKind[] | null;
  readonly seed: number;
  readonly episodes: number;
  /** Failure biasing target θ (0: plain Monte Carlo). */
  readonly biasTarget: number;
  /** Properties judged on every episode (their incidents per year are reported). */
  readonly properties: readonly PropertyName[];
}
