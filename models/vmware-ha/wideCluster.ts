// A vSphere cluster wider than one 32-bit word of hosts, for the end-to-end check that a crash there
// is handled as in three-hosts (VH-1), at 28 hosts (every set one word), at 40 (host indices
// beyond 31, sets are bigints) and at 96 with a VM on every host (VM sets are bigints too).
import { checkProperty, type Verdict } from '../../properties/index.js';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import { Simulation, type RunResult } from '../../harness/engine/simulator.js';
import { presetTarget } from '../../harness/engine/target.js';
import type { Topology } from '../../harness/engine/topology.js';
import { vmwareHa } from './index.js';
import { esxHost, fcPaths, gateway } from './presets.js';

/** By default, VMs on the last this many ESX hosts. */
const VMS = 20;
const BIG_HOST_CAPACITY = 16;

/**
 * `n` ESX hosts h1..hn (host indices 0..n−1; 40 by default) and the gateway gw after them; one VM
 * (needs 2 of capacity 8) on each of the last `vms` (20 by default, at most n); h<n−2> (index n−3)
 * is a bigger host (16).
 */
export function wideCluster(n = 40, vms = VMS): Topology {
  const hosts = Array.from({ length: n }, (_, i) => `h${i + 1}`);
  const big = hosts[n - 3];
  return {
    name: `wide-cluster-${n}`,
    description: `${n} ESX hosts, one VM on each of the last ${vms}, ${big} twice as big as the others`,
    hosts: [...hosts.map((h) => (h === big ? { ...esxHost(h), capacity: BIG_HOST_CAPACITY } : esxHost(h))), gateway],
    switches: [{ id: 'mgmtsw' }, { id: 'vmsw1' }, { id: 'vmsw2' }],
    storage: { nodes: [{ id: 'san1' }], paths: fcPaths(hosts) },
    services: hosts.slice(n - vms).map((h, i) => ({ id: `vm-${h}`, home: h, priority: 'restart', order: i, needs: 2 })),
  };
}

export interface WideClusterOutcome {
  readonly run: RunResult;
  readonly verdicts: readonly Verdict[];
}

/**
 * The cluster of `wideCluster(n, vms)` (vSphere 5.1+ defaults) with h<n−4> (host index n−5: h36, index
 * 35, by default) crashing at 10 s: its VM should restart on the bigger host, which has the most free
 * capacity, and every property of the model should hold.
 */
export function wideClusterScenario(n = 40, vms = VMS): WideClusterOutcome {
  const topology = wideCluster(n, vms);
  const t = presetTarget(vmwareHa, {
    name: topology.name,
    describe: topology.description ?? '',
    topology,
    verdict: '',
  });
  const crash: FaultStep = { at: 10_000, fault: 'host-crash', target: `h${n - 4}` };
  const run = new Simulation(t.model, t.compiled, t.config).run([crash], { level: 'full' });
  return { run, verdicts: vmwareHa.properties.map((p) => checkProperty(p, run, vmwareHa)) };
}
