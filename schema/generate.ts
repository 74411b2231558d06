// Writes schema/topology.schema.json from the schema the loader validates with, for editors.
//   npm run schema
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS } from '../models/registry.js';
import { buildTopologySchema } from '../harness/runners/topologyFile/schema.js';

export const SCHEMA_FILE = join(import.meta.dirname, 'topology.schema.json');

export function schemaText(): string {
  return JSON.stringify(buildTopologySchema(MODELS), null, 2) + '\n';
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(SCHEMA_FILE, schemaText());
  process.stdout.write(`wrote ${SCHEMA_FILE}\n`);
}
