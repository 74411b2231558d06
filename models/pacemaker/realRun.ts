// One real run once the lab exists: boot the hosts, wait for the cluster to settle (every node
// online in every node's view, a DC, the fence devices and the group started), then apply the
// schedule at its times while the watcher records what the daemons say, and play the fence
// devices' BMC: each request the agent hands over powers its target off (after the BMC's latency,
// even if the requester dies meanwhile: the command was on the wire), is checked (no process of
// the target left), and answered. Times are ms of this process's monotonic clock, reported after
// the settle instant.
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { LabNetwork } from '../../harness/lab/network.js';
import { command } from '../../harness/lab/shell.js';
import { labNodes, type LabAddresses, type RealClusterSettings } from './realConfig.js';
import { parseFenceRequest } from './realFenceAgent.js';
import type { LabNode } from './realNode.js';
import type { RealEvent, RealObservation, UnstampedEvent } from './realObservation.js';
import { outcomeOf } from './realOutcome.js';
import type { RealStep } from './realSchedule.js';
import { Watcher } from './realWatch.js';

const now = () => performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

export interface ExecuteOptions {
  readonly schedule: readonly RealStep[];
  readonly onStarted?: () => void;
  readonly settleLimitMs?: number;
}

export interface ExecuteResult {
  readonly observation: RealObservation;
  readonly logs: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly fenceLog: string;
}

export class ClusterRun {
  private readonly raw: { at: number; e: UnstampedEvent }[] = [];
  private readonly warnings: string[] = [];
  private readonly failing = new Set<string>();
  private readonly seen = new Set<string>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly watcher: Watcher;
  private readonly byName: Map<string, LabNode>;
  private readonly dummies: readonly string[];

  constructor(
    private readonly dir: string,
    private readonly nodes: readonly LabNode[],
    private readonly net: LabNetwork,
    private readonly addr: LabAddresses,
    private readonly s: RealClusterSettings,
    private readonly say: (line: string) => void,
  ) {
    this.byName = new Map(nodes.map((n) => [n.name, n]));
    this.dummies = s.resources === 'ipaddr2' ? ['svc'] : ['vip', 'svc'];
    const targets = nodes
      .filter((n) => n.role === 'node')
      .map((node) => ({ node, groupAddress: s.resources === 'ipaddr2' ? addr.group : null, dummies: this.dummies }));
    this.watcher = new Watcher(targets, (e) => this.record(e));
  }

  private record(e: UnstampedEvent, at = now()): void {
    this.raw.push({ at, e });
  }

  async execute(opts: ExecuteOptions): Promise<ExecuteResult> {
    const bootAt = now();
    const qnetd = this.nodes.find((n) => n.role === 'qnetd');
    if (qnetd) await qnetd.boot();
    await Promise.all(this.nodes.filter((n) => n.role === 'node').map((n) => n.boot()));
    opts.onStarted?.();
    const poll = setInterval(() => this.watcher.tick(), this.s.pollMs);
    const bmc = setInterval(() => this.serveFenceRequests(), 20);
    try {
      const t0 = await this.settle(bootAt, opts.settleLimitMs ?? 120_000);
      this.say(`settled ${Math.round(t0 - bootAt)} ms after boot; running the schedule`);
      for (const step of opts.schedule) {
        await sleep(t0 + step.atMs - now());
        await this.apply(step);
      }
      const lastAt = opts.schedule.length > 0 ? opts.schedule[opts.schedule.length - 1].atMs : 0;
      await sleep(t0 + lastAt + this.s.tailMs - now());
      const endMs = Math.round(now() - t0);
      clearInterval(poll);
      clearInterval(bmc);
      await Promise.all([...this.inFlight]);
      return this.result(t0, bootAt, endMs);
    } finally {
      clearInterval(poll);
      clearInterval(bmc);
    }
  }

  /** Waits until every node's Pacemaker sees every node online, a DC, the devices and the group started. */
  private async settle(bootAt: number, limitMs: number): Promise<number> {
    const members = ['vip', 'svc'];
    const nodes = labNodes(this.s.nodes);
    const wanted = [...nodes.map((n) => `fence-${n}`), ...members];
    while (now() - bootAt < limitMs) {
      const settled = nodes.every((n) => {
        const v = this.watcher.views.get(n);
        return (
          v !== undefined &&
          v.dc !== null &&
          v.quorate &&
          nodes.every((m) => v.online.includes(m)) &&
          v.groupOn.length === 1 &&
          wanted.every((r) => v.started.includes(r))
        );
      });
      if (settled) return now();
      await sleep(100);
    }
    const views = nodes.map((n) => `${n}: ${JSON.stringify(this.watcher.views.get(n) ?? 'no answer')}`).join('; ');
    throw new Error(`the cluster did not settle within ${limitMs} ms (${views}); logs in ${this.dir}`);
  }

  private async apply(step: RealStep): Promise<void> {
    this.record({ type: 'fault', fault: step.fault, target: step.target });
    const node = this.byName.get(step.target);
    switch (step.fault) {
      case 'cut-link':
      case 'repair-link':
        await this.link(step.target, step.fault === 'cut-link');
        return;
      case 'power-off':
        await this.powerOff(node!, 'power-off');
        return;
      case 'boot':
        await this.boot(node!);
        return;
      case 'hang':
        if (!node!.hang()) this.warnings.push(`hang ${step.target}: its corosync is not running`);
        return;
      case 'resume':
        if (!node!.resume()) this.warnings.push(`resume ${step.target}: its corosync is not running`);
        return;
      case 'fence-fail':
        this.failing.add(step.target);
        return;
      case 'fence-repair':
        this.failing.delete(step.target);
        return;
    }
  }

  /**
   * Cuts (or repairs) the link between two hosts, both ways: each holds a permanent neighbour entry
   * for the other pointing at an address no one has, so their packets to each other vanish in the
   * bridge (silently, as on a broken link) while every other path, the qnetd host's included, stays.
   * The entry lives in the host's network namespace, which a power-off keeps: a boot does not mend the
   * link. (This machine has neither iptables nor nft, and tc has no drop action: DOMAIN.md's iptables
   * recipe is not available here.)
   */
  private async link(pair: string, cut: boolean): Promise<void> {
    const [a, b] = pair.split('|');
    const host = (id: string) => this.net.hosts.find((h) => h.id === id)!;
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      const peer = host(to);
      const index = this.net.hosts.indexOf(peer);
      const args = cut
        ? [
            'neigh',
            'replace',
            peer.address,
            'lladdr',
            `02:00:00:00:de:${(index + 1).toString(16).padStart(2, '0')}`,
            'dev',
            'eth0',
            'nud',
            'permanent',
          ]
        : ['neigh', 'del', peer.address, 'dev', 'eth0'];
      await command('ip', ['-n', host(from).ns, ...args]).catch((e: Error) => {
        if (cut) this.warnings.push(`cut-link ${pair}: ${e.message}`);
      });
    }
  }

  private async powerOff(node: LabNode, cause: 'power-off' | 'fence'): Promise<boolean> {
    const had = node.processes().length > 0;
    const dead = await node.powerOff();
    // A node without power holds no address: the group's address goes with it.
    await command('ip', ['-n', node.ns, 'addr', 'del', `${this.addr.group}/24`, 'dev', 'eth0']).catch(() => undefined);
    this.watcher.forget(node.name);
    if (!dead) this.warnings.push(`${node.name}: processes left after power-off (${cause})`);
    else if (had) this.record({ type: 'death', node: node.name, cause });
    return dead;
  }

  private async boot(node: LabNode): Promise<void> {
    if (node.running) {
      this.warnings.push(`boot ${node.name}: it is running; not booted again`);
      return;
    }
    this.record({ type: 'boot', node: node.name });
    await node.boot().catch((e: Error) => this.warnings.push(`boot ${node.name}: ${e.message}`));
  }

  /** Picks up the agents' requests (files the agent renames into place), each handled once. */
  private serveFenceRequests(): void {
    const folder = join(this.dir, 'fence');
    for (const f of readdirSync(folder)
      .filter((x) => x.endsWith('.req'))
      .sort()) {
      if (this.seen.has(f)) continue;
      this.seen.add(f);
      const req = parseFenceRequest(readFileSync(join(folder, f), 'utf8'));
      if (req === null) {
        this.warnings.push(`fence request ${f}: unreadable`);
        continue;
      }
      const at = req.epochMs - performance.timeOrigin;
      this.record({ type: 'fence', by: req.by, target: req.target, action: req.action, result: 'requested' }, at);
      const done = this.fence(req.id, req.by, req.target, req.action).finally(() => this.inFlight.delete(done));
      this.inFlight.add(done);
    }
  }

  private async fence(id: string, by: string, target: string, action: string): Promise<void> {
    await sleep(this.s.bmcDelayMs);
    const node = this.byName.get(target);
    let result: 'ok' | 'failed';
    let reason: string | undefined;
    if (node === undefined) [result, reason] = ['failed', 'no such node'];
    else if (this.failing.has(target)) [result, reason] = ['failed', 'fence device failed (fault)'];
    else if (await this.powerOff(node, 'fence')) result = 'ok';
    else [result, reason] = ['failed', 'target still has processes after power-off'];
    this.record({ type: 'fence', by, target, action, result, ...(reason ? { reason } : {}) });
    const tmp = join(this.dir, 'fence', `${id}.res.tmp`);
    writeFileSync(tmp, result);
    renameSync(tmp, join(this.dir, 'fence', `${id}.res`));
    if (result === 'ok' && action === 'reboot' && this.s.rebootAfterFenceMs !== null && node) {
      await sleep(this.s.rebootAfterFenceMs);
      await this.boot(node);
    }
  }

  private result(t0: number, bootAt: number, endMs: number): ExecuteResult {
    const events = this.settledTimeline(t0, endMs);
    const cluster = this.nodes.filter((n) => n.role === 'node').map((n) => n.name);
    const observation: RealObservation = {
      nodes: cluster,
      qnetd: this.nodes.find((n) => n.role === 'qnetd')?.name ?? null,
      settleMs: Math.round(t0 - bootAt),
      endMs,
      events,
      outcome: outcomeOf(events, cluster, endMs),
      warnings: this.warnings,
    };
    const logs = Object.fromEntries(this.nodes.map((n) => [n.name, n.logs()]));
    const fenceLog = existsSync(join(this.dir, 'fence.log')) ? readFileSync(join(this.dir, 'fence.log'), 'utf8') : '';
    return { observation, logs, fenceLog };
  }

  /**
   * The timeline from the settle instant: what each view was at that instant becomes an event at 0
   * (the state the schedule starts from), later changes follow in time order.
   */
  private settledTimeline(t0: number, endMs: number): RealEvent[] {
    const key = (e: UnstampedEvent) =>
      e.type === 'fault' || e.type === 'fence' || e.type === 'death' || e.type === 'boot'
        ? null
        : `${e.type}/${e.node}`;
    const initial = new Map<string, UnstampedEvent>();
    const later: RealEvent[] = [];
    for (const { at, e } of [...this.raw].sort((x, y) => x.at - y.at)) {
      const atMs = Math.round(at - t0);
      const k = key(e);
      if (atMs <= 0 && k !== null) initial.set(k, e);
      else if (atMs >= 0 && atMs <= endMs) later.push({ ...e, atMs });
    }
    const start = [...initial.values()].map((e) => ({ ...e, atMs: 0 }));
    return [...start, ...later];
  }
}
