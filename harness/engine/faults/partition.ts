// Split brain: the network splits into groups that cannot reach each other, while every link keeps
// its carrier (a misconfigured VLAN, a firewall rule, an inter-switch link that drops traffic).
// Target syntax: groups of host ids separated by `|`, e.g. `h1|h2,h3`.
import type { CompiledTopology } from '../compile.js';
import type { FaultKind } from './kind.js';
import { didYouMean } from '../didYouMean.js';
import { printableId } from '../ids.js';

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

function shown(text: string): string {
  return `\`${printableId(text.length > 60 ? `${text.slice(0, 57)}...` : text)}\``;
}

/**
 * What is wrong with a partition target, or null: two or more non-empty groups of known host ids,
 * each host in one group at most. The one grammar of plans, traces and generators (a plan and its
 * replay accept and refuse the same targets); no spaces, as ids hold none (ids.ts).
 */
export function partitionProblem(hostIds: readonly string[], target: string): string | null {
  const groups = target.split('|').map((g) => g.split(','));
  if (groups.length < 2 || groups.some((g) => g.some((id) => id === '')))
    return `expected two or more groups of host ids separated by | (e.g. \`h1|h2,h3\`), found ${shown(target)}`;
  const seen = new Set<string>();
  for (const id of groups.flat()) {
    if (!hostIds.includes(id))
      return `unknown host ${shown(id)} in partition ${shown(target)}${id.length <= 100 ? didYouMean(id, hostIds) : ''} (hosts: ${hostIds.join(', ')})`;
    if (seen.has(id)) return `host ${shown(id)} is in two groups of ${shown(target)}; expected each host once`;
    seen.add(id);
  }
  return null;
}

/** Group index per host for a target, or null when it is not a valid split (partitionProblem says why). */
export function parseGroups(topo: CompiledTopology, target: string): number[] | null {
  if (partitionProblem(topo.hostIds, target) !== null) return null;
  const groups = new Array<number>(topo.hostIds.length).fill(0);
  target.split('|').forEach((part, g) => {
    for (const id of part.split(',')) groups[topo.hostIds.indexOf(id)] = g;
  });
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
