// One grammar for `--set`, shared by every command. `key=value` fixes a setting, `key=v1,v2,…` lists
// values (the command runs each), `key=low..high` is a range drawn per run. Each command takes the
// forms that make sense for it and refuses the others by name. A key given twice, or a value listed
// twice, is bad input: which one wins would be a guess. A free-text setting (`string`, e.g.
// pingTargets, a comma-separated list of host ids) takes its whole text as its one value.
import { ConfigError, parseValue } from './config.js';
import { didYouMean } from './didYouMean.js';
import type { ConfigKey, ConfigValue, Model, NumericKey } from './model.js';
import { formatMs } from './time.js';

export type SetForm = 'value' | 'list' | 'range';

/** How each form is written (messages and --help). */
export const FORM_SYNTAX: Readonly<Record<SetForm, string>> = {
  value: 'key=value',
  list: 'key=v1,v2,…',
  range: 'key=low..high',
};

const FORM_NAME: Readonly<Record<SetForm, string>> = { value: 'one value', list: 'a list of values', range: 'a range' };

/** The forms a command takes, and which commands take a form it refuses (`sweep and run take`). */
export interface SetGrammar {
  readonly forms: readonly SetForm[];
  readonly elsewhere?: Partial<Readonly<Record<SetForm, string>>>;
}

/** One `--set` as written: the key, its form, and the text of each value (a range: low and high). */
export interface SetPair {
  readonly key: string;
  readonly form: SetForm;
  readonly texts: readonly string[];
}

/**
 * An environment parameter drawn per run, uniformly from low, low + step, …, high. Durations whose
 * ends are whole seconds are drawn in whole seconds (the resolution they were written in, and the
 * agents' own timer grid); anything else in steps of 1.
 */
export interface EnvironmentRange {
  readonly key: string;
  readonly low: number;
  readonly high: number;
  readonly step: number;
}

/** A `--set` parsed against the model's keys; lists keep the order given. */
export type ParsedSet =
  | { readonly key: string; readonly form: 'value'; readonly value: ConfigValue; readonly text: string }
  | {
      readonly key: string;
      readonly form: 'list';
      readonly values: readonly ConfigValue[];
      readonly texts: readonly string[];
    }
  | { readonly key: string; readonly form: 'range'; readonly range: EnvironmentRange };

const RANGE = /^(.+?)\.\.(.+)$/;

/** "key=value, key=v1,v2,… or key=low..high" */
export function formsText(forms: readonly SetForm[]): string {
  const written = forms.map((f) => FORM_SYNTAX[f]);
  return written.length === 1 ? written[0] : `${written.slice(0, -1).join(', ')} or ${written[written.length - 1]}`;
}

/** Keys that are free text in any of the models: their commas and dots are their own. */
export function textKeysOf(models: readonly Model[]): (key: string) => boolean {
  const text = new Set(models.flatMap((m) => m.keys.filter((k) => k.type === 'string').map((k) => k.key)));
  return (key) => text.has(key);
}

function formOf(text: string, isText: boolean): { form: SetForm; texts: string[] } {
  const range = isText ? null : RANGE.exec(text);
  if (range) return { form: 'range', texts: [range[1].trim(), range[2].trim()] };
  if (!isText && text.includes(',')) return { form: 'list', texts: text.split(',').map((s) => s.trim()) };
  return { form: 'value', texts: [text] };
}

/** Why a pair cannot be read in this grammar, or null. */
function syntaxProblem(
  pair: string,
  key: string,
  form: SetForm,
  texts: readonly string[],
  grammar: SetGrammar,
): string | null {
  if (!grammar.forms.includes(form)) {
    const where = grammar.elsewhere?.[form];
    return `--set ${pair}: ${FORM_NAME[form]}, but this command takes ${formsText(grammar.forms)} only${where ? ` (${where} ${FORM_SYNTAX[form]})` : ''}`;
  }
  if (form === 'value' && texts[0] === '') return `--set ${key}=: expected a value`;
  if (form === 'list' && texts.includes('')) return `${key}: an empty value in the list`;
  return null;
}

/**
 * The `--set` pairs as written, in order, each checked against the grammar: a malformed pair, a key
 * given twice, a form the command does not take, an empty value: one problem each.
 * @throws ConfigError with one line per problem
 */
export function readSets(pairs: readonly string[], grammar: SetGrammar, isText: (key: string) => boolean): SetPair[] {
  const problems: string[] = [];
  const out: SetPair[] = [];
  const seen = new Set<string>();
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = pair.slice(0, eq).trim();
    if (eq <= 0 || key === '') {
      problems.push(`--set ${pair}: expected ${formsText(grammar.forms)}`);
      continue;
    }
    if (seen.has(key)) {
      const lists = grammar.forms.includes('list') && !isText(key);
      problems.push(`${key}: set twice; ${lists ? `give every value in one --set ${key}=v1,v2,…` : 'give it once'}`);
      continue;
    }
    seen.add(key);
    const { form, texts } = formOf(pair.slice(eq + 1).trim(), isText(key));
    const problem = syntaxProblem(pair, key, form, texts, grammar);
    if (problem !== null) problems.push(problem);
    else out.push({ key, form, texts });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}

/** Fixed values by key, as written (a command that takes only `key=value`: resolveConfig parses them). */
export function fixedTexts(sets: readonly SetPair[]): Record<string, string> {
  return Object.fromEntries(sets.map((s) => [s.key, s.texts[0]]));
}

/** A duration or number shown as a user reads it (`30 s`). */
export function shownValue(key: ConfigKey, value: ConfigValue): string {
  return key.type === 'ms' && typeof value === 'number' ? formatMs(value) : String(value);
}

/** An environment range over a numeric key (whole seconds when both ends are). */
export function rangeOf(key: NumericKey, low: number, high: number): EnvironmentRange {
  const wholeSeconds = key.type === 'ms' && low % 1000 === 0 && high % 1000 === 0;
  return { key: key.key, low, high, step: wholeSeconds ? 1000 : 1 };
}

function parseList(key: ConfigKey, texts: readonly string[]): ParsedSet | string {
  const values: ConfigValue[] = [];
  for (const t of texts) {
    const v = parseValue(key, t);
    if (!v.ok) return v.problem;
    if (values.includes(v.value)) return `${key.key}: ${shownValue(key, v.value)} is listed twice`;
    values.push(v.value);
  }
  return { key: key.key, form: 'list', values, texts };
}

function parseRange(key: ConfigKey, lowText: string, highText: string): ParsedSet | string {
  if (key.type !== 'ms' && key.type !== 'number')
    return `${key.key}: a range needs a duration or number setting (${key.key} is ${key.type})`;
  const low = parseValue(key, lowText);
  const high = parseValue(key, highText);
  if (!low.ok) return low.problem;
  if (!high.ok) return high.problem;
  if (typeof low.value !== 'number' || typeof high.value !== 'number')
    return `${key.key}: range ends must be whole numbers, found ${lowText}..${highText}`;
  if (low.value > high.value) return `${key.key}: range ${lowText}..${highText} is empty (low > high)`;
  return { key: key.key, form: 'range', range: rangeOf(key, low.value, high.value) };
}

function parseOne(key: ConfigKey, s: SetPair): ParsedSet | string {
  switch (s.form) {
    case 'value': {
      const v = parseValue(key, s.texts[0]);
      return v.ok ? { key: key.key, form: 'value', value: v.value, text: s.texts[0] } : v.problem;
    }
    case 'list':
      return parseList(key, s.texts);
    case 'range':
      return parseRange(key, s.texts[0], s.texts[1]);
  }
}

/**
 * The pairs parsed against one model's keys, in the order given: an unknown key, a value outside its
 * key's range, a value listed twice (`30s,30000` too), an empty or reversed range: one problem each.
 * @throws ConfigError with one line per problem
 */
export function parseSets(model: Model, sets: readonly SetPair[]): ParsedSet[] {
  const problems: string[] = [];
  const out: ParsedSet[] = [];
  const names = model.keys.map((k) => k.key);
  for (const s of sets) {
    const key = model.keys.find((k) => k.key === s.key);
    const parsed = key
      ? parseOne(key, s)
      : `${s.key}: not a setting of ${model.name}${didYouMean(s.key, names)} (see \`hafault models\`)`;
    if (typeof parsed === 'string') problems.push(parsed);
    else out.push(parsed);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out;
}
