// Fence devices in a topology file: durations as text, defaults left to the engine, and one line per
// mistake (a device on a host or switch that does not exist, a field the schema does not know).
import { describe, expect, it } from 'vitest';
import { parseTopologyText, TopologyFileError } from './load.js';

const file = (devices: string) => `name: p
model: keepalived
hosts:
  - {id: r1, nics: [{id: eth0, network: public, switch: lan}]}
  - {id: r2, nics: [{id: eth0, network: public, switch: lan}]}
switches: [{id: lan}, {id: oob}]
services: [{id: vip, home: r1, priority: restart}]
fenceDevices:
${devices}`;

function problems(text: string): string[] {
  try {
    parseTopologyText(text, 'pool.yaml');
  } catch (error) {
    if (error instanceof TopologyFileError) return [...error.lines];
    throw error;
  }
  return [];
}

describe('fence devices in a topology file', () => {
  it('load with their action time parsed and the rest left to the defaults', () => {
    const loaded = parseTopologyText(
      file(
        '  - {id: bmc1, host: r1, switch: oob, actionMs: 2s}\n  - {id: bmc2, host: r2, switch: lan, network: public}\n',
      ),
      'pool.yaml',
    );
    expect(loaded.topology.fenceDevices).toEqual([
      { id: 'bmc1', host: 'r1', switch: 'oob', actionMs: 2_000 },
      { id: 'bmc2', host: 'r2', switch: 'lan', network: 'public' },
    ]);
    expect(loaded.compiled.fenceDevices.map((d) => [d.id, d.actionMs, d.network])).toEqual([
      ['bmc1', 2_000, 'management'],
      ['bmc2', 5_000, 'public'],
    ]);
  });

  it('a device on an unknown host, or with a field the schema does not know, is one line each', () => {
    expect(problems(file('  - {id: bmc1, host: r3, switch: oob}\n'))).toEqual([
      expect.stringMatching(
        /^pool\.yaml:9:\d+: fenceDevices\[0\]\.host: unknown host `r3`; did you mean `r1`\? \(hosts: r1, r2\)$/,
      ),
    ]);
    expect(problems(file('  - {id: bmc1, host: r1, switch: oob, port: 623}\n'))).toEqual([
      expect.stringMatching(/^pool\.yaml:9:\d+: fenceDevices\[0\].*port/),
    ]);
  });
});
