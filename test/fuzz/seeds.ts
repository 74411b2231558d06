// The valid inputs the fuzzer starts from: every example topology (examples/rates/ holds rates files,
// not topologies), the example plans (and one plan per form for keepalived, whose runs are the
// cheapest), every trace file of the regression corpus, and every built-in model and preset.
// Mutations of these are what a user's slightly wrong file looks like.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { MODELS } from '../../models/registry.js';
import type { Model } from '../../harness/engine/model.js';
import type { Json } from './mutate.js';

export const ROOT = join(import.meta.dirname, '..', '..');

const files = (dir: string, ext: RegExp) =>
  (readdirSync(join(ROOT, dir), { recursive: true }) as string[])
    .filter((f) => ext.test(f))
    .sort()
    .map((f) => join(ROOT, dir, f));

export interface TopologySeed {
  readonly file: string;
  readonly doc: Json;
  readonly model: Model;
}

export const TOPOLOGIES: readonly TopologySeed[] = files('examples', /^(?!plans\/|ci\/|rates\/).*\.ya?ml$/).map(
  (file) => {
    const doc = parse(readFileSync(file, 'utf8')) as Json & { model: string };
    const model = MODELS.find((m) => m.name === doc.model);
    if (!model) throw new Error(`${file}: no built-in model ${doc.model}`);
    return { file, doc, model };
  },
);

/** What a plan runs on, as flags. */
export interface PlanSeed {
  readonly name: string;
  readonly target: readonly string[];
  /** A text plan (`.plan`) or a parsed YAML one. */
  readonly text?: string;
  readonly doc?: Json;
}

const XHA_MIRRORED = ['--model', 'xenserver-ha', '--preset', 'bonded-mirrored-san'];
const KEEPALIVED = ['--model', 'keepalived'];

export const PLANS: readonly PlanSeed[] = [
  ...files('examples/plans', /\.plan$/).map((file) => ({
    name: file,
    target: XHA_MIRRORED,
    text: readFileSync(file, 'utf8'),
  })),
  ...files('examples/plans', /\.ya?ml$/).map((file) => ({
    name: file,
    target: XHA_MIRRORED,
    doc: parse(readFileSync(file, 'utf8')) as Json,
  })),
  {
    name: 'keepalived.plan',
    target: KEEPALIVED,
    text: 'at 5s: host-crash r1\n+20s: host-boot r1\nwait until healthy within 2m\n+5s: partition r1|r2 # split\n+10s: heal r1|r2\n',
  },
  {
    name: 'keepalived.yaml',
    target: KEEPALIVED,
    doc: {
      steps: [
        { at: '5s', fault: 'partition', target: 'r1|r2' },
        { after: '10s', fault: 'heal', target: 'r1|r2' },
        { wait: 'healthy', within: '2m' },
      ],
    },
  },
];

export const TRACES: readonly { readonly file: string; readonly doc: Json }[] = files(
  'properties/corpus',
  /\.json$/,
).map((file) => ({ file, doc: JSON.parse(readFileSync(file, 'utf8')) as Json }));

export interface PresetSeed {
  readonly model: Model;
  readonly preset: string;
}

export const PRESETS: readonly PresetSeed[] = MODELS.flatMap((model) =>
  model.presets.map((p) => ({ model, preset: p.name })),
);
