// The published JSON Schema is the one the loader validates with, and it describes exactly the
// fields the TypeScript types have (the key tables in types.ts are checked against the types by
// the compiler, and against the schema here).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SCHEMA_FILE, schemaText } from '../../../schema/generate.js';
import { ROLES } from '../../engine/compile.js';
import { MODELS } from '../../../models/registry.js';
import { buildTopologySchema, drawableFaultNames } from './schema.js';
import { FILE_FIELDS, NETWORK_ROLES, RESTART_PRIORITIES } from './types.js';

type Obj = {
  properties: Record<string, Obj>;
  required?: string[];
  items?: Obj;
  additionalProperties?: unknown;
  enum?: unknown[];
};
const schema = buildTopologySchema(MODELS) as unknown as Obj;
const top = schema;
const host = top.properties.hosts.items!;
const storage = top.properties.storage;

const objects: Record<keyof typeof FILE_FIELDS, Obj> = {
  top,
  host,
  nic: host.properties.nics.items!,
  bond: host.properties.bonds.items!,
  switch: top.properties.switches.items!,
  link: top.properties.links.items!,
  storage,
  storageNode: storage.properties.nodes.items!,
  path: storage.properties.paths.items!,
  service: top.properties.services.items!,
  fenceDevice: top.properties.fenceDevices.items!,
};

describe('topology schema', () => {
  it('schema/topology.schema.json is up to date (regenerate: npm run schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(schemaText());
  });

  for (const [name, fields] of Object.entries(FILE_FIELDS)) {
    it(`${name}: the schema has exactly the type's fields, required where the type requires them`, () => {
      const object = objects[name as keyof typeof FILE_FIELDS];
      expect(Object.keys(object.properties).sort()).toEqual(Object.keys(fields).sort());
      const required = Object.entries(fields)
        .filter(([, r]) => r)
        .map(([k]) => k)
        .sort();
      expect([...(object.required ?? [])].sort()).toEqual(required);
      expect(object.additionalProperties).toBe(false);
    });
  }

  it('enumerations match the types: networks, priorities, fault kinds, models', () => {
    expect(host.properties.nics.items!.properties.network.enum).toEqual(NETWORK_ROLES);
    expect([...ROLES].sort()).toEqual([...NETWORK_ROLES].sort());
    expect(objects.service.properties.priority.enum).toEqual(RESTART_PRIORITIES);
    expect(top.properties.faults.items!.enum).toEqual(drawableFaultNames());
    expect(top.properties.model.enum).toEqual(MODELS.map((m) => m.name));
  });

  it("each model's settings are offered to editors with their descriptions", () => {
    const hints = (schema as unknown as { allOf: { if: Obj; then: Obj }[] }).allOf;
    for (const model of MODELS) {
      const hint = hints.find((h) => (h.if.properties.model as unknown as { const: string }).const === model.name)!;
      expect(Object.keys(hint.then.properties.settings.properties).sort()).toEqual(model.keys.map((k) => k.key).sort());
    }
  });
});
