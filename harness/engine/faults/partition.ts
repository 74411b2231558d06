// Split brain: the network splits into groups that cannot reach each other, while every link keeps
// its carrier (a misconfigured VLAN, a firewall rule, an inter-switch link that drops traffic).
// Target syntax: groups of host ids separated by `|`, e.g. `h1|h2,h3`.
import type { CompiledTopology } from '../compile.js';
import type { FaultKind } from './kind.js';

/** Candidate splits: each host alone against the rest, and (4+ hosts) the first half against the second. */
function splits(topo: CompiledTopology): string[] {
  const ids = topo.hostIds;
  if (ids.length < 2) return [];
  const out = ids.map((id) => `${id}|${ids.filter((x) => x !== id).join(',')}`);
  if (ids.length >= 4) {
    const half = Math.floor(ids.length / 2);
    out.push(`${ids.slice(0, half).join(',')}|${ids.slice(half).join(',')}`);
  }
  return out;
}

/** Group index per host for a target, or null when it names unknown hosts. */
export function parseGroups(topo: CompiledTopology, target: string): number[] | null {
  const groups = new Array<number>(topo.hostIds.length).fill(0);
  const parts = target.split('|');
  for (let g = 0; g < parts.length; g++) {
    for (const id of parts[g]
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const h = topo.hostIds.indexOf(id);
      if (h < 0) return null;
      groups[h] = g;
    }
  }
  return groups;
}

export const partition: FaultKind = {
  name: 'partition',
  area: 'network',
  repairedBy: 'heal',
  isRepair: false,
  targets: splits,
  apply(ctx, target) {
    const groups = parseGroups(ctx.topo, target);
    if (groups) groups.forEach((g, h) => (ctx.fabric.group[h] = g));
  },
  sentence: (target) =>
    `the network splits into ${target
      .split('|')
      .map((g) => `{${g}}`)
      .join(' and ')}`,
};

export const heal: FaultKind = {
  name: 'heal',
  area: 'network',
  isRepair: true,
  targets: splits,
  apply(ctx) {
    ctx.fabric.group.fill(0);
  },
  sentence: () => 'the network partition heals',
};
