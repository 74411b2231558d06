// Writes every built-in preset as a topology file, examples/<model>/<preset>.yaml, so that users
// start from a real design. A test checks each file loads to exactly its preset.
//   npx tsx examples/generate.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { Document, isMap, isSeq } from 'yaml';
import type { Model, Preset } from '../harness/engine/model.js';
import { MODELS } from '../models/registry.js';

export const EXAMPLES_DIR = import.meta.dirname;
const SCHEMA = join(EXAMPLES_DIR, '..', 'schema', 'topology.schema.json');

export function examplePath(model: Model, preset: Preset): string {
  return join(EXAMPLES_DIR, model.name, `${preset.name}.yaml`);
}

/** World settings worth stating as ranges for a preset (SCENARIOS.md / README ranges). */
const ENVIRONMENTS: Readonly<Record<string, Readonly<Record<string, { min: string; max: string }>>>> = {
  'xenserver-ha/bonded-mirrored-san': { hardFailoverMs: { min: '90s', max: '135s' } },
};

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}`);

export function exampleText(model: Model, preset: Preset): string {
  const t = preset.topology;
  const data = {
    name: t.name,
    ...(t.description !== undefined ? { description: t.description } : {}),
    model: model.name,
    ...(preset.config && Object.keys(preset.config).length > 0 ? { settings: preset.config } : {}),
    ...(ENVIRONMENTS[`${model.name}/${preset.name}`]
      ? { environment: ENVIRONMENTS[`${model.name}/${preset.name}`] }
      : {}),
    ...(preset.faults ? { faults: [...preset.faults] } : {}),
    hosts: t.hosts,
    switches: t.switches,
    ...(t.links ? { links: t.links } : {}),
    ...(t.storage ? { storage: t.storage } : {}),
    services: t.services.map((s) => ({ ...s, ...(s.rtoMs !== undefined ? { rtoMs: seconds(s.rtoMs) } : {}) })),
    ...(t.fenceDevices
      ? {
          fenceDevices: t.fenceDevices.map((d) => ({
            ...d,
            ...(d.actionMs !== undefined ? { actionMs: seconds(d.actionMs) } : {}),
          })),
        }
      : {}),
  };
  const doc = new Document(data);
  // One line per NIC, bond, switch, link, path, service and fence device: the file reads like a cabling list.
  const flowItems = (seq: unknown) => {
    if (isSeq(seq)) for (const item of seq.items) if (isMap(item)) item.flow = true;
  };
  const hosts = doc.get('hosts', true);
  if (isSeq(hosts))
    for (const host of hosts.items) if (isMap(host)) ['nics', 'bonds'].forEach((k) => flowItems(host.get(k, true)));
  ['switches', 'links', 'services', 'fenceDevices'].forEach((k) => flowItems(doc.get(k, true)));
  const storage = doc.get('storage', true);
  if (isMap(storage)) ['nodes', 'paths'].forEach((k) => flowItems(storage.get(k, true)));
  const faults = doc.get('faults', true);
  if (isSeq(faults)) faults.flow = true;
  const environment = doc.get('environment', true);
  if (isMap(environment)) for (const pair of environment.items) if (isMap(pair.value)) pair.value.flow = true;
  const schema = relative(dirname(examplePath(model, preset)), SCHEMA);
  return [
    `# yaml-language-server: $schema=${schema}`,
    `# ${model.name} preset \`${preset.name}\`: ${preset.describe}.`,
    `# ${preset.verdict}.`,
    `# Check it: npx hafault check --topology examples/${model.name}/${preset.name}.yaml`,
    doc.toString({ lineWidth: 160, flowCollectionPadding: false }),
  ].join('\n');
}

if (process.argv[1] === import.meta.filename) {
  for (const model of MODELS) {
    for (const preset of model.presets) {
      const path = examplePath(model, preset);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, exampleText(model, preset));
      process.stdout.write(`wrote ${relative(process.cwd(), path)}\n`);
    }
  }
}
