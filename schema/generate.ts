// Writes schema/topology.schema.json and schema/rates.schema.json from the schemas the loaders
// validate with, for editors.
//   npm run schema
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS } from '../models/registry.js';
import { buildRatesSchema } from '../harness/runners/availability/ratesSchema.js';
import { buildTopologySchema } from '../harness/runners/topologyFile/schema.js';

export const SCHEMA_FILE = join(import.meta.dirname, 'topology.schema.json');
export const RATES_SCHEMA_FILE = join(import.meta.dirname, 'rates.schema.json');

export function schemaText(): string {
  return JSON.stringify(buildTopologySchema(MODELS), null, 2) + '\n';
}

export function ratesSchemaText(): string {
  return JSON.stringify(buildRatesSchema(), null, 2) + '\n';
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
  writeFileSync(RATES_SCHEMA_FILE, ratesSchemaText());
  process.stdout.write(`wrote ${RATES_SCHEMA_FILE}\n`);
}
