// Every count a command takes (--runs, --seed, --max-faults, --depth, --max-states, --threads,
// --parallel, --retries), with its range in one table: one grammar for all of them (digits, or the
// exponent form `1e5` when it names a whole number), one message naming the flag, the range and
// what was found, and the range shown in each flag's --help. A ceiling refuses a typo that would
// run for days (`--runs 1e9`) before any work starts.
import { Option } from 'commander';
import { UsageError } from './common.js';

export interface CountRange {
  readonly flag: string;
  readonly min: number;
  readonly max: number;
}

/** fast-check and the sweep's draws read a seed as 32 bits: past 2^32 − 1 two seeds would be the same search. */
export const SEED_MAX = 2 ** 32 - 1;

export const COUNTS = {
  /** check: about 1 000 runs/s per preset and property here, so the ceiling is a quarter of an hour for each. */
  checkRuns: { flag: '--runs', min: 1, max: 1_000_000 },
  /** sweep: schedules, each run at every setting of the grid. */
  sweepRuns: { flag: '--runs', min: 1, max: 1_000_000 },
  /** soak: ten times the full soak (1 000 000 in all). */
  soakRuns: { flag: '--runs', min: 1, max: 10_000_000 },
  /** conform: each schedule runs real daemons for tens of seconds. */
  conformRuns: { flag: '--runs', min: 1, max: 1000 },
  seed: { flag: '--seed', min: 0, max: SEED_MAX },
  /** availability: each episode runs at every setting, a few sweep runs' worth each. */
  episodes: { flag: '--episodes', min: 1, max: 2_000_000 },
  /** Single-fault tolerance is the design promise; 20 faults at once is far past any pool's. */
  maxFaults: { flag: '--max-faults', min: 1, max: 20 },
  conformMaxFaults: { flag: '--max-faults', min: 1, max: 10 },
  /** explore: the default --max-states stops long before 10 faults on any built-in preset. */
  depth: { flag: '--depth', min: 0, max: 10 },
  /** About 80 bytes a state: the ceiling is about a gigabyte and ten minutes here. */
  maxStates: { flag: '--max-states', min: 1, max: 10_000_000 },
  threads: { flag: '--threads', min: 1, max: 64 },
  /** conform: each parallel cluster is a set of network namespaces and real daemons. */
  parallel: { flag: '--parallel', min: 1, max: 16 },
  retries: { flag: '--retries', min: 0, max: 10 },
} as const satisfies Record<string, CountRange>;

/**
 * explore's --max-states when none is given: 1 000 000 distinct states took 40 to 80 s here
 * (xenserver-ha bonded-mirrored-san, depth 3, --keep-going; 13 to 25 k states/s as the 2-core machine is shared).
 */
export const DEFAULT_MAX_STATES: number = 1_000_000;

/** `1 to 1000000`: the form --help and every refusal use. */
export function rangeText(range: CountRange): string {
  return `${range.min} to ${range.max}`;
}

/** A flag's --help text with its range appended: `schedules per preset (1 to 1000000)`. */
export function withRange(help: string, range: CountRange): string {
  return `${help} (${rangeText(range)})`;
}

/** A count flag with its range in its help and its default as a number, so --help shows `(default: 200)`. */
export function countOption(flags: string, help: string, range: CountRange, defaultValue: number): Option {
  return new Option(flags, withRange(help, range)).default(defaultValue);
}

/** Digits, or an exponent form that names a whole number (`1e5`, `2.5e3`): nothing signed, spaced or hex. */
const GRAMMAR = /^(?:\d+|\d+(?:\.\d+)?[eE]\+?\d+)$/;

/**
 * The count a flag's text names, in its range; a number is a default given as one (so --help shows
 * `(default: 200)`) and is checked the same way. @throws UsageError, one line naming the flag, the range and the text
 */
export function parseCount(range: CountRange, given: string | number): number {
  const text = String(given);
  const expected = `expected a whole number from ${rangeText(range)}`;
  if (!GRAMMAR.test(text))
    throw new UsageError([`${range.flag}: ${expected} (digits, or e.g. 1e5), found \`${text}\``]);
  const n = Number(text);
  if (!Number.isInteger(n))
    throw new UsageError([`${range.flag}: ${expected}, found \`${text}\` (not a whole number)`]);
  if (n < range.min || n > range.max) {
    const value = /e/i.test(text) && Number.isSafeInteger(n) ? ` (${n})` : '';
    throw new UsageError([`${range.flag}: ${expected}, found \`${text}\`${value}`]);
  }
  return n;
}

/** Several count flags read at once: every one out of its range or grammar is reported, one line each. @throws UsageError */
export function parseCounts<K extends string>(
  given: Readonly<Record<K, readonly [CountRange, string | number]>>,
): Record<K, number> {
  const problems: string[] = [];
  const out: Partial<Record<K, number>> = {};
  for (const key of Object.keys(given) as K[]) {
    try {
      out[key] = parseCount(given[key][0], given[key][1]);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new UsageError(problems);
  return out as Record<K, number>;
}
