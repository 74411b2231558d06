import { describe, expect, it } from 'vitest';
import { compileTopology } from './compile.js';
import { Fabric, PATH_FAILED, PATH_SILENT, PATH_USABLE, STORAGE_HARD_OFF, STORAGE_STOPPED } from './fabric.js';
import type { Topology } from './topology.js';
import { intersection } from './hostSet.js';

const bondedPair: Topology = {
  name: 'test',
  hosts: ['a', 'b'].map((id) => ({
    id,
    nics: [
      { id: 'm0', network: 'management', switch: 'sw1' },
      { id: 'm1', network: 'management', switch: 'sw2' },
      { id: 'vm0', network: 'vm', switch: 'sw1' },
      { id: 'x0', network: 'channel' },
    ],
    bonds: [{ id: 'bond0', network: 'management', nics: ['m0', 'm1'] }],
  })),
  switches: [{ id: 'sw1' }, { id: 'sw2' }],
  links: [
    { a: 'sw1', b: 'sw2' },
    { a: 'a.x0', b: 'b.x0' },
  ],
  storage: {
    nodes: [{ id: 'sanA' }, { id: 'sanB' }],
    mirror: ['sanA', 'sanB'],
    paths: [
      { host: 'a', node: 'sanA', nic: 'm0' },
      { host: 'a', node: 'sanB' },
    ],
  },
  services: [],
};

function setup() {
  const topo = compileTopology(bondedPair);
  return { topo, fabric: new Fabric(topo) };
}

const nic = (topo: ReturnType<typeof compileTopology>, id: string) => topo.nics.findIndex((n) => n.id === id);

describe('Fabric', () => {
  it('lets hosts on linked switches reach each other', () => {
    const { fabric } = setup();
    expect(fabric.peers('management')[0]).toBe(0b11);
  });

  it('fails a bond over to its second member when the first loses carrier', () => {
    const { topo, fabric } = setup();
    fabric.nicUp[nic(topo, 'a.m0')] = 0;
    fabric.changed();
    expect(fabric.activeNic('management', 0)).toBe(nic(topo, 'a.m1'));
    expect(fabric.peers('management')[0]).toBe(0b11);
  });

  it('splits hosts whose active bond members sit on switches without a working link between them', () => {
    const { topo, fabric } = setup();
    fabric.nicUp[nic(topo, 'a.m0')] = 0; // a now on sw2, b still on sw1
    fabric.linkUp[topo.links.findIndex((l) => l.kind === 'switch-switch')] = 0;
    fabric.changed();
    expect(fabric.peers('management')[0]).toBe(0b01);
    expect(fabric.peers('management')[1]).toBe(0b10);
  });

  it('isolates a host whose whole bond is down', () => {
    const { fabric } = setup();
    fabric.bondUp[0] = 0;
    fabric.changed();
    expect(fabric.peers('management')[0]).toBe(0);
    expect(fabric.peers('management')[1]).toBe(0b10);
  });

  it('keeps carrier but separates hosts in different partition groups', () => {
    const { fabric } = setup();
    fabric.group[1] = 1;
    fabric.changed();
    expect(fabric.peers('management')[0]).toBe(0b01);
    expect(fabric.activeNic('management', 1)).toBeGreaterThanOrEqual(0);
  });

  it('connects crossover NICs directly, and a cut crossover drops carrier at both ends', () => {
    const { topo, fabric } = setup();
    expect(fabric.peers('channel')[0]).toBe(0b11);
    fabric.linkUp[topo.links.findIndex((l) => l.kind === 'crossover')] = 0;
    fabric.changed();
    expect(fabric.peers('channel')[0]).toBe(0);
    expect(fabric.carrier(nic(topo, 'b.x0'))).toBe(false);
  });

  it('loses every carrier of a host that loses power', () => {
    const { fabric } = setup();
    fabric.hostPowered[1] = 0;
    fabric.changed();
    expect(fabric.peers('management')[0]).toBe(0b01);
    expect(fabric.canRun(1)).toBe(false);
  });

  it('tells a silent path (hard power-off) from a failed one (clean stop, link down)', () => {
    const { topo, fabric } = setup();
    expect(fabric.pathState(0)).toBe(PATH_USABLE);
    fabric.storagePower[0] = STORAGE_HARD_OFF;
    expect(fabric.pathState(0)).toBe(PATH_SILENT);
    fabric.storagePower[0] = STORAGE_STOPPED;
    expect(fabric.pathState(0)).toBe(PATH_FAILED);
    fabric.storagePower[0] = 0;
    fabric.nicUp[nic(topo, 'a.m0')] = 0;
    expect(fabric.pathState(0)).toBe(PATH_FAILED);
  });

  it('finds storage reachable through the mirror partner while one node is off', () => {
    const { fabric } = setup();
    fabric.storagePower[0] = STORAGE_HARD_OFF;
    expect(fabric.storageReachable(0)).toBe(true);
    fabric.storageServing[1] = 0;
    expect(fabric.storageReachable(0)).toBe(false);
    expect(fabric.canRun(0)).toBe(false);
  });

  it('needs the service network for a host to run its workloads', () => {
    const { topo, fabric } = setup();
    fabric.nicUp[nic(topo, 'a.vm0')] = 0;
    fabric.changed();
    expect(fabric.canRun(0)).toBe(false);
    expect(fabric.serviceNetworkUp(1)).toBe(true);
    expect(fabric.canRun(1)).toBe(false); // b has no storage path at all
  });
});

describe('independent NICs (a dual channel)', () => {
  // a and b: a channel NIC on swA and a second, independent one on swB; c only on swA.
  const dual: Topology = {
    name: 'dual',
    hosts: [
      {
        id: 'a',
        nics: [
          { id: 'c0', network: 'channel', switch: 'swA' },
          { id: 'c1', network: 'channel', switch: 'swB', independent: true },
        ],
      },
      {
        id: 'b',
        nics: [
          { id: 'c0', network: 'channel', switch: 'swA' },
          { id: 'c1', network: 'channel', switch: 'swB', independent: true },
        ],
      },
      { id: 'c', nics: [{ id: 'c0', network: 'channel', switch: 'swA' }] },
      { id: 'd', nics: [{ id: 'c0', network: 'channel', switch: 'swB' }] },
    ],
    switches: [{ id: 'swA' }, { id: 'swB' }],
    services: [],
  };
  const build = () => {
    const topo = compileTopology(dual);
    return { topo, fabric: new Fabric(topo) };
  };

  it('keeps two hosts in touch while either path works, and only then', () => {
    const { topo, fabric } = build();
    expect(intersection(fabric.peers('channel')[0], 0b11)).toBe(0b11);
    fabric.switchUp[topo.switchIds.indexOf('swA')] = 0;
    fabric.changed();
    expect(intersection(fabric.peers('channel')[0], 0b11)).toBe(0b11);
    fabric.switchUp[topo.switchIds.indexOf('swA')] = 1;
    fabric.nicUp[nic(topo, 'b.c1')] = 0;
    fabric.changed();
    expect(intersection(fabric.peers('channel')[0], 0b11)).toBe(0b11);
    fabric.nicUp[nic(topo, 'b.c0')] = 0;
    fabric.changed();
    expect(intersection(fabric.peers('channel')[0], 0b11)).toBe(0b01);
    expect(fabric.peers('channel')[1]).toBe(0);
  });

  it('does not bridge the two paths: hosts on different switches reach each other only through their own NICs', () => {
    const { fabric } = build();
    // a sits on both switches, but c (swA only) and d (swB only) do not reach each other through it.
    expect(fabric.peers('channel')[2]).toBe(0b0111);
    expect(fabric.peers('channel')[3]).toBe(0b1011);
  });

  it('a second unmarked NIC on one network is a mistake; an independent NIC needs an ordinary one', () => {
    const twice: Topology = {
      ...dual,
      hosts: [
        {
          id: 'a',
          nics: [
            { id: 'x', network: 'channel', switch: 'swA' },
            { id: 'y', network: 'channel', switch: 'swB' },
          ],
        },
      ],
    };
    expect(() => compileTopology(twice)).toThrow(
      /second unbonded NIC for the channel network.*\(bond them, or mark it `independent`/,
    );
    const alone: Topology = {
      ...dual,
      hosts: [{ id: 'a', nics: [{ id: 'y', network: 'channel', switch: 'swB', independent: true }] }],
    };
    expect(() => compileTopology(alone)).toThrow(/an independent channel NIC needs a first, ordinary channel NIC/);
  });
});
