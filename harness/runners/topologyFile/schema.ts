// The JSON Schema of a topology file: the one definition of what a file may contain. The loader
// validates with it (ajv), editors autocomplete with the published copy (schema/topology.schema.json,
// written by `npm run schema`), and a test keeps both in step with the TypeScript types.
import { FAULTS, type FaultName } from '../../engine/faults/index.js';
import { rangeText } from '../../engine/config.js';
import type { ConfigKey, Model } from '../../engine/model.js';
import { MAX_HOSTS, ROLES } from '../../engine/compile.js';
import { ID_PATTERN } from '../../engine/ids.js';

export const SCHEMA_ID = 'https://hafault.dev/schema/topology.schema.json';

const MAX = Number.MAX_SAFE_INTEGER;
const DURATION_PATTERN = '^\\s*\\d+(\\.\\d+)?\\s*(ms|s|m|min|h)?\\s*$';

/** A design's name: any short text (it is not a fault target). */
const text = (what: string) => ({ type: 'string', minLength: 1, maxLength: 200, description: what });
/** A component id, or a reference to one: usable in a fault target and printable (engine/ids.ts). */
const id = (what: string) => ({
  ...text(`${what}; no | , spaces or control characters`),
  pattern: ID_PATTERN,
});
type Duration = (what: string) => Record<string, unknown>;
/** A file may write a duration as `120s`; the topology inside a trace file holds milliseconds only. */
const duration: Duration = (what) => ({
  type: ['integer', 'string'],
  minimum: 0,
  maximum: MAX,
  pattern: DURATION_PATTERN,
  description: `${what} (milliseconds, or a duration such as 120s, 2m, 1500ms)`,
});
const milliseconds: Duration = (what) => ({
  type: 'integer',
  minimum: 0,
  maximum: MAX,
  description: `${what} (milliseconds)`,
});
const network = {
  enum: [...ROLES],
  description:
    'The network the interface carries: management (HA heartbeats), vm / public (service traffic), storage, channel (a dedicated heartbeat or replication link)',
};

export function drawableFaultNames(): FaultName[] {
  return Object.values(FAULTS)
    .filter((k) => !k.isRepair)
    .map((k) => k.name);
}

const nic = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'network'],
  properties: {
    id: id('Local name, unique on its host (mgmt0); its global id is host.nic (h1.mgmt0)'),
    network,
    switch: id('The switch the NIC is cabled to; omit for a crossover NIC (see links)'),
    independent: {
      type: 'boolean',
      description: 'A second NIC on this network over its own path (not a bond): hosts reach each other over either',
    },
  },
};

const bond = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'network', 'nics'],
  properties: {
    id: id('Local name (bond0); global id host.bond'),
    network,
    nics: {
      type: 'array',
      minItems: 1,
      maxItems: 64,
      items: id('A NIC of this host (local name); active-backup in this order'),
      description: 'Members in failover order: the first with carrier carries traffic',
    },
  },
};

const host = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'nics'],
  properties: {
    id: id('Host id; hosts are listed in UUID order (the first has the lowest UUID)'),
    nics: { type: 'array', maxItems: 256, items: nic },
    bonds: { type: 'array', maxItems: 64, items: bond },
    capacity: {
      type: 'number',
      minimum: 0,
      maximum: MAX,
      description: 'Resource units available to services (e.g. GiB of RAM)',
    },
    runsOn: id('For a VM: the id of the physical host it runs on (it dies with that host)'),
    powerSupplies: {
      type: 'integer',
      minimum: 1,
      maximum: 8,
      description: 'Redundant power supplies (psu-fail targets `host.psuN`); the host loses power when all have failed',
    },
    os: {
      enum: ['linux', 'windows'],
      description: 'Operating system, for models whose timings differ by OS (default linux)',
    },
  },
};

const service = (duration: Duration) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'home', 'priority'],
  properties: {
    id: id('Service (VM or application) id'),
    home: id('The host it runs on at t = 0'),
    priority: { enum: ['restart', 'best-effort', 'unprotected'], description: 'HA restart priority' },
    order: { type: 'integer', minimum: 0, maximum: MAX, description: 'Restart order within a priority: lower first' },
    needs: { type: 'number', minimum: 0, maximum: MAX, description: 'Resource units it needs on a host' },
    rtoMs: duration('Recovery time objective'),
    os: {
      enum: ['linux', 'windows'],
      description: 'Guest operating system (Avance: the live-migration pause differs)',
    },
    backups: {
      type: 'array',
      maxItems: 64,
      items: id('A host that may take the service over'),
      description: 'Failover order after `home` (active/passive products)',
    },
  },
});

const storage = {
  type: 'object',
  additionalProperties: false,
  required: ['nodes', 'paths'],
  properties: {
    nodes: {
      type: 'array',
      maxItems: 30,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id'],
        properties: { id: id('Storage node (array, SAN head) id') },
      },
    },
    mirror: {
      type: 'array',
      minItems: 2,
      maxItems: 2,
      items: id('A storage node id'),
      description: 'Two nodes that keep synchronous copies of the same volumes',
    },
    paths: {
      type: 'array',
      maxItems: 1024,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['host', 'node'],
        properties: {
          host: id('The host (initiator)'),
          node: id('The storage node (target)'),
          nic: id('The host NIC (local name) the iSCSI session uses, if it matters'),
        },
      },
    },
  },
};

const fenceDevice = (duration: Duration) => ({
  type: 'object',
  additionalProperties: false,
  required: ['id', 'host', 'switch'],
  properties: {
    id: id('Fence device id (a BMC such as IPMI or iLO, or a switched PDU outlet); fence-device-down targets it'),
    host: id('The host whose power it controls'),
    switch: id('The switch its network port is cabled to: a host fences through it only while it reaches that switch'),
    network: { ...network, description: 'The network a fencing host reaches it on (default management)' },
    actionMs: duration('Time one power action takes, from the request to the result (default 5s)'),
  },
});

const settingValue = {
  type: ['string', 'number', 'boolean'],
  description: 'A value as `--set` takes it: 120s, 2m, 120000, true, an enum name',
};

const range = {
  type: ['object', 'array'],
  description: 'The range this environment is known to span: {min, max}, or a list of values',
  additionalProperties: false,
  required: ['min', 'max'],
  properties: { min: settingValue, max: settingValue },
  minItems: 1,
  maxItems: 100,
  items: settingValue,
};

/** A setting's JSON type; a duration's or number's range as minimum/maximum (strings like `2m` are checked by the loader). */
function settingType(k: ConfigKey): Record<string, unknown> {
  switch (k.type) {
    case 'enum':
      return { enum: [...k.values!] };
    case 'boolean':
      return { type: 'boolean' };
    case 'string':
      return { type: 'string' };
    case 'ms':
      return { type: ['integer', 'string'], minimum: k.min, maximum: k.max };
    case 'number':
      return { type: 'integer', minimum: k.min, maximum: k.max };
  }
}

/** The cluster's parts: what a topology file and the topology inside a trace file share. */
function components(duration: Duration) {
  return {
    hosts: { type: 'array', maxItems: MAX_HOSTS, items: host },
    switches: {
      type: 'array',
      maxItems: 256,
      items: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: id('Switch id') } },
    },
    links: {
      type: 'array',
      maxItems: 1024,
      description: 'Cables that are not NIC-to-switch: switch–switch, or NIC–NIC crossover (host.nic)',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['a', 'b'],
        properties: { a: id('A switch id or host.nic'), b: id('A switch id or host.nic') },
      },
    },
    storage,
    services: { type: 'array', maxItems: 1000, items: service(duration) },
    fenceDevices: {
      type: 'array',
      maxItems: 256,
      items: fenceDevice(duration),
      description: 'Devices a host fences a peer through (STONITH): power off or cycle the host they control',
    },
  };
}

/** The schema for a set of models (their names and settings become editor hints). */
/** Per model: which settings its file may set (with their types and ranges) and which it may give as an environment range. */
function perModelSchemas(models: readonly Model[]) {
  return models.map((m) => ({
    if: { properties: { model: { const: m.name } }, required: ['model'] },
    then: {
      properties: {
        settings: {
          additionalProperties: false,
          properties: Object.fromEntries(
            m.keys.map((k) => [
              k.key,
              {
                ...settingType(k),
                description: `${k.describe} (${k.source})${k.type === 'ms' || k.type === 'number' ? `; range ${rangeText(k)}` : ''}`,
              },
            ]),
          ),
        },
        environment: {
          propertyNames: { enum: m.keys.filter((k) => k.type === 'ms' || k.type === 'number').map((k) => k.key) },
        },
      },
    },
  }));
}

export function buildTopologySchema(models: readonly Model[]): Record<string, unknown> {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: SCHEMA_ID,
    title: 'hafault topology',
    description:
      'A cluster design for hafault: hosts, NICs, bonds, switches, links, storage, services, and the HA product with its settings',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'model', 'hosts', 'switches', 'services'],
    properties: {
      $schema: { type: 'string', description: 'Where editors find this schema' },
      name: text('Name of this design (used in reports and trace file names)'),
      description: { type: 'string', maxLength: 2000 },
      model: { type: 'string', enum: models.map((m) => m.name), description: 'The HA product (see `hafault models`)' },
      settings: {
        type: 'object',
        additionalProperties: settingValue,
        description: 'Settings of the model, as `--set` takes them (see `hafault models`)',
      },
      environment: {
        type: 'object',
        additionalProperties: range,
        description:
          'Ranges your environment spans for world settings (e.g. hardFailoverMs: {min: 90s, max: 135s}); sweep compares them',
      },
      faults: {
        type: 'array',
        maxItems: 64,
        uniqueItems: true,
        items: { enum: drawableFaultNames() },
        description: "Fault kinds to draw (default: the model's)",
      },
      ...components(duration),
    },
    allOf: perModelSchemas(models),
  };
}

/**
 * The topology a trace file records: the engine's Topology as JSON (durations in milliseconds, no
 * model, settings or environment: the trace file holds those beside it).
 */
export function buildTraceTopologySchema(): Record<string, unknown> {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['name', 'hosts', 'switches', 'services'],
    properties: {
      name: text('Name of the design'),
      description: { type: 'string', maxLength: 2000 },
      ...components(milliseconds),
    },
  };
}
