// The lab network of a real run: one network namespace per host and one for the switch, each host's
// `eth0` a veth whose other end is a port in the switch namespace. A port is attached to a bridge
// (hosts on one bridge reach each other), detached (carrier stays up, nothing gets through: a
// partition), or down (the host's interface loses carrier: a cut cable). Addresses are TEST-NET-1
// (192.0.2.0/24), only inside these namespaces, with no route anywhere else.
import { ip } from './shell.js';
import type { RunResources } from './resources.js';

export interface LabHost {
  readonly id: string;
  readonly ns: string;
  /** The host's own address (primary, on eth0). */
  readonly address: string;
  /** Its port's name in the switch namespace. */
  readonly port: string;
}

/** Where a host's port is: on bridge k, detached, or down. */
export type PortState =
  { readonly kind: 'bridge'; readonly bridge: number } | { readonly kind: 'detached' } | { readonly kind: 'down' };

export const SUBNET_PREFIX = '192.0.2';
export const INTERFACE = 'eth0';

export function samePort(a: PortState, b: PortState): boolean {
  return a.kind === b.kind && (a.kind !== 'bridge' || a.bridge === (b as { bridge: number }).bridge);
}

export class LabNetwork {
  private readonly ports: PortState[];
  private readonly bridges = new Set<number>();

  private constructor(
    readonly switchNs: string,
    readonly hosts: readonly LabHost[],
  ) {
    this.ports = hosts.map(() => ({ kind: 'bridge', bridge: 0 }));
  }

  /** Creates the namespaces (recorded in `res` as each is made), the bridge and the cables. */
  static async create(res: RunResources, hostIds: readonly string[]): Promise<LabNetwork> {
    if (hostIds.length > 200) throw new Error('a lab network holds at most 200 hosts');
    const switchNs = `${res.prefix}-sw`;
    // Recorded before it is made: an interruption during the `ip` command must remove it too.
    res.namespaces.push(switchNs);
    await ip('netns', 'add', switchNs);
    const hosts = hostIds.map((id, i) => ({
      id,
      ns: `${res.prefix}-${id}`,
      address: `${SUBNET_PREFIX}.${i + 1}`,
      port: `p${i}`,
    }));
    for (const h of hosts) {
      res.namespaces.push(h.ns);
      await ip('netns', 'add', h.ns);
    }
    const net = new LabNetwork(switchNs, hosts);
    await net.ensureBridge(0);
    for (const h of hosts) {
      // Created directly inside the two namespaces: nothing ever appears in the machine's own.
      await ip('link', 'add', INTERFACE, 'netns', h.ns, 'type', 'veth', 'peer', 'name', h.port, 'netns', switchNs);
      await ip('-n', switchNs, 'link', 'set', h.port, 'master', 'br0');
      await ip('-n', switchNs, 'link', 'set', h.port, 'up');
      await ip('-n', h.ns, 'addr', 'add', `${h.address}/24`, 'dev', INTERFACE);
      await ip('-n', h.ns, 'link', 'set', 'lo', 'up');
      await ip('-n', h.ns, 'link', 'set', INTERFACE, 'up');
    }
    return net;
  }

  async setPort(host: number, want: PortState): Promise<void> {
    const have = this.ports[host];
    if (samePort(have, want)) return;
    const { port } = this.hosts[host];
    const sw = this.switchNs;
    if (want.kind === 'down') {
      await ip('-n', sw, 'link', 'set', port, 'down');
    } else {
      if (want.kind === 'bridge') {
        await this.ensureBridge(want.bridge);
        await ip('-n', sw, 'link', 'set', port, 'master', `br${want.bridge}`);
      } else {
        await ip('-n', sw, 'link', 'set', port, 'nomaster');
      }
      if (have.kind === 'down') await ip('-n', sw, 'link', 'set', port, 'up');
    }
    this.ports[host] = want;
  }

  private async ensureBridge(k: number): Promise<void> {
    if (this.bridges.has(k)) return;
    await ip('-n', this.switchNs, 'link', 'add', `br${k}`, 'type', 'bridge');
    await ip('-n', this.switchNs, 'link', 'set', `br${k}`, 'up');
    this.bridges.add(k);
  }
}
