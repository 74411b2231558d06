// The command-line input kinds: `--set` values (every setting of every preset's model, at the ends of
// its range, just past them, in the list and range forms, and hostile) and flag combinations (each
// command's cheapest valid line with some options replaced by valid, invalid or odd values, and junk
// commander must refuse). A case is known invalid when any value or addition is.
import fc from 'fast-check';
import type { ConfigKey, Model } from '../../harness/engine/model.js';
import { presetTarget } from '../../harness/engine/target.js';
import { IN, sweepSet, TARGET_COMMANDS, tinyTail, type TargetCommand } from './commands.js';
import { NUMBERISH_TEXTS, ODD_STRINGS, shown } from './hostile.js';
import { JUNK_INVALID, JUNK_OTHER, OPTIONS, type OptionSpec } from './options.js';
import { fuzzCase, type FuzzCase } from './runCase.js';
import { PRESETS, TOPOLOGIES, TRACES, type PresetSeed } from './seeds.js';

/** Which `--set` forms a command takes (README, `--help`): key=value everywhere, lists in run and sweep, ranges in sweep. */
const FORMS: Readonly<Record<TargetCommand, readonly ('list' | 'range')[]>> = {
  check: [],
  explore: [],
  spof: [],
  run: ['list'],
  sweep: ['list', 'range'],
};

type SetPair =
  | { readonly kind: 'value'; readonly key: number; readonly at: 'min' | 'max' | 'mid' | 'below' | 'above' }
  | { readonly kind: 'hostile'; readonly key: number; readonly value: string }
  | { readonly kind: 'list' | 'listDup' | 'range'; readonly key: number }
  | { readonly kind: 'unknownKey' | 'noEquals' | 'empty'; readonly key: number };

const setPair: fc.Arbitrary<SetPair> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('value' as const),
      key: fc.nat(),
      at: fc.constantFrom('min' as const, 'max' as const, 'mid' as const, 'below' as const, 'above' as const),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('hostile' as const),
      key: fc.nat(),
      value: fc.constantFrom(...NUMBERISH_TEXTS, ...ODD_STRINGS),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('list' as const, 'listDup' as const, 'range' as const),
      key: fc.nat(),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constantFrom('unknownKey' as const, 'noEquals' as const, 'empty' as const),
      key: fc.nat(),
    }),
    weight: 1,
  },
);

/** Text hafault must refuse for a key of this type (the range is the key's declared one). */
function refused(key: ConfigKey, text: string): boolean {
  if (key.type === 'string') return false;
  if (key.type === 'boolean')
    return text !== 'true' && text !== 'false' && (NUMBERISH_TEXTS.includes(text) || ODD_STRINGS.includes(text));
  if (key.type === 'enum') return !(key.values ?? []).includes(text);
  return (
    ['NaN', 'Infinity', '-Infinity', '1e308', '9007199254740993', '-1', '', ' ', '+-1', '0b'].includes(text) ||
    ODD_STRINGS.includes(text)
  );
}

function valueAt(key: ConfigKey, at: 'min' | 'max' | 'mid' | 'below' | 'above'): string {
  if (key.type === 'boolean') return at === 'min' ? 'false' : 'true';
  if (key.type === 'enum') return key.values![at === 'min' ? 0 : key.values!.length - 1];
  if (key.type === 'string') return at === 'min' ? '' : 'a,b';
  const [min, max] = [key.min ?? 0, key.max ?? 0];
  const n = { min, max, mid: Math.round((min + max) / 2), below: min - 1, above: max + 1 }[at];
  return key.type === 'ms' && at === 'mid' ? `${n}ms` : String(n);
}

/** One `--set` argument and why it is invalid for the command (null: valid, or not known). */
function setText(
  p: SetPair,
  model: Model,
  command: TargetCommand,
): { text: string; key: string | null; invalid: string | null } {
  const key = model.keys[p.key % model.keys.length];
  const forms = FORMS[command];
  switch (p.kind) {
    case 'value': {
      const text = valueAt(key, p.at);
      const out = (key.type === 'ms' || key.type === 'number') && (p.at === 'below' || p.at === 'above');
      return {
        text: `${key.key}=${text}`,
        key: key.key,
        invalid: out ? `${key.key}=${text} is outside its range` : null,
      };
    }
    case 'hostile':
      return {
        text: `${key.key}=${p.value}`,
        key: key.key,
        invalid: refused(key, p.value) ? `${key.key} cannot be ${shown(p.value)}` : null,
      };
    case 'list':
    case 'listDup':
    case 'range': {
      const [a, b] = [valueAt(key, 'min'), valueAt(key, 'max')];
      const text = p.kind === 'range' ? `${a}..${b}` : p.kind === 'listDup' ? `${a},${a}` : `${a},${b}`;
      const form = p.kind === 'range' ? 'range' : 'list';
      if (key.type === 'string') return { text: `${key.key}=${text}`, key: key.key, invalid: null };
      if (!forms.includes(form))
        return { text: `${key.key}=${text}`, key: key.key, invalid: `${command} takes no ${form}` };
      return {
        text: `${key.key}=${text}`,
        key: key.key,
        invalid: p.kind === 'listDup' ? 'a value listed twice' : null,
      };
    }
    case 'unknownKey':
      return { text: `${key.key}Zz=1`, key: null, invalid: `no setting ${key.key}Zz` };
    case 'noEquals':
      return { text: key.key, key: null, invalid: 'no `=value`' };
    case 'empty':
      return { text: '', key: null, invalid: 'an empty --set' };
  }
}

const presetFlags = (s: PresetSeed) => ['--model', s.model.name, '--preset', s.preset];

export const setCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    preset: fc.nat({ max: PRESETS.length - 1 }),
    command: fc.constantFrom(...TARGET_COMMANDS),
    pairs: fc.array(setPair, { minLength: 1, maxLength: 3 }),
  })
  .chain((r) => tinyTail(r.command, PRESETS[r.preset].model).map((tail) => ({ ...r, tail })))
  .map(({ preset, command, pairs, tail }) => {
    const s = PRESETS[preset];
    const sets = pairs.map((p) => setText(p, s.model, command));
    if (command === 'sweep')
      sets.push({ text: sweepSet(s.model), key: sweepSet(s.model).split('=')[0], invalid: null });
    const keys = sets.flatMap((x) => (x.key === null ? [] : [x.key]));
    const twice = keys.find((k, i) => keys.indexOf(k) !== i);
    const rest = command === 'sweep' ? tail.slice(2) : tail;
    return fuzzCase({
      kind: 'set',
      label: sets.map((x) => `--set ${shown(x.text)}`).join(' '),
      files: [],
      argv: [command, ...presetFlags(s), ...sets.flatMap((x) => ['--set', x.text]), ...rest],
      invalid: sets.find((x) => x.invalid !== null)?.invalid ?? (twice ? `${twice} given twice` : null),
    });
  });

/** A command's flags with placeholders filled in from the target. */
function filled(value: string, s: PresetSeed, topology: string): string {
  const target = presetTarget(
    s.model,
    s.model.presets.find((p) => p.name === s.preset)!,
  );
  return value
    .replaceAll('@model', s.model.name)
    .replaceAll('@preset', s.preset)
    .replaceAll('@property', s.model.properties[0])
    .replaceAll('@fault', target.faults[0])
    .replaceAll('@topology', topology);
}

const OPTIONS_BOOL = new Set(Object.values(OPTIONS).flatMap((specs) => specs.filter((s) => s.bool).map((s) => s.flag)));

type Choice = { readonly option: number; readonly sort: 'valid' | 'invalid' | 'other'; readonly value: number };

const choice: fc.Arbitrary<Choice> = fc.record({
  option: fc.nat(),
  sort: fc.constantFrom('valid' as const, 'invalid' as const, 'invalid' as const, 'other' as const),
  value: fc.nat(),
});

/** Replaces (or adds) one option in `argv`; returns the new argv and whether the value is known invalid. */
function withOption(
  argv: string[],
  spec: OptionSpec,
  c: Choice,
  fill: (v: string) => string,
): { argv: string[]; invalid: boolean; label: string; dropped: Set<string> } {
  const drop = new Set([spec.flag, ...(spec.replaces ?? [])]);
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (!drop.has(argv[i])) kept.push(argv[i]);
    else if (!OPTIONS_BOOL.has(argv[i])) i++;
  }
  const pool =
    c.sort === 'invalid' && spec.invalid.length > 0
      ? spec.invalid
      : c.sort === 'other' && spec.other?.length
        ? spec.other
        : spec.valid;
  if (spec.bool || pool.length === 0)
    return { argv: [...kept, spec.flag], invalid: false, label: spec.flag, dropped: drop };
  const value = fill(pool[c.value % pool.length]);
  const invalid = pool === spec.invalid;
  const label = `${spec.flag} ${shown(value)}${invalid ? ' (invalid)' : ''}`;
  return { argv: [...kept, spec.flag, value], invalid, label, dropped: drop };
}

const COMMANDS = [...TARGET_COMMANDS, 'replay', 'models'] as const;

export const flagsCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    command: fc.constantFrom(...COMMANDS),
    preset: fc.nat({ max: PRESETS.length - 1 }),
    topology: fc.nat({ max: TOPOLOGIES.length - 1 }),
    trace: fc.nat({ max: TRACES.length - 1 }),
    file: fc.constantFrom('valid', 'valid', 'valid', `${IN}/missing.json`, IN, `${IN}/afile`, ''),
    choices: fc.array(choice, { minLength: 1, maxLength: 4 }),
    junk: fc.option(fc.oneof(fc.constantFrom(...JUNK_INVALID), fc.constantFrom(...JUNK_OTHER)), {
      freq: 3,
      nil: undefined,
    }),
  })
  .chain((r) =>
    (r.command === 'replay' || r.command === 'models'
      ? fc.constant<string[]>([])
      : tinyTail(r.command, PRESETS[r.preset].model)
    ).map((tail) => ({ ...r, tail })),
  )
  .map((r) => buildFlags(r));

function buildFlags(r: {
  command: (typeof COMMANDS)[number];
  preset: number;
  topology: number;
  trace: number;
  file: string;
  choices: Choice[];
  junk: readonly string[] | undefined;
  tail: string[];
}): FuzzCase {
  const s = PRESETS[r.preset];
  const fill = (v: string) => filled(v, s, TOPOLOGIES[r.topology].file);
  let argv: string[] = [r.command];
  // The invalid value each flag has now (a later choice of the same flag replaces it).
  const invalid = new Map<string, string>();
  if (r.command === 'replay') {
    argv.push(r.file === 'valid' ? TRACES[r.trace].file : r.file);
    if (r.file !== 'valid') invalid.set('<file>', `replay ${shown(r.file)}`);
  } else if (r.command !== 'models') argv.push(...presetFlags(s), ...r.tail);
  const labels: string[] = [];
  const specs = OPTIONS[r.command];
  for (const c of r.choices) {
    const next = withOption(argv, specs[c.option % specs.length], c, fill);
    argv = next.argv;
    labels.push(next.label);
    for (const flag of next.dropped) invalid.delete(flag);
    if (next.invalid) invalid.set(specs[c.option % specs.length].flag, next.label);
  }
  if (r.junk) {
    argv.push(...r.junk);
    labels.push(`+ ${r.junk.join(' ')}`);
    if (JUNK_INVALID.includes(r.junk)) invalid.set('<junk>', `commander refuses ${r.junk.join(' ')}`);
  }
  const help = argv.includes('--help') || argv.includes('-h');
  const why = help ? null : ([...invalid.values()][0] ?? null);
  return fuzzCase({ kind: 'flags', label: labels.join('; '), files: [], argv, invalid: why });
}
