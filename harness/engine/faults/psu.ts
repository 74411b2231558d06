// One power supply of a host with redundant supplies fails (seed 003: "one of the two power supplies
// failing" is a non-fatal hardware fault). The host stays up while another supply works; when the
// last one fails it loses power like `host-crash`, and replacing one powers it on again. Target:
// `host.psuN` (N from 1), for hosts with two or more supplies.
import type { CompiledTopology } from '../compile.js';
import { hostBoot, hostCrash } from './host.js';
import { hostIndex, type FaultKind } from './kind.js';

function targets(topo: CompiledTopology): string[] {
  return topo.source.hosts.flatMap((h) => {
    const n = h.powerSupplies ?? 1;
    return n < 2 ? [] : Array.from({ length: n }, (_, i) => `${h.id}.psu${i + 1}`);
  });
}

/** [host index, PSU bit, all-PSUs mask], or null for a target that names no PSU. */
function parse(topo: CompiledTopology, target: string): [number, number, number] | null {
  const m = /^(.*)\.psu(\d+)$/.exec(target);
  if (!m) return null;
  const h = hostIndex(topo, m[1]);
  const n = h < 0 ? 0 : (topo.source.hosts[h].powerSupplies ?? 1);
  const i = Number(m[2]);
  if (h < 0 || i < 1 || i > n) return null;
  return [h, 1 << (i - 1), (1 << n) - 1];
}

export const psuFail: FaultKind = {
  name: 'psu-fail',
  area: 'power',
  repairedBy: 'psu-replace',
  isRepair: false,
  targets,
  apply(ctx, target) {
    const p = parse(ctx.topo, target);
    if (p === null) return;
    const [h, bit, all] = p;
    const failed = ctx.fabric.psuFailed;
    if (failed[h] & bit) return;
    failed[h] |= bit;
    if (failed[h] === all) hostCrash.apply(ctx, ctx.topo.hostIds[h]);
  },
  sentence: (target) => `power supply ${target} fails`,
};

export const psuReplace: FaultKind = {
  name: 'psu-replace',
  area: 'power',
  isRepair: true,
  targets,
  apply(ctx, target) {
    const p = parse(ctx.topo, target);
    if (p === null) return;
    const [h, bit, all] = p;
    const failed = ctx.fabric.psuFailed;
    if ((failed[h] & bit) === 0) return;
    const wasDark = failed[h] === all;
    failed[h] &= ~bit;
    if (wasDark) hostBoot.apply(ctx, ctx.topo.hostIds[h]);
  },
  sentence: (target) => `power supply ${target} is replaced`,
};
