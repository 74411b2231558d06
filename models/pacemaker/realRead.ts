// Reading what the daemons say: `corosync-quorumtool -s` (membership and quorum as corosync holds
// them) and `crm_mon -1 --output-as=xml` (Pacemaker's view: DC, online nodes, where the group runs).
// Pure text in, plain values out; regular expressions over XML attributes are enough for the few
// attributes read, and keep the lab free of an XML dependency.

export interface CorosyncView {
  readonly quorate: boolean;
  /** Member node names, sorted (the quorum device is not a member). */
  readonly members: readonly string[];
}

/** `corosync-quorumtool -s` output, or null when it holds no answer (corosync down or hung). */
export function parseQuorumtool(text: string): CorosyncView | null {
  const quorate = /^Quorate:\s+(Yes|No)\s*$/m.exec(text);
  const table = text.split(/^\s*Nodeid\s+Votes\s+(?:Qdevice\s+)?Name\s*$/m)[1];
  if (!quorate || table === undefined) return null;
  const members: string[] = [];
  for (const line of table.split('\n')) {
    // `Nodeid Votes [Qdevice-flags] Name [(local)]`; the quorum device's own row has node id 0.
    const fields = line
      .trim()
      .split(/\s+/)
      .filter((f) => f !== '(local)');
    if (fields.length < 3 || !/^\d+$/.test(fields[0]) || fields[0] === '0') continue;
    const name = fields[fields.length - 1];
    if (name !== 'Qdevice') members.push(name);
  }
  return { quorate: quorate[1] === 'Yes', members: members.sort() };
}

export interface PacemakerView {
  readonly dc: string | null;
  readonly quorate: boolean;
  readonly online: readonly string[];
  /** Nodes the cluster says run any active member of the group, sorted. */
  readonly groupOn: readonly string[];
  /** Resources the cluster says are started, by id (fence devices included). */
  readonly started: readonly string[];
}

const attr = (tag: string, name: string): string | null => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? m[1] : null;
};

/** `crm_mon -1 --output-as=xml` output, or null when it is not one (pacemaker not up). */
export function parseCrmMon(xml: string, group: string): PacemakerView | null {
  const dcTag = /<current_dc\b[^>]*>/.exec(xml)?.[0];
  if (dcTag === undefined) return null;
  const dc = attr(dcTag, 'present') === 'true' ? attr(dcTag, 'name') : null;
  const nodesBlock = /<nodes>([\s\S]*?)<\/nodes>/.exec(xml)?.[1] ?? '';
  const online = [...nodesBlock.matchAll(/<node\b[^>]*>/g)]
    .map((m) => m[0])
    .filter((t) => attr(t, 'online') === 'true')
    .map((t) => attr(t, 'name') ?? '')
    .sort();
  const groupBlock = new RegExp(`<group id="${group}"[^>]*>([\\s\\S]*?)</group>`).exec(xml)?.[1] ?? '';
  const resources = /<resources>([\s\S]*?)<\/resources>/.exec(xml)?.[1] ?? '';
  const groupOn = new Set<string>();
  const started: string[] = [];
  for (const m of resources.matchAll(/<resource\b([^>]*?)(?:\/>|>([\s\S]*?)<\/resource>)/g)) {
    const tag = m[1];
    if (attr(` ${tag}`, 'active') !== 'true') continue;
    const id = attr(` ${tag}`, 'id') ?? '';
    started.push(id);
    if (groupBlock.includes(`id="${id}"`))
      for (const n of (m[2] ?? '').matchAll(/<node\b[^>]*>/g)) groupOn.add(attr(n[0], 'name') ?? '');
  }
  return {
    dc,
    quorate: attr(dcTag, 'with_quorum') === 'true',
    online,
    groupOn: [...groupOn].sort(),
    started: started.sort(),
  };
}
