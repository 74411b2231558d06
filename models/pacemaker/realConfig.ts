// The real Pacemaker lab's settings and the files it writes from them: corosync.conf (one statement
// per line, a newline after each `{`: DOMAIN.md "Real Corosync/Pacemaker here") and the initial CIB
// (stonith on, a fence device per node, the resource group), installed on every node before pacemakerd
// starts so that the cluster never runs a moment without fencing. Pure: the tests read these texts.
/** The two-node lab's nodes (the default). */
export const NODES = ['n1', 'n2'] as const;
/** Larger labs (last_man_standing, a three-node quorum device) name their nodes on: n1 … n4. */
export const MAX_LAB_NODES = 4;

/** The lab's cluster nodes for `count` nodes: n1, n2, … */
export function labNodes(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}
export const QNETD_HOST = 'q';
export const GROUP = 'grp';
/** The group's floating address: TEST-NET-1, on the lab's own bridge only. */
export const GROUP_ADDRESS_SUFFIX = 100;

export type QdeviceAlgorithm = 'ffsplit' | 'lms';

export interface RealClusterSettings {
  /** Cluster nodes (n1 … nN), 2 to MAX_LAB_NODES. */
  readonly nodes: number;
  /** totem token timeout. */
  readonly tokenMs: number;
  readonly twoNode: boolean;
  readonly waitForAll: boolean;
  /** votequorum last_man_standing and its window (votequorum.5; refused with a quorum device). */
  readonly lastManStanding: boolean;
  readonly lastManStandingWindowMs: number;
  /** A quorum device on a third host (corosync-qnetd), or none. With one, two_node is off. */
  readonly qdevice: QdeviceAlgorithm | null;
  /** pcmk_delay_base of the device that fences n1, n2, … (a delay on n1's device favours n1); missing: 0. */
  readonly fenceDelayBaseMs: readonly number[];
  readonly fenceDelayMaxMs: readonly number[];
  readonly stonithTimeoutMs: number;
  /** `ipaddr2`: a floating address (ocf:heartbeat:IPaddr2) then a service (ocf:pacemaker:Dummy);
   * `dummy`: two Dummy resources standing in. */
  readonly resources: 'ipaddr2' | 'dummy';
  /** Where the group prefers to start (a location score of 100), or anywhere. */
  readonly groupPrefers: string | null;
  /** After a successful `reboot` fence the lab powers the victim on again after this long; null: it stays off. */
  readonly rebootAfterFenceMs: number | null;
  /** Time from the agent's request to the power going off (a BMC's command latency). */
  readonly bmcDelayMs: number;
  /** How often each node's corosync and Pacemaker views are read. */
  readonly pollMs: number;
  /** Time watched after the last fault. */
  readonly tailMs: number;
}

export const DEFAULT_REAL_SETTINGS: RealClusterSettings = {
  nodes: 2, // DOMAIN.md Real Corosync/Pacemaker here: two nodes
  tokenMs: 3000, // DOMAIN.md Corosync: token 3000 ms (v3.1+)
  twoNode: true, // DOMAIN.md Real Corosync/Pacemaker: quorum { two_node: 1 }
  waitForAll: true, // DOMAIN.md Corosync: two_node: 1 ⇒ wait_for_all on
  lastManStanding: false, // votequorum.5: last_man_standing default 0
  lastManStandingWindowMs: 10_000, // votequorum.5: last_man_standing_window default 10000
  qdevice: null,
  fenceDelayBaseMs: [0, 0], // SCENARIOS.md PM-1: no fence delay
  fenceDelayMaxMs: [0, 0],
  stonithTimeoutMs: 60_000, // DOMAIN.md Corosync: stonith timeout 60 s
  resources: 'ipaddr2',
  groupPrefers: null,
  rebootAfterFenceMs: null,
  bmcDelayMs: 500, // DOMAIN.md Real Corosync/Pacemaker: agent called +6.5–7.6 s, victim dead +7.0–8.0 s
  pollMs: 250,
  tailMs: 20_000,
};

export interface LabAddresses {
  /** Each cluster node's address, in labNodes order. */
  readonly nodes: readonly string[];
  readonly qnetd: string | null;
  readonly group: string;
}

const seconds = (ms: number) => `${ms / 1000}s`;

/** corosync.conf for every node of the lab (the same text on each). */
export function corosyncConf(s: RealClusterSettings, addr: LabAddresses): string {
  const lines = [
    'totem {',
    '    version: 2',
    '    cluster_name: hafault',
    '    transport: knet',
    '    crypto_cipher: none',
    '    crypto_hash: none',
    `    token: ${s.tokenMs}`,
    '}',
    'nodelist {',
  ];
  labNodes(s.nodes).forEach((name, i) =>
    lines.push(
      '    node {',
      `        ring0_addr: ${addr.nodes[i]}`,
      `        name: ${name}`,
      `        nodeid: ${i + 1}`,
      '    }',
    ),
  );
  lines.push('}', 'quorum {', '    provider: corosync_votequorum');
  // DOMAIN.md Corosync: with a qdevice, two_node is off.
  if (s.qdevice === null) lines.push(`    two_node: ${s.twoNode ? 1 : 0}`);
  lines.push(`    wait_for_all: ${s.waitForAll ? 1 : 0}`);
  if (s.lastManStanding)
    lines.push('    last_man_standing: 1', `    last_man_standing_window: ${s.lastManStandingWindowMs}`);
  if (s.qdevice !== null) {
    if (addr.qnetd === null) throw new Error('a quorum device needs the qnetd host address');
    lines.push(
      '    device {',
      // corosync-qdevice.8: ffsplit needs votes 1; lms the default (nodes − 1), so no votes key.
      ...(s.qdevice === 'ffsplit' ? ['        votes: 1'] : []),
      '        model: net',
      '        net {',
      '            tls: off',
      `            host: ${addr.qnetd}`,
      `            algorithm: ${s.qdevice}`,
      '        }',
      '    }',
    );
  }
  lines.push(
    '}',
    'logging {',
    '    to_logfile: yes',
    '    logfile: /var/log/corosync/corosync.log',
    '    to_stderr: no',
    '    to_syslog: no',
    '    timestamp: hires',
    '}',
  );
  return lines.join('\n') + '\n';
}

const nv = (owner: string, name: string, value: string) =>
  `<nvpair id="${owner}-${name}" name="${name}" value="${value}"/>`;

function fenceDevice(s: RealClusterSettings, i: number): string {
  const target = labNodes(s.nodes)[i];
  const id = `fence-${target}`;
  return [
    `<primitive id="${id}" class="stonith" type="fence_dummy">`,
    `<instance_attributes id="${id}-ia">`,
    nv(id, 'pcmk_host_list', target),
    nv(id, 'pcmk_host_check', 'static-list'),
    nv(id, 'pcmk_delay_base', seconds(s.fenceDelayBaseMs[i] ?? 0)),
    nv(id, 'pcmk_delay_max', seconds(s.fenceDelayMaxMs[i] ?? 0)),
    '</instance_attributes>',
    `<operations><op id="${id}-monitor" name="monitor" interval="60s"/></operations>`,
    '</primitive>',
  ].join('');
}

function groupXml(s: RealClusterSettings, addr: LabAddresses): string {
  const monitor = (id: string) => `<operations><op id="${id}-monitor" name="monitor" interval="10s"/></operations>`;
  const first =
    s.resources === 'ipaddr2'
      ? `<primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2"><instance_attributes id="vip-ia">${nv('vip', 'ip', addr.group)}${nv('vip', 'cidr_netmask', '24')}${nv('vip', 'nic', 'eth0')}</instance_attributes>${monitor('vip')}</primitive>`
      : `<primitive id="vip" class="ocf" provider="pacemaker" type="Dummy">${monitor('vip')}</primitive>`;
  const svc = `<primitive id="svc" class="ocf" provider="pacemaker" type="Dummy">${monitor('svc')}</primitive>`;
  return `<group id="${GROUP}">${first}${svc}</group>`;
}

/** The initial CIB: cluster options, one fence device per node (never run on the node it fences), the group. */
export function cibXml(s: RealClusterSettings, addr: LabAddresses): string {
  const opt = 'cib-bootstrap-options';
  const nodes = labNodes(s.nodes);
  const constraints = nodes.map(
    (n) => `<rsc_location id="fence-${n}-not-on-${n}" rsc="fence-${n}" node="${n}" score="-INFINITY"/>`,
  );
  if (s.groupPrefers !== null)
    constraints.push(`<rsc_location id="${GROUP}-prefers" rsc="${GROUP}" node="${s.groupPrefers}" score="100"/>`);
  // With more than two nodes, the others in order with falling scores: Pacemaker then recovers the
  // group on the lowest surviving node, the model's rule, instead of by its resource-count balancing
  // (which counts the fence devices, which the model does not place). Stickiness (100) still wins.
  if (s.groupPrefers !== null && nodes.length > 2)
    nodes
      .filter((n) => n !== s.groupPrefers)
      .forEach((n, k) =>
        constraints.push(`<rsc_location id="${GROUP}-then-${n}" rsc="${GROUP}" node="${n}" score="${90 - 10 * k}"/>`),
      );
  return (
    [
      '<cib validate-with="pacemaker-3.9" admin_epoch="0" epoch="1" num_updates="0">',
      '<configuration>',
      `<crm_config><cluster_property_set id="${opt}">`,
      nv(opt, 'stonith-enabled', 'true'), // DOMAIN.md Corosync: stonith-enabled true
      nv(opt, 'stonith-action', 'reboot'), // DOMAIN.md Corosync: action reboot
      nv(opt, 'stonith-timeout', seconds(s.stonithTimeoutMs)),
      nv(opt, 'no-quorum-policy', 'stop'), // DOMAIN.md Corosync: no-quorum-policy stop
      '</cluster_property_set></crm_config>',
      '<nodes/>',
      `<resources>${nodes.map((_, i) => fenceDevice(s, i)).join('')}${groupXml(s, addr)}</resources>`,
      `<constraints>${constraints.join('')}</constraints>`,
      // Without stickiness a recovered node would take the group back: not what the lab measures.
      `<rsc_defaults><meta_attributes id="rsc-options">${nv('rsc-options', 'resource-stickiness', '100')}</meta_attributes></rsc_defaults>`,
      '</configuration>',
      '<status/>',
      '</cib>',
    ].join('\n') + '\n'
  );
}

/** Problems with settings, one line each. */
export function settingsProblems(s: RealClusterSettings): string[] {
  const out: string[] = [];
  const ms = (name: string, v: number, min: number) => {
    if (!Number.isSafeInteger(v) || v < min) out.push(`${name}: expected whole ms ≥ ${min}, got ${v}`);
  };
  if (!Number.isSafeInteger(s.nodes) || s.nodes < 2 || s.nodes > MAX_LAB_NODES)
    out.push(`nodes: expected 2 to ${MAX_LAB_NODES} cluster nodes, got ${s.nodes}`);
  if (s.lastManStanding && s.qdevice !== null)
    out.push('lastManStanding: votequorum refuses last_man_standing with a quorum device (qdevice null expected)');
  ms('lastManStandingWindowMs', s.lastManStandingWindowMs, 0);
  ms('tokenMs', s.tokenMs, 200);
  s.fenceDelayBaseMs.forEach((v, i) => ms(`fenceDelayBaseMs[${i}]`, v, 0));
  s.fenceDelayMaxMs.forEach((v, i) => ms(`fenceDelayMaxMs[${i}]`, v, 0));
  ms('stonithTimeoutMs', s.stonithTimeoutMs, 1000);
  ms('bmcDelayMs', s.bmcDelayMs, 0);
  ms('pollMs', s.pollMs, 50);
  ms('tailMs', s.tailMs, 0);
  if (s.rebootAfterFenceMs !== null) ms('rebootAfterFenceMs', s.rebootAfterFenceMs, 0);
  const nodes = labNodes(s.nodes);
  if (s.groupPrefers !== null && !nodes.includes(s.groupPrefers))
    out.push(`groupPrefers: expected one of ${nodes.join(', ')} or null, got ${s.groupPrefers}`);
  return out;
}
