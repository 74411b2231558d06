// Symmetric hosts: when a model declares its hosts interchangeable, a permutation of hosts that
// maps the topology onto itself maps every run onto an equivalent run. Explore then injects, at
// each point, only faults that are smallest in their orbit under the permutations that fix the
// faults already injected (the pointwise stabiliser): one schedule per class of symmetric ones.
import { compileTopology, type CompiledTopology } from '../../engine/compile.js';
import { FAULTS, type FaultName } from '../../engine/faults/index.js';
import type { Topology } from '../../engine/topology.js';

/** A permutation of choice indices (choice i ↦ perm[i]). */
export type Symmetry = readonly number[];

/** Beyond this many hosts, permutations are not enumerated (8! = 40 320). */
const MAX_HOSTS = 8;

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  const out: number[][] = [];
  for (const p of permutations(n - 1))
    for (let i = 0; i <= p.length; i++) out.push([...p.slice(0, i), n - 1, ...p.slice(i)]);
  return out;
}

/** The topology with host ids renamed (hosts keep their places in the list). */
function renamed(t: Topology, name: (id: string) => string): Topology {
  const local = (id: string) => {
    const dot = id.indexOf('.');
    return dot < 0 ? id : `${name(id.slice(0, dot))}${id.slice(dot)}`;
  };
  return {
    ...t,
    hosts: t.hosts.map((h) => ({
      ...h,
      id: name(h.id),
      ...(h.runsOn !== undefined ? { runsOn: name(h.runsOn) } : {}),
    })),
    ...(t.links ? { links: t.links.map((l) => ({ a: local(l.a), b: local(l.b) })) } : {}),
    ...(t.storage
      ? { storage: { ...t.storage, paths: t.storage.paths.map((p) => ({ ...p, host: name(p.host) })) } }
      : {}),
    services: t.services.map((s) => ({ ...s, home: name(s.home) })),
  };
}

/** The design as a set of facts, independent of list order and service names. */
function canonical(t: Topology): string {
  const sorted = <T>(xs: readonly T[]) =>
    xs
      .map((x) => JSON.stringify(x))
      .sort()
      .join(';');
  return JSON.stringify([
    sorted(
      t.hosts.map((h) => [
        h.id,
        h.capacity ?? null,
        h.runsOn ?? null,
        sorted(h.nics.map((n) => [n.id, n.network, n.switch ?? null])),
        sorted((h.bonds ?? []).map((b) => [b.id, b.network, b.nics])),
      ]),
    ),
    sorted(t.switches.map((s) => s.id)),
    sorted((t.links ?? []).map((l) => [l.a, l.b].sort())),
    t.storage
      ? [
          sorted(t.storage.nodes.map((n) => n.id)),
          t.storage.mirror ?? null,
          sorted(t.storage.paths.map((p) => [p.host, p.node, p.nic ?? null])),
        ]
      : null,
    sorted(t.services.map((s) => [s.home, s.priority, s.needs ?? 1, s.rtoMs ?? null])),
  ]);
}

/** Partition targets are sets of sets; compare them as such. */
function normalTarget(target: string): string {
  if (!target.includes('|')) return target;
  return target
    .split('|')
    .map((g) => g.split(',').sort().join(','))
    .sort()
    .join('|');
}

/** Every non-identity host permutation that maps the design onto itself, as a permutation of choices. */
export function hostSymmetries(
  topo: CompiledTopology,
  choices: readonly { fault: FaultName; target: string }[],
): Symmetry[] {
  const source = topo.source;
  const n = source.hosts.length;
  if (n < 2 || n > MAX_HOSTS) return [];
  const ids = source.hosts.map((h) => h.id);
  const original = canonical(source);
  const index = new Map(choices.map((c, i) => [`${c.fault} ${normalTarget(c.target)}`, i]));
  const out: Symmetry[] = [];
  const vocabulary = { drifts: [], operatorSteps: [] };
  for (const perm of permutations(n)) {
    if (perm.every((p, i) => p === i)) continue;
    const name = (id: string) => {
      const i = ids.indexOf(id);
      return i < 0 ? id : ids[perm[i]];
    };
    const image = renamed(source, name);
    if (canonical(image) !== original) continue;
    let imageTopo: CompiledTopology;
    try {
      imageTopo = compileTopology(image);
    } catch {
      continue;
    }
    // Targets are listed in topology order, so the k-th target of each kind maps to the k-th of the image.
    const mapped = new Map<string, string>();
    const kinds = new Set(choices.map((c) => c.fault));
    for (const k of kinds) {
      const before = FAULTS[k].targets(topo, vocabulary);
      const after = FAULTS[k].targets(imageTopo, vocabulary);
      before.forEach((t, i) => mapped.set(`${k} ${normalTarget(t)}`, `${k} ${normalTarget(after[i])}`));
    }
    const sigma = choices.map((c) => index.get(mapped.get(`${c.fault} ${normalTarget(c.target)}`) ?? '') ?? -1);
    if (sigma.some((x) => x < 0)) continue;
    out.push(sigma);
  }
  return out;
}

/** `choice` is the smallest of its orbit under the symmetries that fix every past choice. */
export function canonicalChoice(choice: number, past: readonly number[], symmetries: readonly Symmetry[]): boolean {
  for (const sigma of symmetries) {
    if (!past.every((p) => sigma[p] === p)) continue;
    if (sigma[choice] < choice) return false;
  }
  return true;
}
