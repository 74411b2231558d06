// Writes the reference block of every docs/models/<model>.md from the model itself: its presets and
// each setting's type, default, range and sources, so a page can never disagree with `hafault
// models`. Only the marked block is rewritten; the prose around it is written by hand. It also writes
// the default-rates table of docs/availability.md (docs/availabilityRates.ts).
// test/docsModels.test.ts fails when a page's block is not what this would write now.
//   npm run docs
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultsFor, rangeText } from '../harness/engine/config.js';
import type { ConfigKey, ConfigValue, Model } from '../harness/engine/model.js';
import { formatMs } from '../harness/engine/time.js';
import { MODELS } from '../models/registry.js';
import { DEFAULT_RATES } from '../harness/runners/availability/rates.js';
import { AVAILABILITY_PAGE, withRatesBlock } from './availabilityRates.js';

export const BEGIN = '<!-- reference:begin -->';
export const END = '<!-- reference:end -->';

export function pagePath(model: Model): string {
  return join(import.meta.dirname, 'models', `${model.name}.md`);
}

/** A table cell: one line, and a `|` that does not end the cell. */
function cell(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');
}

function code(text: string): string {
  return `\`${text}\``;
}

/** As `hafault models` shows a default: a duration in seconds, a number plain, anything else as code. */
function showValue(key: ConfigKey, value: ConfigValue): string {
  if (key.type === 'ms') return formatMs(value as number);
  return key.type === 'number' ? String(value) : code(String(value));
}

/** Values of another setting worth trying to see whether a default follows it. */
function probes(key: ConfigKey): ConfigValue[] {
  if (key.type === 'enum') return [...(key.values ?? [])];
  if (key.type === 'boolean') return [true, false];
  if (key.type === 'ms' || key.type === 'number') return [key.min, key.max];
  return [];
}

/** The settings whose value changes this key's default (a default given as a function). */
function dependencies(model: Model, key: ConfigKey): ConfigKey[] {
  const base = defaultsFor(model, {})[key.key];
  return model.keys.filter(
    (other) => other !== key && probes(other).some((v) => defaultsFor(model, { [other.key]: v })[key.key] !== base),
  );
}

/** "60 s (`xha`), 30 s (`seed-2009`); otherwise follows `defaultHaTimeoutMs`" for a default that depends on other settings. */
function defaultText(model: Model, key: ConfigKey): string {
  const value = defaultsFor(model, {})[key.key];
  if (typeof key.default !== 'function') return showValue(key, value);
  const deps = dependencies(model, key);
  if (deps.length === 0) return showValue(key, value);
  const choice = deps.find((d) => d.type === 'enum');
  const parts: string[] = [];
  if (choice) {
    const byValue = new Map<string, string[]>();
    for (const v of choice.values!) {
      const shown = showValue(key, defaultsFor(model, { [choice.key]: v })[key.key]);
      byValue.set(shown, [...(byValue.get(shown) ?? []), code(v)]);
    }
    parts.push([...byValue].map(([shown, when]) => `${shown} (${choice.key} ${when.join(', ')})`).join(', '));
  } else parts.push(showValue(key, value));
  const rest = deps.filter((d) => d !== choice);
  if (rest.length > 0) parts.push(`follows ${rest.map((d) => code(d.key)).join(', ')}`);
  return parts.join('; ');
}

function rangeCell(key: ConfigKey): string {
  if (key.type === 'ms' || key.type === 'number') return rangeText(key);
  if (key.type === 'enum') return `one of ${key.values!.map(code).join(', ')}`;
  if (key.type === 'boolean') return '`true` or `false`';
  return 'free text, checked by the model';
}

export function settingsTable(model: Model): string[] {
  const rows = model.keys.map(
    (k) =>
      `| ${code(k.key)} | ${cell(k.describe)} | ${k.type} | ${cell(defaultText(model, k))} | ${cell(rangeCell(k))} | ${cell(k.source)} | ${k.unverified ? 'yes' : ''} |`,
  );
  return [
    '| setting | what it is | type | default | range (and where it comes from) | source of the default | unverified |',
    '|---|---|---|---|---|---|---|',
    ...rows,
  ];
}

export function presetsTable(model: Model): string[] {
  const rows = model.presets.map((p) => {
    const settings = Object.entries(p.config ?? {})
      .map(([k, v]) => code(`${k}=${String(v)}`))
      .join(', ');
    const faults = p.faults ? p.faults.map(code).join(', ') : "the model's";
    return `| ${code(p.name)} | ${cell(p.describe)} | ${settings} | ${faults} | ${cell(p.verdict)} |`;
  });
  return ['| preset | design | settings it sets | faults drawn | verdict |', '|---|---|---|---|---|', ...rows];
}

/** The generated block, markers included. */
export function referenceBlock(model: Model): string {
  const list = (items: readonly string[]) => (items.length > 0 ? items.map(code).join(', ') : 'none');
  const lines = [
    BEGIN,
    `<!-- generated by \`npm run docs\` (docs/generate.ts) from models/registry.ts: edit the model, not this block -->`,
    '',
    `\`${model.name}\` ${model.version}: ${cell(model.summary)}`,
    '',
    `- Properties: ${list(model.properties)}.`,
    `- Faults drawn (unless a preset says otherwise): ${list(model.faults)}.`,
    ...(model.drifts.length > 0
      ? [`- Configuration drifts: ${model.drifts.map((d) => `${code(d.name)} (${cell(d.describe)})`).join('; ')}.`]
      : []),
    ...((model.operatorSteps ?? []).length > 0
      ? [`- Procedure steps, in written order: ${model.operatorSteps!.map((s) => code(s.name)).join(' → ')}.`]
      : []),
    '',
    '### Presets',
    '',
    ...presetsTable(model),
    '',
    '### Settings (`--set key=value`)',
    '',
    ...settingsTable(model),
    END,
  ];
  return lines.join('\n');
}

/** The page with its reference block replaced; throws unless the page has exactly one block. */
export function withReference(page: string, model: Model): string {
  const begin = page.indexOf(BEGIN);
  const end = page.indexOf(END);
  if (begin < 0 || end < begin || page.indexOf(BEGIN, begin + 1) >= 0 || page.indexOf(END, end + 1) >= 0) {
    throw new Error(`${model.name}: the page needs exactly one ${BEGIN} … ${END} block`);
  }
  return page.slice(0, begin) + referenceBlock(model) + page.slice(end + END.length);
}

if (process.argv[1] === import.meta.filename) {
  for (const model of MODELS) {
    const path = pagePath(model);
    const before = readFileSync(path, 'utf8');
    const after = withReference(before, model);
    if (after !== before) writeFileSync(path, after);
    process.stdout.write(`${after === before ? 'unchanged' : 'wrote'} ${path}\n`);
  }
  const page = readFileSync(AVAILABILITY_PAGE, 'utf8');
  const rates = withRatesBlock(page, DEFAULT_RATES);
  if (rates !== page) writeFileSync(AVAILABILITY_PAGE, rates);
  process.stdout.write(`${rates === page ? 'unchanged' : 'wrote'} ${AVAILABILITY_PAGE}\n`);
}
