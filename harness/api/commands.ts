// hafault's commands as functions: each takes the options its flags take (options.ts) and resolves
// to what `--json` prints, with the exit code; bad input throws HafaultInputError with one line per
// problem (cliCall.ts). Trace files and pages are written under `out` as the command writes them.
import { callCli, type Answer } from './cliCall.js';
import { designArgs, flags, searchArgs, type DesignOptions, type SearchOptions, type SettingValue } from './options.js';
import type {
  AvailabilityResultJson,
  CheckResult,
  ExploreResult,
  ModelsResult,
  RunResultJson,
  SpofResult,
  SweepResultJson,
} from './results.js';

export type CheckOptions = DesignOptions & SearchOptions;

/** `hafault check`: random search of fault schedules, every property judged. */
export function check(options: CheckOptions = {}): Promise<Answer<CheckResult>> {
  return callCli(['check', ...designArgs(options), ...searchArgs(options)]);
}

export interface ExploreOptions extends DesignOptions {
  /** Faults per schedule (`--depth`). */
  readonly depth?: number;
  /** `--instants`: `coarse` (the default) or `fine` (more instants in each gap; docs/commands/explore.md). */
  readonly instants?: 'coarse' | 'fine';
  readonly faults?: readonly string[];
  readonly repairs?: boolean;
  readonly keepGoing?: boolean;
  readonly maxStates?: number;
  /** `--shard i/n`: one of n shards; `hafault merge` combines the shards' documents (docs/commands/explore.md). */
  readonly shard?: `${number}/${number}`;
}

/** `hafault explore`: every schedule of at most `depth` faults. */
export function explore(options: ExploreOptions = {}): Promise<Answer<ExploreResult>> {
  return callCli([
    'explore',
    ...designArgs(options),
    ...flags([
      ['--depth', options.depth],
      ['--instants', options.instants],
      ['--faults', options.faults?.join(',')],
      ['--repairs', options.repairs],
      ['--keep-going', options.keepGoing],
      ['--max-states', options.maxStates],
      ['--shard', options.shard],
    ]),
  ]);
}

/** `hafault spof`: every component failed alone; with `out`, the markdown and HTML reports too. */
export function spof(options: DesignOptions = {}): Promise<Answer<SpofResult>> {
  return callCli(['spof', ...designArgs(options)]);
}

/** `set` maps a setting to the values compared (`{ timeoutMs: ['30s', '60s'] }`), or one value. */
export interface SweepOptions extends DesignOptions<SettingValue>, SearchOptions {
  /** The property whose rate picks the recommended setting. */
  readonly recommend?: string;
  readonly faults?: readonly string[];
  readonly threads?: number;
  readonly checkpoint?: string;
}

/** `hafault sweep`: the same schedules at every setting of the grid in `set`. */
export function sweep(options: SweepOptions = {}): Promise<Answer<SweepResultJson>> {
  return callCli([
    'sweep',
    ...designArgs(options),
    ...searchArgs(options),
    ...flags([
      ['--recommend', options.recommend],
      ['--faults', options.faults?.join(',')],
      ['--threads', options.threads],
      ['--checkpoint', options.checkpoint],
      ['--quiet', true],
    ]),
  ]);
}

/** `set` maps a setting to one value or to the values the plan runs at, once each. */
export interface RunOptions extends Omit<DesignOptions<SettingValue>, 'properties'> {
  /** A plan file (text, JSON or YAML) … */
  readonly plan?: string;
  /** … or its lines, e.g. `['at 10s: host-crash h1']`. */
  readonly steps?: readonly string[];
  /** Also write the HTML report here. */
  readonly html?: string;
}

/** `hafault run`: one named schedule (a plan), at every setting of the grid in `set`. */
export function run(options: RunOptions): Promise<Answer<RunResultJson>> {
  return callCli([
    'run',
    ...designArgs(options),
    ...flags([
      ['--plan', options.plan],
      ['--html', options.html],
    ]),
    ...(options.steps ?? []).flatMap((line) => ['--step', line]),
  ]);
}

/** `set` maps a setting to one value or to the values compared on the same failure histories. */
export interface AvailabilityOptions extends Omit<DesignOptions<SettingValue>, 'properties'> {
  /** A rates file (YAML/JSON) instead of the built-in table. */
  readonly rates?: string;
  /** Failures per year of a component kind or of one component id: `{ 'storage-power-cycle': 0.2 }`. */
  readonly rate?: Readonly<Record<string, number>>;
  readonly years?: number;
  readonly episodes?: number;
  /** Failure biasing target θ (0: plain Monte Carlo). */
  readonly bias?: number;
  /** Beta factor of common-cause failures. */
  readonly commonCause?: number;
  /** Component kinds that fail (default: every kind the design has). */
  readonly faults?: readonly string[];
  readonly seed?: number;
  readonly threads?: number;
}

/** `hafault availability`: downtime per year, availability and nines per setting, from component failure rates. */
export function availability(options: AvailabilityOptions = {}): Promise<Answer<AvailabilityResultJson>> {
  return callCli([
    'availability',
    ...designArgs(options),
    ...Object.entries(options.rate ?? {}).flatMap(([id, perYear]) => ['--rate', `${id}=${perYear}`]),
    ...flags([
      ['--rates', options.rates],
      ['--years', options.years],
      ['--episodes', options.episodes],
      ['--bias', options.bias],
      ['--common-cause', options.commonCause],
      ['--faults', options.faults?.join(',')],
      ['--seed', options.seed],
      ['--threads', options.threads],
      ['--quiet', true],
    ]),
  ]);
}

/** `hafault models`: the models, presets, settings (with sources), faults and properties. */
export function models(): Promise<Answer<ModelsResult>> {
  return callCli(['models']);
}
