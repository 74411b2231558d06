// Every option of every command the fuzzer runs, with values of three sorts: valid (and cheap),
// known invalid (a count of 0, a model that does not exist, an output path that cannot be written:
// exit 2 is the only right answer) and other (odd but arguably fine: `0x2` runs, a missing parent
// folder for --html). Values may use `{in}`/`{out}` (the case's folders) and `@…` placeholders that
// flagCases.ts fills from the target (`@property`, `@fault`, `@topology`).
import { IN, OUT } from './commands.js';

export interface OptionSpec {
  readonly flag: string;
  /** A switch takes no value. */
  readonly bool?: boolean;
  readonly valid: readonly string[];
  readonly invalid: readonly string[];
  readonly other?: readonly string[];
  /** Flags this one stands instead of (`--topology` instead of `--model`/`--preset`). */
  readonly replaces?: readonly string[];
}

const COUNT_INVALID = ['0', '-1', 'abc', '1.5', 'NaN', 'Infinity', '1e308', '9007199254740993', '+-1', '٣'];
const runs: OptionSpec = {
  flag: '--runs',
  valid: ['1', '2', '3'],
  invalid: COUNT_INVALID,
  other: ['0x2', ' 2', '2 ', '1e1', ''],
};
const seed: OptionSpec = {
  flag: '--seed',
  valid: ['0', '1', '7'],
  invalid: ['-1', 'abc', '1.5', 'NaN', 'Infinity', '9007199254740993', '+-1'],
  other: ['1e300', '', ' ', '0x10', '-0'],
};
const maxFaults: OptionSpec = {
  flag: '--max-faults',
  valid: ['1'],
  invalid: ['0', '-1', 'x', '1.5', 'NaN'],
  other: ['2'],
};
const model: OptionSpec = {
  flag: '--model',
  valid: ['@model'],
  invalid: ['nosuch', 'xenserver-ha\u200f', '', 'XENSERVER-HA'],
};
const preset: OptionSpec = { flag: '--preset', valid: ['@preset'], invalid: ['nosuch', '@preset\u0301'] };
const topology: OptionSpec = {
  flag: '--topology',
  valid: ['@topology'],
  invalid: [`${IN}/missing.yaml`, IN, `${IN}/afile`, '', '/dev/null'],
  replaces: ['--model', '--preset'],
};
const property: OptionSpec = {
  flag: '--property',
  valid: ['@property'],
  invalid: ['nosuch', 'noDualActive\u0000', ''],
};
const json: OptionSpec = { flag: '--json', bool: true, valid: [''], invalid: [] };
const out: OptionSpec = {
  flag: '--out',
  valid: [OUT],
  invalid: ['', `${IN}/afile`, `${IN}/afile/sub`, '/dev/null/x', '/sys/hafault-fuzz'],
  other: [`${OUT}/new/deeper`],
};
const html: OptionSpec = {
  flag: '--html',
  valid: [`${OUT}/page.html`],
  invalid: ['', OUT, `${IN}/afile/x.html`, '/dev/null/x.html'],
  other: [`${OUT}/missing/x.html`, `${OUT}/page`],
};
const faults: OptionSpec = {
  flag: '--faults',
  valid: ['@fault'],
  invalid: ['nosuch', '@fault,@fault'],
  other: ['', ',', '@fault,,'],
};
const noRepairs: OptionSpec = { flag: '--no-repairs', bool: true, valid: [''], invalid: [] };
const timeline: OptionSpec = { flag: '--timeline', bool: true, valid: [''], invalid: [] };

/** The options of each command, target options first (`--model`, `--preset`, `--topology`). */
export const OPTIONS: Readonly<Record<string, readonly OptionSpec[]>> = {
  check: [model, preset, topology, property, runs, seed, maxFaults, noRepairs, json, out],
  explore: [
    model,
    preset,
    topology,
    property,
    faults,
    json,
    out,
    { flag: '--depth', valid: ['1'], invalid: ['-1', 'x', '1.5'], other: ['0', '2'] },
    { flag: '--instants', valid: ['coarse', 'fine'], invalid: ['medium', 'Coarse', ''] },
    { flag: '--repairs', bool: true, valid: [''], invalid: [] },
    { flag: '--keep-going', bool: true, valid: [''], invalid: [] },
    { flag: '--max-states', valid: ['10', '40'], invalid: ['0', '-1', 'x', '1.5'], other: ['1e9'] },
  ],
  spof: [model, preset, topology, property, json, out],
  sweep: [
    model,
    preset,
    topology,
    property,
    faults,
    runs,
    seed,
    maxFaults,
    noRepairs,
    json,
    out,
    { flag: '--recommend', valid: ['@property'], invalid: ['nosuch', ''] },
    { flag: '--threads', valid: ['1'], invalid: ['0', '-1', 'x', '1.5'], other: ['2'] },
    { flag: '--quiet', bool: true, valid: [''], invalid: [] },
  ],
  run: [
    model,
    preset,
    topology,
    json,
    timeline,
    html,
    {
      flag: '--step',
      valid: ['wait until healthy within 1m', 'wait until healthy'],
      invalid: ['nosuch-fault x', 'at: x', 'wait until', 'at 1e308s: host-crash x'],
      other: [''],
    },
    { flag: '--plan', valid: [], invalid: [`${IN}/missing.plan`, IN, `${IN}/afile`, ''], replaces: ['--step'] },
  ],
  replay: [json, timeline, html],
  models: [json],
};

/** Additions after the command's own flags that commander itself refuses. */
export const JUNK_INVALID: readonly (readonly string[])[] = [
  ['--bogus'],
  ['-x'],
  ['--run', '2'],
  ['extra'],
  ['--', 'extra'],
  ['--JSON'],
];

/** Additions that are odd but fine (`--help` answers with exit 0 whatever precedes it). */
export const JUNK_OTHER: readonly (readonly string[])[] = [['--help'], ['--json', '--json'], ['-h']];
