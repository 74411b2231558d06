// Bad topology files: one line per problem (file:line:col: field path: what was found, what was
// expected, a close match for a misspelled id), warnings for designs that load but are probably
// not meant, and a fuzzer that throws broken files at the loader: it answers every one with its
// own error type and one-line problems, never a crash or a hang.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { examplePath } from '../../../examples/generate.js';
import { RUNS, SEED } from '../testing.js';
import { findModel, MODELS } from '../../../models/registry.js';
import { MAX_HOSTS } from '../../engine/compile.js';
import { hostLimitOf } from '../../engine/hostLimit.js';
import { WORD_HOSTS } from '../../engine/hostSet.js';
import { parseTopologyText, TopologyFileError, type LoadedTopology } from './load.js';

const xen = MODELS.find((m) => m.name === 'xenserver-ha')!;
const bondedText = readFileSync(
  examplePath(
    xen,
    xen.presets.find((p) => p.name === 'bonded')!,
  ),
  'utf8',
);
const twoHostText = readFileSync(
  examplePath(
    xen,
    xen.presets.find((p) => p.name === 'two-host')!,
  ),
  'utf8',
);

function problems(text: string, file = 'pool.yaml'): string[] {
  try {
    parseTopologyText(text, file);
  } catch (error) {
    if (error instanceof TopologyFileError) return [...error.lines];
    throw error;
  }
  return [];
}

const minimal = (extra: string) => `name: p
model: xenserver-ha
switches: [{id: sw1}, {id: sw2}]
services: [{id: vm1, home: h1, priority: restart}]
${extra}`;

describe('topology file errors', () => {
  const cases: [string, string, RegExp][] = [
    [
      'a NIC on a switch that does not exist',
      minimal('hosts:\n  - id: h1\n    nics:\n      - {id: m0, network: management, switch: sw3}\n'),
      /^pool\.yaml:8:47: hosts\[0\]\.nics\[0\]\.switch: unknown switch `sw3`; did you mean `sw1`\? \(switches: sw1, sw2\)$/,
    ],
    [
      'a VM on a host that does not exist',
      minimal('hosts:\n  - id: h1\n    nics: []\n  - id: vm7\n    runsOn: h8\n    nics: []\n'),
      /^pool\.yaml:9:13: hosts\[1\]\.runsOn: unknown host `h8`; did you mean `h1`\? \(hosts: h1\)$/,
    ],
    [
      'a service with no eligible host',
      minimal('hosts:\n  - {id: h1, capacity: 4, nics: []}\n').replace(
        'priority: restart}',
        'priority: restart, needs: 6}',
      ),
      /^pool\.yaml:4:\d+: services\[0\]\.needs: service `vm1` needs 6 but the largest host has capacity 4: no host is eligible to run it$/,
    ],
    [
      'a service on an unknown home',
      minimal('hosts:\n  - {id: h1, nics: []}\n').replace('home: h1', 'home: hl'),
      /^pool\.yaml:4:\d+: services\[0\]\.home: unknown host `hl`; did you mean `h1`\?/,
    ],
    [
      'a misspelled field',
      minimal('hosts:\n  - {id: h1, nic: []}\n'),
      /^pool\.yaml:6:\d+: hosts\[0\]\.nic: unknown field `nic`; did you mean `nics`\? \(expected one of: id, nics, bonds, capacity, runsOn, powerSupplies, os\)$/,
    ],
    [
      'a missing field',
      minimal('hosts:\n  - {id: h1}\n'),
      /^pool\.yaml:6:\d+: hosts\[0\]\.nics: missing; expected this required field of hosts\[0\]$/,
    ],
    [
      'a wrong type',
      minimal('hosts:\n  - {id: h1, nics: [], capacity: lots}\n'),
      /hosts\[0\]\.capacity: expected a number, found `lots`$/,
    ],
    [
      'a misspelled network',
      minimal('hosts:\n  - id: h1\n    nics: [{id: m0, network: managment, switch: sw1}]\n'),
      /hosts\[0\]\.nics\[0\]\.network: expected one of management, vm, storage, channel, public, found `managment`; did you mean `management`\?$/,
    ],
    [
      'an unknown model',
      minimal('hosts: []\n').replace('xenserver-ha', 'xenserver'),
      /^pool\.yaml:2:8: model: expected one of .*xenserver-ha.*, found `xenserver`; did you mean `xenserver-ha`\?$/,
    ],
    [
      'a misspelled setting',
      minimal('settings: {timoutMs: 90s}\nhosts:\n  - {id: h1, nics: []}\n'),
      /^pool\.yaml:5:\d+: settings\.timoutMs: not a setting of xenserver-ha; did you mean `timeoutMs`\?/,
    ],
    [
      'a setting below its minimum',
      minimal('settings: {timeoutMs: 5s}\nhosts:\n  - {id: h1, nics: []}\n'),
      /settings\.timeoutMs: expected a duration in whole milliseconds from 10 s to 1 h \(DOMAIN\.md XenServer: minimum 10 s.*\), found `5s`$/,
    ],
    [
      'an environment key that is not a duration setting',
      minimal('environment: {hardFailover: {min: 90s, max: 120s}}\nhosts:\n  - {id: h1, nics: []}\n'),
      /environment\.hardFailover: not a setting of xenserver-ha; did you mean `hardFailoverMs`\?/,
    ],
    [
      'a bond member that does not exist',
      minimal(
        'hosts:\n  - id: h1\n    nics: [{id: m0, network: management, switch: sw1}]\n    bonds: [{id: b0, network: management, nics: [m0, m1]}]\n',
      ),
      /hosts\[0\]\.bonds\[0\]\.nics\[1\]: unknown NIC `m1` on h1; did you mean `m0`\?/,
    ],
    [
      'a link to nowhere',
      minimal('hosts:\n  - {id: h1, nics: []}\nlinks: [{a: sw1, b: sw4}]\n'),
      /links\[0\]\.b: unknown switch or NIC `sw4`; did you mean `sw1`\?/,
    ],
    [
      'duplicate ids',
      minimal('hosts:\n  - {id: sw1, nics: []}\n').replace('home: h1', 'home: sw1'),
      /switches\[0\]\.id: duplicate id `sw1` \(already used by hosts\[0\]\.id\)/,
    ],
    ['not YAML at all', 'name: [unclosed\n  - : :\n', /^pool\.yaml:\d+:\d+: not valid YAML or JSON: /],
    [
      'a list at the top level',
      '- a\n- b\n',
      /^pool\.yaml:1:1: expected a mapping with name, model, hosts, switches and services at the top level, found a list$/,
    ],
    ['an empty file', '', /^pool\.yaml:1:1: expected a mapping .* found an empty file$/],
    [
      'JSON with a duplicate key',
      '{"name": "a", "name": "b"}',
      /^pool\.yaml:1:15: key `"name"` appears twice in this mapping; expected each key once$/,
    ],
    [
      'a huge number',
      minimal('hosts:\n  - {id: h1, nics: [], capacity: 1e400}\n'),
      /hosts\[0\]\.capacity: expected at most 9007199254740991, found an infinite number$/,
    ],
    [
      'a whole number past 2^53 (the parser rounded it: said, not shown as if written)',
      minimal('hosts:\n  - {id: h1, nics: [], capacity: 9007199254740993}\n'),
      /hosts\[0\]\.capacity: expected at most 9007199254740991, found 9007199254740992 \(rounded: a whole number past 2\^53 cannot be held exactly\)$/,
    ],
    [
      'an infinite number at the top level',
      '1e999\n',
      /^pool\.yaml:1:1: expected a mapping .* at the top level, found an infinite number$/,
    ],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const lines = problems(text);
      expect(
        lines.some((l) => expected.test(l)),
        lines.join('\n'),
      ).toBe(true);
      for (const l of lines) expect(l).not.toMatch(/\n/);
    });
  }

  it('reports every problem of a file, each on its own line, in file order', () => {
    const lines = problems(
      minimal(
        'hosts:\n  - id: h1\n    nics: [{id: m0, network: management, switch: sw3}]\n  - {id: v1, runsOn: h9, nics: []}\n',
      ),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/hosts\[0\]\.nics\[0\]\.switch: unknown switch `sw3`/);
    expect(lines[1]).toMatch(/hosts\[1\]\.runsOn: unknown host `h9`/);
  });

  it('warns, without failing, about a bond with one NIC and an uncabled NIC', () => {
    const loaded: LoadedTopology = parseTopologyText(
      minimal(
        'hosts:\n  - id: h1\n    nics: [{id: m0, network: management, switch: sw1}, {id: x, network: vm}]\n    bonds: [{id: b0, network: management, nics: [m0]}]\n',
      ),
      'pool.yaml',
    );
    expect(loaded.warnings).toEqual([
      expect.stringMatching(/^pool\.yaml:7:\d+: warning: hosts\[0\]\.nics\[1\]: NIC `h1\.x` is not cabled/),
      expect.stringMatching(
        /^pool\.yaml:8:\d+: warning: hosts\[0\]\.bonds\[0\]\.nics: bond `b0` has one NIC: it gives no redundancy/,
      ),
    ]);
  });

  it('JSON files load too', () => {
    const json = JSON.stringify(parseTopologyText(bondedText, 'b.yaml').topology);
    const data = { ...JSON.parse(json), model: 'xenserver-ha' };
    expect(parseTopologyText(JSON.stringify(data, null, 2), 'b.json').topology.name).toBe('bonded');
  });
});

// ---- fuzzing ------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const nasty: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 2, -1, 0.5, Number.MAX_SAFE_INTEGER, Infinity),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', 'sw3', 'h9', 'san9', 'management', '120s', 'soon', '*a', '&a', '~', '{', '\u0000x'),
  fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 4 }), fc.integer(), { maxKeys: 3 }),
);

/** JSON text of a value nested `depth` levels (built as text: JSON.stringify itself would overflow). */
function deepText(depth: number, asList: boolean): string {
  return asList
    ? `${'['.repeat(depth)}"bottom"${']'.repeat(depth)}`
    : `${'{"nest":'.repeat(depth)}"bottom"${'}'.repeat(depth)}`;
}

/** Every path into a value, for mutations. */
function paths(v: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v !== null && typeof v === 'object') for (const k of Object.keys(v)) paths(v[k], [...prefix, k], out);
  return out;
}

function mutate(base: Json, path: (string | number)[], how: 'replace' | 'delete' | 'rename', value: Json): Json {
  const copy = structuredClone(base);
  if (path.length === 0) return how === 'replace' ? value : copy;
  let parent: Json = copy;
  for (const s of path.slice(0, -1)) parent = (parent as Record<string | number, Json>)[s];
  const last = path[path.length - 1];
  const p = parent as Record<string | number, Json>;
  if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete p[last];
  } else if (how === 'rename' && typeof p[last] === 'string') {
    p[last] = `${p[last]}x`;
  } else {
    p[last] = value;
  }
  return copy;
}

function expectOneLineProblems(text: string, file: string): void {
  const started = process.hrtime.bigint();
  try {
    parseTopologyText(text, file);
  } catch (error) {
    expect(error).toBeInstanceOf(TopologyFileError);
    const lines = (error as TopologyFileError).lines;
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      expect(l.startsWith(`${file}`)).toBe(true);
      expect(l).not.toMatch(/[\r\n]/);
      expect(l).not.toMatch(/\bat .+:\d+:\d+/);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  expect(seconds).toBeLessThan(5);
}

describe("topology file fuzzing: every broken file gets the loader's error, one line per problem", () => {
  const bases = [bondedText, twoHostText].map(
    (t) => JSON.parse(JSON.stringify(parseTopologyText(t, 'x').topology)) as Json,
  );
  const withModel: Json[] = bases.map((b) => ({ ...(b as Record<string, Json>), model: 'xenserver-ha' }));

  it('mutated designs: wrong types, missing fields, dangling ids, huge numbers', () => {
    const mutation = fc.record({
      base: fc.nat({ max: withModel.length - 1 }),
      pick: fc.nat(),
      how: fc.constantFrom('replace', 'delete', 'rename'),
      value: nasty,
      times: fc.integer({ min: 1, max: 3 }),
      json: fc.boolean(),
    });
    fc.assert(
      fc.property(mutation, ({ base, pick, how, value, times, json }) => {
        let data = withModel[base];
        for (let i = 0; i < times; i++) {
          const all = paths(data);
          data = mutate(data, all[(pick * (i + 7)) % all.length], how, value);
        }
        expectOneLineProblems(json ? JSON.stringify(data) : stringify(data), json ? 'fuzz.json' : 'fuzz.yaml');
      }),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('garbage bytes and garbage text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b).toString('utf8')),
          fc.string({ maxLength: 400 }),
          fc.string({ unit: 'binary', maxLength: 200 }),
        ),
        (text) => {
          expectOneLineProblems(text, 'garbage.yaml');
        },
      ),
      { seed: SEED, numRuns: RUNS * 3 },
    );
  });

  it('deep nesting, anywhere', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 50, max: 20_000 }),
        fc.boolean(),
        fc.nat(),
        fc.boolean(),
        (depth, asList, pick, json) => {
          const all = paths(withModel[0]);
          const data = mutate(withModel[0], all[pick % all.length], 'replace', '@@DEEP@@');
          const text = JSON.stringify(data).replace('"@@DEEP@@"', deepText(depth, asList));
          expectOneLineProblems(text, json ? 'deep.json' : 'deep.yaml');
        },
      ),
      { seed: SEED, numRuns: Math.max(10, Math.floor(RUNS / 5)) },
    );
  });

  it('YAML bombs (aliases) and huge documents are refused, not expanded', () => {
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 9 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expectOneLineProblems(bomb, 'bomb.yaml');
    expect(problems(bomb, 'bomb.yaml').length).toBeGreaterThan(0);
    expectOneLineProblems('x'.repeat(5 * 1024 * 1024), 'big.yaml');
  });
});

describe('more hosts than the model supports', () => {
  const routers = (n: number, network: string) =>
    Array.from({ length: n }, (_, i) => `  - {id: r${i + 1}, nics: [{id: eth0, network: ${network}, switch: lan}]}`);
  const design = (model: string, n: number, network: string) =>
    [
      'name: k',
      `model: ${model}`,
      'switches: [{id: lan}]',
      'services: [{id: vip, home: r1, priority: restart}]',
      'hosts:',
      ...routers(n, network),
      '',
    ].join('\n');

  it("a model's own maximum: keepalived has one priority setting per router, three", () => {
    expect(problems(design('keepalived', 3, 'public'))).toEqual([]);
    expect(problems(design('keepalived', 4, 'public'))).toEqual([
      expect.stringMatching(
        /^pool\.yaml:9:5: hosts\[3\]: found 4 hosts; keepalived supports at most 3 \(modelling choice/,
      ),
    ]);
  });

  it("the product's pool size, beyond one 32-bit word: xenserver-ha takes 64 hosts and refuses the 65th where it stands", () => {
    expect(problems(design('xenserver-ha', 64, 'management'))).toEqual([]);
    expect(problems(design('xenserver-ha', 65, 'management'))).toEqual([
      expect.stringMatching(
        /^pool\.yaml:70:5: hosts\[64\]: found 65 hosts; xenserver-ha supports at most 64 \(Citrix Hypervisor 8\.2 .*64 hosts per resource pool, unverified\)$/,
      ),
    ]);
  });

  it("beyond the engine's cap (the schema's maxItems): still the model's own limit, at its first host too many", () => {
    expect(problems(design('xenserver-ha', MAX_HOSTS + 1, 'management'))).toEqual([
      expect.stringMatching(/^pool\.yaml:70:5: hosts\[64\]: found 129 hosts; xenserver-ha supports at most 64 \(/),
    ]);
  });

  it('a model that declares no maximum keeps its masks in one word: 31 hosts', () => {
    expect(hostLimitOf(findModel('lifekeeper')!).hosts).toBe(WORD_HOSTS);
    expect(problems(design('lifekeeper', 32, 'management'))).toContainEqual(
      expect.stringMatching(
        /^pool\.yaml:37:5: hosts\[31\]: found 32 hosts; lifekeeper supports at most 31 \(the model declares no maximum, and its host masks are one 32-bit word\)$/,
      ),
    );
  });
});
