// What a sweep reports per setting, and the recommendation drawn from those rows (recommend.ts).
import type { PropertyName } from '../../engine/model.js';
import type { Distribution } from './histogram.js';
import type { Values } from './settings.js';

export interface PropertyRate {
  readonly violations: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** Runs whose checker could not decide. */
  readonly unknown: number;
}

export interface SettingResult {
  readonly values: Values;
  readonly label: string;
  readonly inGrid: boolean;
  readonly isDefault: boolean;
  readonly runs: number;
  readonly properties: Readonly<Record<string, PropertyRate>>;
  readonly detectMs: Distribution | null;
  readonly restoreMs: Distribution | null;
  /** Per run, summed over protected services. */
  readonly downtimeMs: Distribution | null;
  readonly fencesPerRun: number;
  readonly unnecessaryFencesPerRun: number;
  readonly failoversPerRun: number;
  /** Outages after a real failure restored before their run ended (the samples of `restoreMs`). */
  readonly restored: number;
  /** Outages after a real failure still open when their run ended (no restore time: not in `restoreMs`). */
  readonly unrestored: number;
  /** The model's safety properties violated more here than at the default (empty without a default row). */
  readonly regressions: readonly Regression[];
}

/** A safety property violated more at a setting than at the default, over the same schedules. */
export interface Regression {
  readonly property: PropertyName;
  readonly at: PropertyRate;
  readonly atDefault: PropertyRate;
}

/** A setting that clears the asked property but makes a safety property worse, so it was not recommended. */
export interface PassedOver {
  readonly setting: number;
  readonly values: Values;
  readonly label: string;
  readonly regressions: readonly Regression[];
}

/** Real outages: restored (each a restore-time sample) and still open when the run ended. */
export interface Outages {
  readonly restored: number;
  readonly unrestored: number;
}

export interface Recommendation {
  readonly property: PropertyName;
  readonly values: Values;
  readonly label: string;
  readonly setting: number;
  readonly runs: number;
  /** Upper end of the 95% interval of its violation rate (0 of n is not a proof of 0). */
  readonly high: number;
  readonly defaultValues: Values;
  readonly defaultSetting: number;
  /** Settings before it in grid order that clear the property but make a safety property worse. */
  readonly passedOver: readonly PassedOver[];
  /** Median restore time at the recommendation minus at the default (null without samples at either). */
  readonly restoreCostMs: number | null;
  readonly restoreP95CostMs: number | null;
  readonly outages: Outages;
  readonly defaultOutages: Outages;
  /**
   * Whether both settings restored the same fraction of their real outages. When not, the restore
   * percentiles compare different populations (only restored outages have a time).
   */
  readonly sameRestoredFraction: boolean;
}
