// What every command shares: exit codes, the one way bad input is reported, and target selection.
import type { Command } from 'commander';
import { ConfigError } from '../engine/config.js';
import {
  FORM_SYNTAX,
  fixedTexts,
  formsText,
  readSets,
  textKeysOf,
  type SetForm,
  type SetGrammar,
  type SetPair,
} from '../engine/setFlags.js';
import { didYouMean } from '../engine/didYouMean.js';
import { TopologyError } from '../engine/compile.js';
import { OscillationError } from '../engine/oscillation.js';
import type { Model, Preset, PropertyName } from '../engine/model.js';
import { findCatalogued, catalogueModels } from '../runners/userModels/catalogue.js';
import { presetTarget, type Target } from '../engine/target.js';
import { InputFileError } from '../engine/inputText.js';
import { TraceFileError } from '../engine/traceFile.js';
import { PlanError, planLine, STEP_SOURCE } from '../runners/plan/types.js';
import { TopologyFileError } from '../runners/topologyFile/load.js';
import { loadTopologyTarget } from '../runners/topologyFile/target.js';
import { UserModelError } from '../runners/userModels/load.js';

export const EXIT_HOLDS = 0;
export const EXIT_VIOLATION = 1;
export const EXIT_BAD_INPUT = 2;
/** A replay that did not reproduce its recording. */
export const EXIT_NOT_REPRODUCED = 3;
/** (4: `conform`'s real daemons cannot run on this machine: conform.ts EXIT_CANNOT_RUN.) */
/** A run never settled (a model oscillates): no verdict on it. Takes precedence over EXIT_VIOLATION. */
export const EXIT_OSCILLATION = 5;
/** A gate's exit code from its verdicts: a run that never settles first, then a violation, else all hold. */
export function verdictExitCode(oscillating: boolean, violated: boolean): number {
  return oscillating ? EXIT_OSCILLATION : violated ? EXIT_VIOLATION : EXIT_HOLDS;
}
/** A bug in hafault itself (sysexits.h EX_SOFTWARE): never 1, which would read as a violation found. */
export const EXIT_INTERNAL = 70;
/** A report, trace, checkpoint or stdout the disk refused (full, over quota, read-only, I/O error; sysexits.h EX_IOERR). */
export const EXIT_IO_ERROR = 74;

/** Bad input: printed as one line per problem, exit 2, never a stack trace. */
export class UsageError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

export function badInputLines(command: string, error: unknown): string[] | null {
  if (error instanceof UsageError || error instanceof ConfigError || error instanceof TopologyError) {
    return error.problems.map((p) => `hafault ${command}: ${p}`);
  }
  // Input files' problems are already `file:line:col: field: problem`, the format editors and problem matchers read.
  if (error instanceof TraceFileError) return [...error.problems];
  // `--step` lines are the command line's, not a file's.
  if (error instanceof PlanError)
    return error.problems.map((p) => (p.file === STEP_SOURCE ? `hafault ${command}: ${planLine(p)}` : planLine(p)));
  if (error instanceof TopologyFileError || error instanceof InputFileError) return [...error.lines];
  // `file: problem`: the user's model or config file names itself.
  if (error instanceof UserModelError) return [...error.problems];
  return null;
}

/** A run that never settled, for commands that do not report it as a finding themselves (spof, replay, conform). */
export function oscillationLines(command: string, error: unknown): string[] | null {
  return error instanceof OscillationError ? [`hafault ${command}: ${error.message} (a model that oscillates)`] : null;
}

/** The `--set` forms each command takes: its --help says so and it refuses the others by name. */
export type SetCommand = 'check' | 'explore' | 'spof' | 'conform' | 'run' | 'sweep';

export const SET_FORMS: Readonly<Record<SetCommand, readonly SetForm[]>> = {
  check: ['value'],
  explore: ['value'],
  spof: ['value'],
  conform: ['value'],
  run: ['value', 'list'],
  sweep: ['value', 'list', 'range'],
};

function grammarOf(command: SetCommand): SetGrammar {
  const forms = SET_FORMS[command];
  const takers = (form: SetForm) => Object.entries(SET_FORMS).flatMap(([c, f]) => (f.includes(form) ? [c] : []));
  const elsewhere: Partial<Record<SetForm, string>> = {};
  for (const form of ['list', 'range'] as const) {
    const names = takers(form);
    if (!forms.includes(form)) elsewhere[form] = `${names.join(' and ')} take${names.length === 1 ? 's' : ''}`;
  }
  return { forms, elsewhere };
}

/** A command's `--set` pairs, read in its grammar (keys are checked against the models later). */
export function readSetFlags(command: SetCommand, sets: readonly string[]): SetPair[] {
  return readSets(sets, grammarOf(command), textKeysOf(catalogueModels()));
}

/** `--help` for a command's `--set`: the forms it takes. */
export function setHelp(command: SetCommand, example: string): string {
  const forms = SET_FORMS[command];
  const what: Record<SetForm, string> = {
    value: 'fixes a setting',
    list: command === 'run' ? 'runs the plan once per value (several lists: every combination)' : 'sweeps it',
    range: 'draws it per schedule (an environment range)',
  };
  const taken =
    forms.length === 1 ? `${formsText(forms)} only` : forms.map((f) => `${FORM_SYNTAX[f]} ${what[f]}`).join('; ');
  return `${taken}, e.g. ${example}. Repeatable, each key once; a free-text setting (e.g. pingTargets) takes its whole text, commas included. See \`models\``;
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/**
 * A name given twice, in a repeatable flag (`--property p --property p`) or a comma-separated list
 * (`--faults nic-down,nic-down`), is bad input everywhere: one line per repeated name.
 */
export function refuseRepeats(flag: string, values: readonly string[], how: string): void {
  const twice = [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
  if (twice.length > 0) throw new UsageError(twice.map((v) => `${flag}: \`${v}\` ${how} twice; expected each once`));
}

/** A comma-separated list of names: no empty item, no name twice. */
export function splitList(flag: string, text: string): string[] {
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === ''))
    throw new UsageError([`${flag}: an empty name in \`${text}\`; expected names separated by single commas`]);
  refuseRepeats(flag, items, 'is listed');
  return items;
}

export function pickModel(name: string): Model {
  const model = findCatalogued(name);
  if (!model) {
    throw new UsageError([
      `--model: unknown model \`${name}\`${didYouMean(
        name,
        catalogueModels().map((m) => m.name),
      )} (models: ${catalogueModels()
        .map((m) => m.name)
        .join(', ')})`,
    ]);
  }
  return model;
}

export function pickPreset(model: Model, name: string): Preset {
  const preset = model.presets.find((p) => p.name === name);
  if (!preset) {
    const names = model.presets.map((p) => p.name);
    throw new UsageError([
      `--preset: ${model.name} has no preset \`${name}\`${didYouMean(name, names)} (presets: ${names.join(', ')})`,
    ]);
  }
  return preset;
}

/** A topology file names its model: `--model` or `--preset` beside `--topology` is bad input. */
export function refuseModelBesideTopology(flags: TargetFlags): void {
  if (flags.model === undefined && flags.preset === undefined) return;
  const extra = [flags.model !== undefined ? '--model' : '', flags.preset !== undefined ? '--preset' : '']
    .filter(Boolean)
    .join(' and ');
  throw new UsageError([`--topology: the file names its model; drop ${extra}`]);
}

/**
 * One model and one of its presets, for the commands that run a single target (sweep, run). `purpose`
 * completes the messages: "the model to sweep", "a sweep runs one preset". A model with one preset
 * needs no `--preset`.
 */
export function pickOneTarget(
  flags: TargetFlags,
  purpose: { readonly model: string; readonly preset: string },
): { model: Model; preset: Preset } {
  if (flags.model === undefined)
    throw new UsageError([`--model: name ${purpose.model} (see \`hafault models\`), or give --topology FILE`]);
  const model = pickModel(flags.model);
  if (flags.preset !== undefined) return { model, preset: pickPreset(model, flags.preset) };
  if (model.presets.length === 1) return { model, preset: model.presets[0] };
  throw new UsageError([
    `--preset: ${purpose.preset}; name it (presets of ${model.name}: ${model.presets.map((p) => p.name).join(', ')})`,
  ]);
}

/** `--model` and `--preset` to targets: one preset, every preset of a model, or every built-in one. */
export function selectTargets(
  modelName: string | undefined,
  presetName: string | undefined,
  sets: readonly string[],
): Target[] {
  // check, explore, spof and conform all take key=value only.
  const overrides = fixedTexts(readSetFlags('check', sets));
  if (presetName !== undefined && modelName === undefined) {
    const owners = catalogueModels().filter((m) => m.presets.some((p) => p.name === presetName));
    if (owners.length !== 1) throw new UsageError([`--preset ${presetName}: name the model too (--model)`]);
    modelName = owners[0].name;
  }
  const models = modelName === undefined ? catalogueModels() : [pickModel(modelName)];
  // Across several models, a setting applies to the models that have it; unknown to all is an error.
  if (models.length > 1) {
    const known = [...new Set(models.flatMap((m) => m.keys.map((k) => k.key)))];
    const unknown = Object.keys(overrides).filter((k) => !known.includes(k));
    if (unknown.length > 0)
      throw new UsageError(
        unknown.map(
          (k) => `--set ${k}: no built-in model has this setting${didYouMean(k, known)} (see \`hafault models\`)`,
        ),
      );
  }
  const targets: Target[] = [];
  for (const model of models) {
    const presets = presetName === undefined ? model.presets : [pickPreset(model, presetName)];
    const mine =
      models.length > 1
        ? Object.fromEntries(Object.entries(overrides).filter(([k]) => model.keys.some((x) => x.key === k)))
        : overrides;
    for (const preset of presets) targets.push(presetTarget(model, preset, mine));
  }
  return targets;
}

/**
 * `--property` over several targets: each judges the named properties it declares; a property no
 * selected model declares is an error. Targets left with none are dropped.
 */
export function pickPropertiesAcross(
  targets: readonly Target[],
  wanted: readonly string[],
): { target: Target; properties: PropertyName[] }[] {
  refuseRepeats('--property', wanted, 'is given');
  if (targets.length <= 1 || wanted.length === 0)
    return targets.map((t) => ({ target: t, properties: pickProperties(t.model, wanted) }));
  const declared = [...new Set(targets.flatMap((t) => t.model.properties))];
  const unknown = wanted.filter((w) => !declared.includes(w));
  if (unknown.length > 0)
    throw new UsageError(
      unknown.map(
        (u) =>
          `--property: no selected model declares \`${u}\`${didYouMean(u, declared)} (properties: ${declared.join(', ')})`,
      ),
    );
  return targets
    .map((t) => ({ target: t, properties: (wanted as PropertyName[]).filter((w) => t.model.properties.includes(w)) }))
    .filter((x) => x.properties.length > 0);
}

export function pickProperties(model: Model, wanted: readonly string[]): PropertyName[] {
  refuseRepeats('--property', wanted, 'is given');
  if (wanted.length === 0) return [...model.properties];
  const unknown = wanted.filter((w) => !model.properties.includes(w));
  if (unknown.length > 0) {
    throw new UsageError(
      unknown.map(
        (u) =>
          `--property: ${model.name} has no property \`${u}\`${didYouMean(u, model.properties)} (properties: ${model.properties.join(', ')})`,
      ),
    );
  }
  return wanted as PropertyName[];
}

export interface TargetFlags {
  readonly model?: string;
  readonly preset?: string;
  readonly topology?: string;
  readonly set: readonly string[];
}

/**
 * `--topology FILE` (the file names its model) or `--model`/`--preset`. A file's warnings go to
 * `warn`, one line each.
 */
export function resolveTargets(flags: TargetFlags, warn: (line: string) => void): Target[] {
  if (flags.topology === undefined) return selectTargets(flags.model, flags.preset, flags.set);
  refuseModelBesideTopology(flags);
  const target = loadTopologyTarget(flags.topology, fixedTexts(readSetFlags('check', flags.set)));
  for (const w of target.warnings) warn(w);
  return [target];
}

/** The options given on the command line, not left at their defaults (a --resume takes the rest from its checkpoint). */
export function givenOptions(command: Command): Set<string> {
  return new Set(
    command.options.map((o) => o.attributeName()).filter((k) => command.getOptionValueSource(k) === 'cli'),
  );
}

/** `maxFaults` → `--max-faults`; `repairs` is given as `--no-repairs`. */
export function flagOf(attribute: string): string {
  return attribute === 'repairs' ? '--no-repairs' : `--${attribute.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * Flags a mode of a command does not use (`sweep --resume`, `conform --cleanup`), given anyway: one
 * line each, rather than ignored or half-used. `taken`: the flags the mode takes; `why`: ends each line.
 * @throws UsageError
 */
export function refuseUnused(explicit: ReadonlySet<string>, taken: readonly string[], why: string): void {
  const refused = [...explicit].filter((k) => !taken.includes(k));
  if (refused.length > 0) throw new UsageError(refused.map((k) => `${flagOf(k)}: ${why}`));
}

/**
 * Reads one part of a command's input, collecting its problems (UsageError, ConfigError) into
 * `problems` instead of stopping there, so that every bad flag is reported at once (one line each);
 * undefined when it had problems. Other errors (a file's, placed by line) are thrown as they are.
 */
export function collecting<T>(problems: string[], read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}

/** The problems `collecting` gathered, as one UsageError. @throws UsageError when there are any */
export function refuseCollected(problems: readonly string[]): void {
  if (problems.length > 0) throw new UsageError(problems);
}
