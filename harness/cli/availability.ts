// `hafault availability`: how many nines a design gives over years of operation, from component
// failure rates (issue 15). Reads the flags into a plan (every problem is bad input, one line each,
// before any work), runs the episodes on the pool, prints the table (or --json) and with --out writes
// availability.json and availability.html.
import { join, resolve } from 'node:path';
import { didYouMean } from '../engine/didYouMean.js';
import type { Model, Preset } from '../engine/model.js';
import { parseSets, type ParsedSet } from '../engine/setFlags.js';
import { writeFileAtomic } from '../runners/files.js';
import { defaultThreads, runAvailability } from '../runners/availability/availability.js';
import { COMPONENT_KINDS } from '../runners/availability/components.js';
import { isComponentKind } from '../runners/availability/overrides.js';
import type { AvailabilityPlan, RateOverride } from '../runners/availability/plan.js';
import { planAvailability } from '../runners/availability/planOf.js';
import { AvailabilityOscillation } from '../runners/availability/runner.js';
import type { AvailabilityResult, ComponentKind } from '../runners/availability/types.js';
import { sweepSettingsOf } from '../runners/sweep/settings.js';
import { loadTopologyFile } from '../runners/topologyFile/load.js';
import { environmentSettings, presetOfLoaded } from '../runners/topologyFile/target.js';
import { describeOscillation } from '../engine/oscillation.js';
import { ninesJson } from '../../reports/ninesJson.js';
import { renderNines } from '../../reports/ninesTable.js';
import { ninesPage } from '../../reports/html/ninesPage.js';
import {
  collecting,
  EXIT_HOLDS,
  EXIT_OSCILLATION,
  pickOneTarget,
  readSetFlags,
  refuseCollected,
  refuseModelBesideTopology,
  splitList,
  UsageError,
  type TargetFlags,
} from './common.js';
import { COUNTS, parseCounts } from './counts.js';
import { checkOutputs, folderOutput } from './outputs.js';
import type { Tick } from './progressBar.js';

export interface AvailabilityFlags extends TargetFlags {
  readonly rates?: string;
  readonly rate: readonly string[];
  readonly years?: string;
  readonly episodes?: string;
  readonly bias: string | number;
  readonly commonCause?: string;
  readonly faults?: string;
  readonly seed: string | number;
  readonly threads?: string;
  readonly json?: boolean;
  readonly out?: string;
  readonly quiet?: boolean;
}

/** Nominal years simulated when neither --years nor --episodes is given (docs/commands/availability.md). */
export const DEFAULT_YEARS = 20_000;
/** Failure biasing θ when --bias is not given: about one more failure drawn per episode. */
export const DEFAULT_BIAS = 1;
const MAX_YEARS = 10_000_000;
const MAX_BIAS = 20;

/**
 * A number in [min, max] (`max` included unless `below`, `min` unless `above`), so the message states
 * the range that is accepted. @throws UsageError naming the flag
 */
function parseNumber(flag: string, text: string, min: number, max: number, below = false, above = false): number {
  const n = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text) ? Number(text) : NaN;
  const range = `${above ? 'above' : 'from'} ${min} ${above ? 'and at most' : 'to'} ${below ? 'below ' : ''}${max}`;
  if (!Number.isFinite(n) || n < min || n > max || (below && n === max) || (above && n === min))
    throw new UsageError([`${flag}: expected a number ${range}, found \`${text}\``]);
  return n;
}

/** `--rate KIND|ID=PER_YEAR`, repeatable; names are checked against the design later (planAvailability). */
function parseRates(pairs: readonly string[]): RateOverride[] {
  const problems: string[] = [];
  const out: RateOverride[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const target = pair.slice(0, eq).trim();
    if (eq <= 0 || target === '') {
      problems.push(`--rate ${pair}: expected KIND=PER_YEAR or ID=PER_YEAR, e.g. --rate storage-power-cycle=0.5`);
      continue;
    }
    if (out.some((o) => o.target === target)) {
      problems.push(`--rate ${target}: given twice; give it once`);
      continue;
    }
    const perYear = collecting(problems, () => parseNumber(`--rate ${target}`, pair.slice(eq + 1), 0, 1e6));
    if (perYear !== undefined) out.push({ target, perYear });
  }
  refuseCollected(problems);
  return out;
}

/** `--faults`: the component kinds that fail (null: every kind the design has). */
function parseKinds(text: string | undefined): ComponentKind[] | null {
  if (text === undefined) return null;
  const problems: string[] = [];
  const kinds: ComponentKind[] = [];
  for (const k of splitList('--faults', text)) {
    if (isComponentKind(k)) kinds.push(k);
    else
      problems.push(
        `--faults: no component kind \`${k}\`${didYouMean(k, COMPONENT_KINDS)} (kinds: ${COMPONENT_KINDS.join(', ')})`,
      );
  }
  refuseCollected(problems);
  return kinds;
}

/** The design: a topology file (its environment ranges are drawn per episode) or a model's preset. */
function target(flags: AvailabilityFlags): {
  model: Model;
  preset: Preset;
  topologyFile?: string;
  fromFile: ParsedSet[];
} {
  if (flags.topology === undefined)
    return { ...pickOneTarget(flags, { model: 'the model', preset: 'availability runs one preset' }), fromFile: [] };
  refuseModelBesideTopology(flags);
  const loaded = loadTopologyFile(flags.topology);
  return {
    model: loaded.model,
    preset: presetOfLoaded(loaded),
    topologyFile: resolve(flags.topology),
    fromFile: environmentSettings(loaded),
  };
}

/** The numeric flags, each problem collected. */
function numbers(flags: AvailabilityFlags, problems: string[]) {
  return {
    counts: collecting(problems, () =>
      parseCounts({
        seed: [COUNTS.seed, flags.seed],
        threads: [COUNTS.threads, flags.threads ?? '1'],
        episodes: [COUNTS.episodes, flags.episodes ?? '1'],
      }),
    ),
    years: collecting(problems, () =>
      flags.years === undefined ? DEFAULT_YEARS : parseNumber('--years', flags.years, 0, MAX_YEARS, false, true),
    ),
    bias: collecting(problems, () => parseNumber('--bias', String(flags.bias), 0, MAX_BIAS)),
    beta: collecting(problems, () =>
      flags.commonCause === undefined ? null : parseNumber('--common-cause', flags.commonCause, 0, 1),
    ),
    overrides: collecting(problems, () => parseRates(flags.rate)),
    kinds: collecting(problems, () => parseKinds(flags.faults)),
  };
}

/** The flags read into a plan, every problem bad input before any work. */
export function planOfFlags(flags: AvailabilityFlags): { plan: AvailabilityPlan; threads: number } {
  const problems: string[] = [];
  const t = collecting(problems, () => target(flags));
  const n = numbers(flags, problems);
  if (flags.years !== undefined && flags.episodes !== undefined)
    problems.push('--years and --episodes: give one (--years N draws ⌈N · Λ⌉ episodes)');
  const pairs = collecting(problems, () => readSetFlags('sweep', flags.set));
  refuseCollected(problems);
  const { model, preset, topologyFile, fromFile } = t!;
  const named = new Set(pairs!.map((p) => p.key));
  const settings = sweepSettingsOf([...fromFile.filter((s) => !named.has(s.key)), ...parseSets(model, pairs!)]);
  const { plan, fm } = planAvailability({
    model,
    preset,
    topologyFile,
    settings,
    rates: {
      file: flags.rates === undefined ? null : resolve(flags.rates),
      overrides: n.overrides!,
      commonCauseBeta: n.beta!,
    },
    kinds: n.kinds!,
    seed: n.counts!.seed,
    length: flags.episodes !== undefined ? { episodes: n.counts!.episodes } : { years: n.years! },
    biasTarget: n.bias!,
    properties: model.properties,
  });
  if (plan.episodes > COUNTS.episodes.max)
    throw new UsageError([
      `--years ${flags.years ?? DEFAULT_YEARS}: ${plan.episodes} episodes (Λ = ${fm.totalPerYear.toFixed(2)} per year), more than ${COUNTS.episodes.max}; give fewer years or --episodes`,
    ]);
  return { plan, threads: flags.threads === undefined ? defaultThreads(plan) : n.counts!.threads };
}

/** `hafault availability`: exit 0 with the figures, 2 on bad input, 5 when an episode never settles. */
export async function runAvailabilityCommand(
  flags: AvailabilityFlags,
  write: (s: string) => void,
  progress: Tick = () => {},
  colour = false,
): Promise<number> {
  checkOutputs(
    [folderOutput('--out', flags.out, { files: ['availability.json', 'availability.html'] })],
    [
      { flag: '--topology', path: flags.topology },
      { flag: '--rates', path: flags.rates },
    ],
  );
  const { plan, threads } = planOfFlags(flags);
  let result: AvailabilityResult;
  try {
    result = await runAvailability(plan, { threads, onProgress: flags.quiet === true ? undefined : progress });
  } catch (error) {
    if (!(error instanceof AvailabilityOscillation)) throw error;
    const { index, setting, oscillation } = error.found;
    write(
      `hafault availability stopped: ${plan.model}/${plan.preset} at ${plan.settings[setting].label}, episode #${index}: ${describeOscillation(oscillation)} (a model that oscillates; no figure is reported)\n`,
    );
    return EXIT_OSCILLATION;
  }
  if (flags.out !== undefined) {
    writeFileAtomic(join(flags.out, 'availability.json'), ninesJson(result));
    writeFileAtomic(join(flags.out, 'availability.html'), ninesPage(result));
  }
  if (flags.json === true) write(ninesJson(result));
  else {
    write(renderNines(result, { colour }).join('\n') + '\n');
    if (flags.out !== undefined) write(`\nwrote ${join(flags.out, 'availability.json')}, availability.html\n`);
  }
  return EXIT_HOLDS;
}
