// Component ids must be usable in the fault grammar (`partition r1|r2,r3`, `h1.mgmt0`) and
// printable: a topology file, the topology inside a trace and every built-in preset refuse `|`,
// `,`, whitespace, control and bidirectional characters, naming the field and showing the id escaped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { examplePath } from '../../../examples/generate.js';
import { MODELS } from '../../../models/registry.js';
import { compileTopology, TopologyError } from '../../engine/compile.js';
import { FAULTS } from '../../engine/faults/index.js';
import { vocabularyOf } from '../../engine/generators.js';
import { idProblem } from '../../engine/ids.js';
import { presetTarget } from '../../engine/target.js';
import { parseTraceFile, TraceFileError } from '../../engine/traceFile.js';
import { replayTrace } from '../replay.js';
import { parseTopologyText, TopologyFileError } from './load.js';

const RULE = 'ids may not contain | , spaces or control characters';
const model = (name: string) => MODELS.find((m) => m.name === name)!;
const exampleDoc = (m: string, preset: string) =>
  parse(
    readFileSync(
      examplePath(
        model(m),
        model(m).presets.find((p) => p.name === preset)!,
      ),
      'utf8',
    ),
  );

function problems(doc: unknown): string[] {
  try {
    parseTopologyText(stringify(doc), 'pool.yaml');
  } catch (error) {
    if (error instanceof TopologyFileError) return [...error.lines];
    throw error;
  }
  return [];
}

/** Sets the value at a path (`hosts.1.id`) of a parsed document. */
function set(doc: Record<string, unknown>, path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  let here = doc;
  for (const k of keys.slice(0, -1)) here = here[k] as Record<string, unknown>;
  here[keys[keys.length - 1]] = value;
  return doc;
}

describe('a topology file refuses an id the fault grammar cannot use', () => {
  it('`r|x`: the line, the field and why (check would have dropped every partition)', () => {
    const ka = model('keepalived');
    const text = readFileSync(
      examplePath(
        ka,
        ka.presets.find((p) => p.name === 'two-routers')!,
      ),
      'utf8',
    );
    expect(text.split('\n')[11]).toBe('  - id: r2');
    let lines: string[] = [];
    try {
      parseTopologyText(text.replace('  - id: r2', '  - id: "r|x"'), 'pool.yaml');
    } catch (error) {
      if (error instanceof TopologyFileError) lines = [...error.lines];
    }
    expect(lines).toEqual([`pool.yaml:12:9: hosts[1].id: \`r|x\` contains \`|\`; ${RULE}`]);
  });

  const bad: [string, string][] = [
    ['a,b', 'contains `,`'],
    ['a b', 'contains a space'],
    ['a\tb', 'contains a control character (U+0009)'],
    ['a\u0000b', 'contains a control character (U+0000)'],
    ['a\u007fb', 'contains a control character (U+007F)'],
    ['a\u0085b', 'contains a control character (U+0085)'],
    ['a\u00a0b', 'contains a space (U+00A0)'],
    ['a\u202eb', 'contains a bidirectional control (U+202E)'],
    ['a\u2066b', 'contains a bidirectional control (U+2066)'],
    ['a\u200fb', 'contains a bidirectional control (U+200F)'],
  ];
  for (const [id, why] of bad) {
    it(`${JSON.stringify(id)}: ${why}, printed escaped`, () => {
      const [line] = problems(set(exampleDoc('keepalived', 'two-routers'), 'switches.0.id', id));
      expect(line).toContain(`switches[0].id: \``);
      expect(line).toContain(`${why}; ${RULE}`);
      // Nothing but printable text reaches the terminal.
      expect([...line].filter((ch) => /[\p{Cc}\p{Cf}]/u.test(ch))).toEqual([]);
    });
  }

  const fields: [string, string, string][] = [
    ['keepalived', 'two-routers', 'hosts.0.nics.0.id'],
    ['keepalived', 'two-routers', 'services.0.id'],
    ['keepalived', 'two-routers', 'services.0.home'],
    ['xenserver-ha', 'bonded-mirrored-san', 'hosts.0.bonds.0.id'],
    ['xenserver-ha', 'bonded-mirrored-san', 'storage.nodes.0.id'],
    ['xenserver-ha', 'bonded-mirrored-san', 'storage.mirror.1'],
  ];
  for (const [m, preset, path] of fields) {
    it(`${m}/${preset}: ${path}`, () => {
      const shown = path.replace(/\.(\d+)/g, '[$1]');
      expect(problems(set(exampleDoc(m, preset), path, 'x,y'))).toContainEqual(
        expect.stringMatching(
          new RegExp(`^pool\\.yaml:\\d+:\\d+: ${shown.replace(/[[\].]/g, '\\$&')}: \`x,y\` contains \`,\``),
        ),
      );
    });
  }

  it('a fence device id', () => {
    const doc = exampleDoc('keepalived', 'two-routers');
    doc.fenceDevices = [{ id: 'ipmi r1', host: 'r1', switch: 'lan' }];
    expect(problems(doc)).toEqual([
      expect.stringMatching(/^pool\.yaml:\d+:\d+: fenceDevices\[0\]\.id: `ipmi r1` contains a space/),
    ]);
  });

  it('an empty id', () => {
    expect(problems(set(exampleDoc('keepalived', 'two-routers'), 'hosts.0.id', ''))).toContainEqual(
      expect.stringMatching(/hosts\[0\]\.id: expected a non-empty string, found ``/),
    );
  });
});

describe('the same rule for a trace and a preset', () => {
  it("a trace's topology", () => {
    const file = join(import.meta.dirname, '..', '..', '..', 'properties', 'corpus', 'ka-2-partition-dual-master.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.topology.hosts[1].id = 'r\u202ex';
    let lines: string[] = [];
    try {
      replayTrace(parseTraceFile(JSON.stringify(doc), 'f.json'), undefined, 'f.json');
    } catch (error) {
      if (!(error instanceof TraceFileError)) throw error;
      lines = error.message.split('\n');
    }
    expect(lines[0]).toBe(
      `f.json: topology.hosts[1].id: \`r\\u{202e}x\` contains a bidirectional control (U+202E); ${RULE}`,
    );
  });

  it('compiling any topology (a preset is not read through the schema)', () => {
    const topology = { ...model('keepalived').presets[0].topology };
    const bad = { ...topology, hosts: topology.hosts.map((h, i) => (i === 0 ? { ...h, id: 'r|1' } : h)) };
    expect(() => compileTopology(bad)).toThrow(TopologyError);
    expect(() => compileTopology(bad)).toThrow(/hosts\[0\]\.id: `r\|1` contains `\|`/);
  });

  for (const m of MODELS) {
    for (const preset of m.presets) {
      it(`${m.name}/${preset.name}: every id and every fault target's ids are usable`, () => {
        const t = presetTarget(m, preset);
        const topo = t.topology;
        const ids = [
          ...topo.hosts.flatMap((h) => [h.id, ...h.nics.map((n) => n.id), ...(h.bonds ?? []).map((b) => b.id)]),
          ...topo.switches.map((s) => s.id),
          ...(topo.storage?.nodes ?? []).map((n) => n.id),
          ...topo.services.map((s) => s.id),
          ...(topo.fenceDevices ?? []).map((d) => d.id),
        ];
        const targets = Object.values(FAULTS).flatMap((k) => k.targets(t.compiled, vocabularyOf(m)));
        // A target is one id, or (partition, heal) ids joined by `|` and `,`.
        const parts = targets.flatMap((x) => x.split(/[|,]/));
        expect(ids.length).toBeGreaterThan(0);
        for (const id of [...ids, ...parts]) expect(idProblem(id), id).toBeNull();
      });
    }
  }
});
