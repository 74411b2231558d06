// The file input kinds: a topology file (each example, mutated, written as YAML or JSON, run through
// check, explore, spof, sweep or run), a plan (the example plans, mutated by structure or line by line,
// run through `run`), and a trace file (each corpus file, mutated, through `replay`). Each case says
// whether its mutation is known to make the input invalid (invalid.ts).
import fc from 'fast-check';
import { FAULTS } from '../../harness/engine/faults/index.js';
import { MODELS } from '../../models/registry.js';
import { IN, OUT, sweepSet, TARGET_COMMANDS, tinyTail } from './commands.js';
import { hostileName, shown } from './hostile.js';
import { planInvalid, topologyInvalid, traceInvalid } from './invalid.js';
import { applyTree, getAt, treeMutation, type Applied, type Json, type TreeMutation } from './mutate.js';
import { fuzzCase, type FuzzCase } from './runCase.js';
import { PLANS, TOPOLOGIES, TRACES } from './seeds.js';
import { render, textMutation, type TextMutation } from './text.js';

type Scoped = [TreeMutation, number | undefined];

/** 1 to 3 mutations (mostly one: its validity can be judged), each within a top-level key of the document or anywhere. */
const mutations = fc
  .oneof({ arbitrary: fc.constant(1), weight: 5 }, { arbitrary: fc.integer({ min: 2, max: 3 }), weight: 2 })
  .chain((n) =>
    fc.array(fc.tuple(treeMutation, fc.option(fc.nat({ max: 100 }), { nil: undefined })), {
      minLength: n,
      maxLength: n,
    }),
  );

function mutateAll(doc: Json, list: readonly Scoped[]): { doc: Json; applied: Applied[] } {
  const applied: Applied[] = [];
  for (const [m, scope] of list) {
    const keys = doc !== null && typeof doc === 'object' && !Array.isArray(doc) ? Object.keys(doc) : [];
    const r = applyTree(doc, m, scope === undefined || keys.length === 0 ? undefined : keys[scope % keys.length]);
    doc = r.value;
    applied.push(r.applied);
  }
  return { doc, applied };
}

/** Certain invalidity that no structural mutation before it can undo. */
function textInvalid(t: TextMutation, json: boolean): string | null {
  if (t.kind === 'insert' && t.text === '\u0000') return 'a NUL byte in the file';
  if (t.kind === 'aliasBomb') return 'a YAML alias bomb';
  if (t.kind === 'truncate' && json) return 'JSON cut short';
  return null;
}

/** The rule for one structural mutation, only when it is the only mutation and the text is intact. */
function judged(applied: Applied[], t: TextMutation, doc: Json, rule: (a: Applied, value: unknown) => string | null) {
  if (applied.length !== 1 || t.kind !== 'none') return null;
  return rule(applied[0], applied[0].kind === 'hostile' ? getAt(doc, applied[0].path) : undefined);
}

/**
 * A run horizon or fault time past FAR_MS (a trace's endMs at 2^53-1, a plan step `after: 2^53-1`):
 * today such a run goes on for 5 million events, tens of seconds and gigabytes (V8 may abort the whole
 * process), so these are left to hangs.cli.test.ts, which runs them in a process of their own.
 */
const FAR_MS = 1e7;
function farFuture(doc: Json, key = ''): boolean {
  if (['endMs', 'at', 'after', 'within'].includes(key) && Number(doc) > FAR_MS) return true;
  if (doc === null || typeof doc !== 'object') return false;
  return Object.entries(doc).some(([k, v]) => farFuture(v, k));
}

const labelOf = (applied: Applied[], text: string) => [...applied.map((a) => a.label), text].filter(Boolean).join('; ');

export const topologyCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    seed: fc.nat({ max: TOPOLOGIES.length - 1 }),
    list: mutations,
    text: textMutation(true),
    json: fc.boolean(),
    command: fc.constantFrom(...TARGET_COMMANDS),
  })
  .chain((r) => tinyTail(r.command, TOPOLOGIES[r.seed].model).map((tail) => ({ ...r, tail })))
  .map(({ seed, list, text, json, command, tail }) => {
    const s = TOPOLOGIES[seed];
    const t: TextMutation = json && (text.kind === 'aliasBomb' || text.kind === 'alias') ? { kind: 'none' } : text;
    const { doc, applied } = mutateAll(s.doc, list);
    const file = json ? 'topology.json' : 'topology.yaml';
    const rendered = render(doc, !json, t);
    return fuzzCase({
      kind: 'topology',
      label: `${s.file.replace(/.*examples\//, 'examples/')}: ${labelOf(applied, rendered.label)}`,
      files: [{ name: file, bytes: rendered.bytes }],
      argv: [command, '--topology', `${IN}/${file}`, ...tail],
      invalid: textInvalid(t, json) ?? judged(applied, t, doc, topologyInvalid),
    });
  });

type LineMutation =
  | { readonly kind: 'deleteLine'; readonly pick: number }
  | { readonly kind: 'duplicateLine'; readonly pick: number }
  | { readonly kind: 'swapLines'; readonly pick: number; readonly other: number }
  | { readonly kind: 'token'; readonly pick: number; readonly value: string };

const lineMutation: fc.Arbitrary<LineMutation> = fc.oneof(
  fc.record({ kind: fc.constantFrom('deleteLine' as const, 'duplicateLine' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('swapLines' as const), pick: fc.nat(), other: fc.nat() }),
  { arbitrary: fc.record({ kind: fc.constant('token' as const), pick: fc.nat(), value: hostileName }), weight: 2 },
);

/** Applies a line mutation to a text plan; `names` says the token replaced named a fault or a target. */
function mutateLines(text: string, m: LineMutation): { text: string; label: string; names: boolean } {
  const lines = text.split('\n');
  const i = m.pick % lines.length;
  if (m.kind === 'deleteLine' || m.kind === 'duplicateLine') {
    const kept =
      m.kind === 'deleteLine' ? lines.filter((_, k) => k !== i) : [...lines.slice(0, i + 1), ...lines.slice(i)];
    return {
      text: kept.join('\n'),
      label: `${m.kind === 'deleteLine' ? 'delete' : 'duplicate'} line ${i + 1}`,
      names: false,
    };
  }
  if (m.kind === 'swapLines') {
    const j = m.other % lines.length;
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return { text: lines.join('\n'), label: `swap lines ${i + 1} and ${j + 1}`, names: false };
  }
  return replaceToken(lines, m.pick, m.value);
}

function replaceToken(lines: string[], n: number, value: string): { text: string; label: string; names: boolean } {
  const tokens = lines.flatMap((l, li) => l.split(' ').map((tok, ti) => ({ li, ti, tok }))).filter((t) => t.tok !== '');
  const pick = tokens[n % tokens.length];
  const words = lines[pick.li].split(' ');
  const isName = (k: number) => k >= 0 && words[k] !== undefined && words[k] in FAULTS;
  const names =
    !lines[pick.li].trimStart().startsWith('#') &&
    (isName(pick.ti) || isName(pick.ti - 1)) &&
    !words.slice(0, pick.ti).includes('#');
  words[pick.ti] = value;
  lines[pick.li] = words.join(' ');
  return { text: lines.join('\n'), label: `line ${pick.li + 1}: \`${pick.tok}\` → ${shown(value)}`, names };
}

export const planCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    seed: fc.nat({ max: PLANS.length - 1 }),
    list: mutations,
    lines: fc.array(lineMutation, { minLength: 1, maxLength: 2 }),
    text: textMutation(true),
    json: fc.boolean(),
    flags: fc.subarray(['--set', '--json', '--timeline', '--html']),
  })
  .map(({ seed, list, lines, text, json, flags }) => {
    const s = PLANS[seed];
    const model = MODELS.find((m) => m.name === s.target[1])!;
    const extra = flags.flatMap((f) =>
      f === '--set' ? ['--set', sweepSet(model)] : f === '--html' ? ['--html', `${OUT}/plan.html`] : [f],
    );
    const built = s.text !== undefined ? textPlan(s.text, lines, text) : dataPlan(s.doc!, list, text, json);
    const c = fuzzCase({
      kind: 'plan',
      label: `${s.name.replace(/.*examples\//, 'examples/')}: ${built.label}`,
      files: [{ name: built.file, bytes: built.bytes }],
      argv: ['run', ...s.target, '--plan', `${IN}/${built.file}`, ...extra],
      invalid: built.invalid,
    });
    return { c, far: built.far };
  })
  .filter(({ far }) => !far)
  .map(({ c }) => c);

function textPlan(text: string, list: readonly LineMutation[], t: TextMutation) {
  const steps = list.reduce(
    (acc, m) => {
      const r = mutateLines(acc.text, m);
      return { text: r.text, labels: [...acc.labels, r.label], names: [...acc.names, r.names] };
    },
    { text, labels: [] as string[], names: [] as boolean[] },
  );
  const plain: TextMutation = t.kind === 'aliasBomb' || t.kind === 'alias' ? { kind: 'none' } : t;
  const bytes = plainText(steps.text, plain);
  const invalid =
    list.length === 1 && plain.kind === 'none' && steps.names[0] ? 'a fault or target that names nothing' : null;
  return {
    file: 'plan.plan',
    bytes: bytes.bytes,
    label: [...steps.labels, bytes.label].filter(Boolean).join('; '),
    invalid,
    far: false,
  };
}

function plainText(text: string, t: TextMutation): { bytes: Buffer; label: string } {
  if (t.kind === 'truncate') {
    const b = Buffer.from(text);
    const cut = t.at % Math.max(1, b.length);
    return { bytes: b.subarray(0, cut), label: `cut at byte ${cut} of ${b.length}` };
  }
  if (t.kind === 'insert') {
    const i = t.at % (text.length + 1);
    return {
      bytes: Buffer.from(text.slice(0, i) + t.text + text.slice(i)),
      label: `insert ${shown(t.text)} at char ${i}`,
    };
  }
  return { bytes: Buffer.from(text), label: '' };
}

function dataPlan(seed: Json, list: readonly Scoped[], text: TextMutation, json: boolean) {
  const t: TextMutation = json && (text.kind === 'aliasBomb' || text.kind === 'alias') ? { kind: 'none' } : text;
  const { doc, applied } = mutateAll(seed, list);
  const rendered = render(doc, !json, t);
  const invalid = (t.kind === 'aliasBomb' ? 'a YAML alias bomb' : null) ?? judged(applied, t, doc, planInvalid);
  return {
    file: json ? 'plan.json' : 'plan.yaml',
    bytes: rendered.bytes,
    label: labelOf(applied, rendered.label),
    invalid,
    far: farFuture(doc),
  };
}

/** Where a trace's mutations land: mostly what replay trusts (topology, settings, schedule, names). */
const TRACE_SCOPES = ['topology', 'topology', 'config', 'schedule', 'properties', 'model', 'endMs', 'formatVersion'];

export const traceCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    seed: fc.nat({ max: TRACES.length - 1 }),
    list: fc.array(fc.tuple(treeMutation, fc.option(fc.constantFrom(...TRACE_SCOPES), { nil: undefined })), {
      minLength: 1,
      maxLength: 3,
    }),
    text: textMutation(false),
    flags: fc.subarray(['--timeline', '--json', '--html']),
  })
  .map(({ seed, list, text, flags }) => {
    const s = TRACES[seed];
    let doc = s.doc;
    const applied: Applied[] = [];
    for (const [m, scope] of list) {
      const r = applyTree(doc, m, scope);
      doc = r.value;
      applied.push(r.applied);
    }
    const rendered = render(doc, false, text);
    const modelName = (s.doc as { model: { name: string } }).model.name;
    const model = MODELS.find((m) => m.name === modelName);
    const rule = (a: Applied, value: unknown) => traceInvalid(a, value, model);
    const c = fuzzCase({
      kind: 'trace',
      label: `${s.file.replace(/.*properties\//, 'properties/')}: ${labelOf(applied, rendered.label)}`,
      files: [{ name: 'trace.json', bytes: rendered.bytes }],
      argv: ['replay', `${IN}/trace.json`, ...flags.flatMap((f) => (f === '--html' ? [f, `${OUT}/trace.html`] : [f]))],
      invalid: textInvalid(text, true) ?? judged(applied, text, doc, rule),
    });
    return { c, far: farFuture(doc) };
  })
  .filter(({ far }) => !far)
  .map(({ c }) => c);
