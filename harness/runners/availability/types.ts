// The shapes `hafault availability` is built from (issue 15): component failure rates, the failure
// histories drawn from them, what one history does to the simulated design, and the yearly figures
// estimated from many histories. Shared by the history drawing (pure), the episode runner, the CLI
// and the report writers, so each can be built and tested on its own.
//
// The method (docs/availability.md): operation alternates between "all up" stretches (exponential,
// total rate Λ of every component) and episodes. An episode starts with one failure and lasts until
// every component that failed in it is repaired; other components fail meanwhile at their own rates
// (raised by a biasing factor, weighted back by the likelihood ratio, so rare double failures are
// drawn often and estimated without bias). Each episode is simulated on the model from a healthy
// world; the same episodes (common random numbers) run at every setting. Yearly figures are ratios:
// E[downtime per episode] / E[cycle length], with a delta-method 95 % interval.
import type { FaultName } from '../../engine/faults/index.js';

export const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Kinds of component a rate applies to (per kind, overridable per component id). */
export type ComponentKind =
  | 'host'
  | 'psu'
  | 'nic'
  | 'bond-member'
  | 'switch'
  | 'link'
  | 'storage-power-cycle'
  | 'storage-restart'
  | 'storage-path'
  | 'host-hang'
  | 'app-crash'
  | 'operator-step'
  | 'fence-device';

/** How long a repair (or a kind's outage) takes: a distribution, drawn afresh for each failure. */
export type RepairDistribution =
  | { readonly shape: 'lognormal'; readonly medianMs: number; readonly sigma: number }
  | { readonly shape: 'exponential'; readonly meanMs: number }
  | { readonly shape: 'fixed'; readonly ms: number };

export interface KindRate {
  /** Failures per component per year (Poisson while the component is up). */
  readonly perYear: number;
  readonly repair: RepairDistribution;
  /** Where the figures come from (DOMAIN.md line or publication), or why they were chosen. */
  readonly source: string;
  /** Chosen without a published figure. */
  readonly unverified?: boolean;
}

/**
 * Correlated failures, beta-factor style (IEC 61508): a fraction `beta` of a kind's failures is a
 * common-cause event that takes every component of that kind at once (each repaired on its own draw).
 * A component's total failure rate stays `perYear`.
 */
export interface CommonCause {
  readonly beta: number;
  /** Kinds it applies to (all kinds with two or more components when absent). */
  readonly kinds?: readonly ComponentKind[];
}

export interface RatesTable {
  readonly kinds: Readonly<Record<ComponentKind, KindRate>>;
  /** Per component id (e.g. `sw1`, `h1/mgmt0`, `sanA`): overrides of its kind's values. */
  readonly components: Readonly<Record<string, Partial<KindRate>>>;
  readonly commonCause: CommonCause | null;
  /**
   * How long a service the design leaves down after an episode (nothing brings it back by itself)
   * stays down before an operator restores it.
   */
  readonly operatorRestore: RepairDistribution & { readonly source: string; readonly unverified?: boolean };
  /** The file the table was read from (null: the built-in defaults). */
  readonly file: string | null;
}

/** One failing part of a design, as the simulator names it. */
export interface Component {
  /** Stable id shown to users and used for overrides (`h1`, `h1/mgmt0`, `sw1`, `san1`, `ha-reenable-gui`). */
  readonly id: string;
  readonly kind: ComponentKind;
  /** The fault that fails it and its target. */
  readonly fail: FaultName;
  readonly target: string;
  /** The fault that repairs it (null: nothing to inject; it heals by itself or the episode's end undoes it). */
  readonly repair: FaultName | null;
  readonly perYear: number;
  readonly repairTime: RepairDistribution;
}

/** A common-cause event: several components fail at the same instant. */
export interface CommonCauseGroup {
  readonly kind: ComponentKind;
  /** Indices into the component list. */
  readonly members: readonly number[];
  readonly perYear: number;
}

/** What an availability run draws from: the components, their groups, the totals. */
export interface FailureModel {
  readonly components: readonly Component[];
  readonly groups: readonly CommonCauseGroup[];
  /** Λ: total rate (per year) of episode-starting events: every independent failure and every group. */
  readonly totalPerYear: number;
  /** rates.operatorRestore: drawn once per episode (common to every setting). */
  readonly operatorRestore: RepairDistribution;
}

/** A failure or repair inside an episode, relative to the episode's first failure. */
export interface EpisodeEvent {
  readonly atMs: number;
  /** Index into FailureModel.components. */
  readonly component: number;
  readonly type: 'fail' | 'repair';
}

/** One drawn episode: a function of (failure model, seed, index) alone. */
export interface Episode {
  readonly index: number;
  /** What started it: a component index, or `group:<i>` for a common-cause event. */
  readonly initiator: number | `group:${number}`;
  /** In time order; the first event is at 0. */
  readonly events: readonly EpisodeEvent[];
  /** From the first failure to the last repair (0 for an instantaneous event such as an app crash). */
  readonly durationMs: number;
  /** p(history) / q(history): 1 without biasing. */
  readonly likelihoodRatio: number;
  /** The factor other components' failure rates were raised by inside this episode (1: none). */
  readonly bias: number;
  /** How long an operator takes to restore what the design leaves down after this episode. */
  readonly operatorRestoreMs: number;
}

/** The cause an episode's downtime is charged to (the most serious thing that happened in it). */
export type DowntimeCause = 'failure' | 'needless-fence' | 'fence-loop' | 'split-brain' | 'capacity';

export const DOWNTIME_CAUSES: readonly DowntimeCause[] = [
  'failure',
  'needless-fence',
  'fence-loop',
  'split-brain',
  'capacity',
];

/** What one episode did to the design at one setting (unweighted: the likelihood ratio is applied when estimating). */
export interface EpisodeOutcome {
  /** Downtime per protected service (ms), in the topology's service order; operator restore included. */
  readonly serviceDownMs: readonly number[];
  /** Time at least one protected service was down (the union of their windows). */
  readonly designDownMs: number;
  /** designDownMs split by cause (sums to designDownMs). */
  readonly byCause: Readonly<Record<DowntimeCause, number>>;
  /** Properties the episode's run violated (names). */
  readonly violated: readonly string[];
  /** Services still down when the simulated run ended (an operator restored them). */
  readonly leftDown: number;
}

/** A point estimate with its 95 % interval. */
export interface Estimate {
  readonly mean: number;
  readonly low: number;
  readonly high: number;
}

export interface SettingYear {
  /** The setting as written (`timeoutMs=30s`), or `default`. */
  readonly label: string;
  readonly values: Readonly<Record<string, number | string | boolean>>;
  /** Whole design: minutes down per year, availability (0..1) and nines (−log10 of unavailability). */
  readonly designDownMinPerYear: Estimate;
  readonly availability: Estimate;
  readonly nines: Estimate;
  readonly services: readonly {
    readonly service: string;
    readonly downMinPerYear: Estimate;
    readonly availability: Estimate;
    readonly nines: Estimate;
  }[];
  readonly byCause: Readonly<Record<DowntimeCause, Estimate>>;
  /** Incidents per year of each property the model judges. */
  readonly incidentsPerYear: Readonly<Record<string, Estimate>>;
  /** Component kinds by the design downtime of the episodes they started, largest first. */
  readonly contributors: readonly { readonly kind: ComponentKind; readonly downMinPerYear: Estimate }[];
}

export interface AvailabilityResult {
  readonly model: string;
  readonly preset: string;
  readonly topologyFile?: string;
  readonly seed: number;
  /** Nominal years of operation the episodes stand for (episodes / Λ). */
  readonly years: number;
  readonly episodes: number;
  /**
   * Biasing target θ: inside an episode, other components' rates are raised so that θ further
   * failures are expected (0: no biasing, plain Monte Carlo).
   */
  readonly biasTarget: number;
  readonly rates: RatesTable;
  readonly failureModel: { readonly totalPerYear: number; readonly components: number; readonly groups: number };
  readonly settings: readonly SettingYear[];
  /** With two or more settings: the one with least design downtime, and its difference to each other setting. */
  readonly best: {
    readonly label: string;
    readonly versus: readonly { readonly label: string; readonly savedMinPerYear: Estimate }[];
  } | null;
}
