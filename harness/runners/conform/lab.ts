// Runs one fault schedule on real daemons in network namespaces, in real time, and records what
// happened as a Trace in the model's time (so the same properties and comparisons apply). The
// fault vocabulary is reused: each fault is applied to a Fabric (the ground truth), and the lab
// makes the namespaces match it: carrier (port up/down), who reaches whom (bridges, detached
// ports), paused hosts (SIGSTOP/SIGCONT); power and clean stops go to the daemons.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getPriority, setPriority } from 'node:os';
import { LAB_NICE } from '../../lab/shell.js';
import type { CompiledTopology } from '../../engine/compile.js';
import { Fabric } from '../../engine/fabric.js';
import { FAULTS, type FaultName, type FaultStep } from '../../engine/faults/index.js';
import type { FaultContext } from '../../engine/faults/kind.js';
import type { Config } from '../../engine/model.js';
import type { Trace, TraceEntry } from '../../engine/trace.js';
import { registerTeardown } from '../../lab/cleanup.js';
import { LabNetwork, type PortState } from '../../lab/network.js';
import type { Observation, RealDaemon, RealProduct } from '../../lab/product.js';
import { RunResources } from '../../lab/resources.js';
import { newLabPrefix } from '../../lab/owner.js';
import { isEmptyHosts, lowestHost, withoutHost } from '../../engine/hostSet.js';

/** Fault kinds the lab can make real. */
export const REAL_FAULTS: readonly FaultName[] = [
  'host-crash',
  'host-boot',
  'agent-stop',
  'agent-start',
  'slowdown',
  'resume',
  'partition',
  'heal',
  'link-cut',
  'link-restore',
  'nic-down',
  'nic-up',
  'switch-down',
  'switch-up',
];

export interface RealRunOptions {
  readonly product: RealProduct;
  readonly compiled: CompiledTopology;
  readonly config: Config;
  readonly schedule: readonly FaultStep[];
  /** Model time at which the run ends. */
  readonly horizonMs: number;
  /** The model's first role change: the real one is waited for, and its delay aligns the clocks. */
  readonly calibration: { readonly host: string; readonly role: string; readonly atMs: number } | null;
  /** Name prefix of everything the run creates (default: a fresh one carrying this process's owner
   * tag, `hfk-p<pid>t<start ticks>-<6 hex>`; a prefix without that tag is never cleaned up by a later run). */
  readonly prefix?: string;
  /** Test hook: throw after the lab is up, to prove that a failed run cleans up too. */
  readonly failAfterStart?: boolean;
  /** Told what the run creates, as it creates it (tests check that all of it is gone afterwards). */
  readonly onResources?: (res: RunResources) => void;
  /** Called once the daemons run (tests interrupt the run there). */
  readonly onStarted?: () => void;
}

export interface RealRunResult {
  readonly trace: Trace;
  /** Real delay of the calibration event over the model's (start-up latency), in ms. */
  readonly offsetMs: number;
  readonly prefix: string;
  readonly warnings: readonly string[];
  /** Each host's daemon log, read before the lab was removed. */
  readonly logs: Readonly<Record<string, string>>;
}

export class RealRunError extends Error {}

/** A fresh run prefix, tagged with this process as its owner (see lab/owner.ts). */
export function newPrefix(): string {
  return newLabPrefix();
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export async function runReal(opts: RealRunOptions): Promise<RealRunResult> {
  const { compiled: topo } = opts;
  const unsupported = opts.schedule.filter((s) => !REAL_FAULTS.includes(s.fault));
  if (unsupported.length > 0)
    throw new RealRunError(
      `the real lab cannot apply ${[...new Set(unsupported.map((s) => s.fault))].join(', ')} (it can: ${REAL_FAULTS.join(', ')})`,
    );
  const badHosts = topo.hostIds.filter(
    (_, h) => topo.nics.filter((n) => n.host === h).length !== 1 || topo.parentOf[h] >= 0,
  );
  if (badHosts.length > 0)
    throw new RealRunError(`the real lab needs one NIC per physical host; ${badHosts.join(', ')} differ`);
  const res = new RunResources(opts.prefix ?? newPrefix());
  opts.onResources?.(res);
  const unregister = registerTeardown(() => res.teardown());
  const restorePriority = raisePriority();
  try {
    return await runIn(res, opts);
  } finally {
    await res.teardownAsync();
    unregister();
    restorePriority();
  }
}

let liveRuns = 0;
let savedPriority = 0;

/** This process stamps the observations: it runs at the lab's priority while any run is live. */
function raisePriority(): () => void {
  if (liveRuns++ === 0) {
    savedPriority = getPriority();
    try {
      setPriority(LAB_NICE);
    } catch {
      // not allowed: the timings are only noisier
    }
  }
  return () => {
    if (--liveRuns === 0) {
      try {
        setPriority(savedPriority);
      } catch {
        // keep going
      }
    }
  };
}

async function runIn(res: RunResources, opts: RealRunOptions): Promise<RealRunResult> {
  const { compiled: topo, config } = opts;
  res.dir = mkdtempSync(join(tmpdir(), `${res.prefix}-`));
  const warnings: string[] = [];
  const observations: Observation[] = [];
  const net = await LabNetwork.create(res, topo.hostIds);
  const now = () => performance.now();
  const daemons: RealDaemon[] = [];
  for (let h = 0; h < topo.hostIds.length; h++) {
    daemons.push(
      await opts.product.prepare({
        host: net.hosts[h],
        index: h,
        dir: res.dir,
        res,
        config,
        now,
        observe: (o) => observations.push(o),
      }),
    );
  }
  if (opts.failAfterStart) {
    await Promise.all(daemons.map((d) => d.start()));
    throw new RealRunError('failing on purpose after start (test hook)');
  }
  const t0 = now();
  await startInOrder(opts, daemons, observations, now);
  opts.onStarted?.();
  const offsetMs = await calibrate(opts, observations, t0, now, warnings);
  const world = new RealWorld(topo, net, daemons);
  const faults: TraceEntry[] = [];
  for (const s of opts.schedule) {
    await sleep(t0 + offsetMs + s.at - now());
    const at = now();
    faults.push({
      at: modelTime(at, t0, offsetMs),
      type: 'fault',
      fault: s.fault,
      target: s.target,
      text: FAULTS[s.fault].sentence(s.target),
    });
    await world.apply(s);
  }
  await sleep(t0 + offsetMs + opts.horizonMs - now());
  const trace = toTrace(topo, opts.horizonMs, faults, observations, t0, offsetMs);
  const logs = Object.fromEntries(topo.hostIds.map((id, h) => [id, daemons[h].log()]));
  return { trace, offsetMs, prefix: res.prefix, warnings, logs };
}

/**
 * The model starts every daemon at the same instant. For real, the host that wins the model's first
 * election starts first and the others once it has reported its first role: on a loaded machine,
 * spawning can lag by a few hundred ms, more than the skew between two priorities (195 ms between
 * 150 and 100), and a late start would hand the first election to another host.
 */
async function startInOrder(
  opts: RealRunOptions,
  daemons: readonly RealDaemon[],
  seen: readonly Observation[],
  now: () => number,
): Promise<void> {
  const first = opts.calibration === null ? -1 : opts.compiled.hostIds.indexOf(opts.calibration.host);
  if (first >= 0) {
    await daemons[first].start();
    const deadline = now() + 3_000;
    while (now() < deadline && !seen.some((o) => o.type === 'role' && o.host === first)) await sleep(5);
  }
  await Promise.all(daemons.filter((_, h) => h !== first).map((d) => d.start()));
}

function modelTime(realMs: number, t0: number, offsetMs: number): number {
  return Math.max(0, Math.round(realMs - t0 - offsetMs));
}

async function calibrate(
  opts: RealRunOptions,
  seen: readonly Observation[],
  t0: number,
  now: () => number,
  warnings: string[],
): Promise<number> {
  const c = opts.calibration;
  if (c === null) return 0;
  const host = opts.compiled.hostIds.indexOf(c.host);
  const deadline = t0 + c.atMs + 3_000;
  while (now() < deadline) {
    const hit = seen.find((o) => o.type === 'role' && o.host === host && o.role === c.role);
    if (hit) return hit.at - t0 - c.atMs;
    await sleep(10);
  }
  warnings.push(`${c.host} never became ${c.role} (the model says at ${c.atMs} ms): clocks not aligned`);
  return 0;
}

/** The real trace: faults, roles and VIP holders, in model time. */
function toTrace(
  topo: CompiledTopology,
  endMs: number,
  faults: readonly TraceEntry[],
  observations: readonly Observation[],
  t0: number,
  offsetMs: number,
): Trace {
  const service = topo.services[0]?.id ?? 'vip';
  const entries: TraceEntry[] = topo.hostIds.map((agent) => ({
    at: 0,
    type: 'role',
    agent,
    kind: 'host',
    role: 'INIT',
    status: 'up',
  }));
  const held = topo.hostIds.map(() => false);
  const timed: TraceEntry[] = [...faults];
  for (const o of observations) {
    const at = modelTime(o.at, t0, offsetMs);
    const host = topo.hostIds[o.host];
    if (o.type === 'role') {
      timed.push({
        at,
        type: 'role',
        agent: host,
        kind: 'host',
        role: o.role,
        status: o.role === 'DOWN' ? 'out' : 'up',
      });
    } else if (o.held !== held[o.host]) {
      held[o.host] = o.held;
      timed.push(
        o.held
          ? { at, type: 'service', service, host, state: 'running', cause: 'takeover' }
          : { at, type: 'service', service, host, state: 'stopped', cause: 'ha' },
      );
    }
  }
  // Stable sort: what arrived first stays first within one millisecond.
  const sorted = timed
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].at - b[0].at || a[1] - b[1])
    .map(([e]) => e);
  return {
    meta: {
      hosts: topo.hostIds,
      services: topo.services.map((s) => ({ id: s.id, priority: s.priority, rtoMs: s.rtoMs })),
      endMs,
    },
    entries: [...entries, ...sorted.filter((e) => e.at <= endMs)],
  };
}

/** The lab's ground truth and how it is made real after each fault. */
class RealWorld {
  private readonly fabric: Fabric;
  private readonly frozen: boolean[];
  private readonly pending: { host: number; event: string }[] = [];

  constructor(
    private readonly topo: CompiledTopology,
    private readonly net: LabNetwork,
    private readonly daemons: readonly RealDaemon[],
  ) {
    this.fabric = new Fabric(topo);
    this.frozen = topo.hostIds.map(() => false);
  }

  async apply(s: FaultStep): Promise<void> {
    const pending = this.pending;
    const ctx: FaultContext = {
      fabric: this.fabric,
      topo: this.topo,
      world: { storageRebootMs: 0 },
      signalHost: (host, event) => pending.push({ host, event: event.type }),
      signalStorage: () => undefined,
      later: () => undefined,
      drift: () => false,
      signalAll: () => undefined,
      killService: () => undefined,
      resumeHost: () => undefined,
      pauseHost: () => undefined,
    };
    FAULTS[s.fault].apply(ctx, s.target);
    this.fabric.changed();
    const events = pending.splice(0);
    // Power loss and clean stops first, then the network, then whatever starts (it must find carrier).
    for (const e of events) {
      if (e.event === 'CRASH') await this.daemons[e.host].crash();
      if (e.event === 'STOP') await this.daemons[e.host].stop();
    }
    await this.realizeNetwork();
    this.realizePauses();
    for (const e of events) {
      if (e.event === 'POWER_ON' || e.event === 'START') await this.daemons[e.host].start();
    }
  }

  private async realizeNetwork(): Promise<void> {
    const H = this.topo.hostIds.length;
    const want: PortState[] = [];
    for (let h = 0; h < H; h++) {
      const nic = this.topo.nics.findIndex((n) => n.host === h);
      if (!this.fabric.carrier(nic)) {
        want.push({ kind: 'down' });
        continue;
      }
      const peers = this.fabric.peers(this.topo.nics[nic].network)[h];
      const others = withoutHost(peers, h);
      // Hosts that reach each other share a bridge, named after the lowest host among them.
      want.push(
        isEmptyHosts(others) ? { kind: 'detached' } : { kind: 'bridge', bridge: Math.min(h, lowestHost(others)) },
      );
    }
    for (let h = 0; h < H; h++) await this.net.setPort(h, want[h]);
  }

  private realizePauses(): void {
    this.topo.hostIds.forEach((_, h) => {
      const frozen = this.fabric.hostFrozen[h] === 1 && this.fabric.hostPowered[h] === 1;
      if (frozen === this.frozen[h]) return;
      this.frozen[h] = frozen;
      if (frozen) this.daemons[h].pause();
      else this.daemons[h].resume();
    });
  }
}
