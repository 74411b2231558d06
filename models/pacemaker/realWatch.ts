// Watching the real cluster: every `pollMs` each running node is asked what corosync holds
// (`corosync-quorumtool -s`) and, every other round, what Pacemaker holds (`crm_mon -1
// --output-as=xml`); the group's real placement is read from the node itself (its address on eth0,
// its Dummy state files in the node's /run). Only changes become events, stamped when the answer
// arrived. A hung corosync does not answer: its node's last view stands.
import type { UnstampedEvent } from './realObservation.js';
import { parseCrmMon, parseQuorumtool, type PacemakerView } from './realRead.js';
import type { LabNode } from './realNode.js';
import { command } from '../../harness/lab/shell.js';
import { GROUP } from './realConfig.js';

export interface WatchTarget {
  readonly node: LabNode;
  /** The group's members, each with how to tell it runs on this node. */
  readonly groupAddress: string | null;
  readonly dummies: readonly string[];
}

export class Watcher {
  private readonly last = new Map<string, string>();
  private readonly busy = new Set<string>();
  private round = 0;
  /** The latest Pacemaker view per node (the lab waits on it to settle). */
  readonly views = new Map<string, PacemakerView>();

  constructor(
    private readonly targets: readonly WatchTarget[],
    private readonly emit: (e: UnstampedEvent) => void,
  ) {}

  /** Emits `e` if it differs from the last event of its kind for its node. */
  private change(key: string, e: UnstampedEvent): void {
    const text = JSON.stringify(e);
    if (this.last.get(key) === text) return;
    this.last.set(key, text);
    this.emit(e);
  }

  /** One round: starts a read of every running node not still busy with the previous one. */
  tick(): void {
    this.round++;
    for (const t of this.targets) {
      const name = t.node.name;
      if (!this.busy.has(`${name}/placement`)) void this.guard(`${name}/placement`, () => this.placement(t));
      if (!t.node.running) continue;
      if (!this.busy.has(`${name}/corosync`)) void this.guard(`${name}/corosync`, () => this.corosync(t.node));
      if (this.round % 2 === 0 && !this.busy.has(`${name}/pacemaker`))
        void this.guard(`${name}/pacemaker`, () => this.pacemaker(t.node));
    }
  }

  private async guard(key: string, read: () => Promise<void>): Promise<void> {
    this.busy.add(key);
    try {
      await read();
    } catch {
      // a node powered off mid-read: its next state comes from the lab
    } finally {
      this.busy.delete(key);
    }
  }

  private async corosync(node: LabNode): Promise<void> {
    const r = await node.exec('corosync-quorumtool', ['-s'], 1_500);
    const view = parseQuorumtool(r.stdout);
    if (view === null || !node.running) return;
    this.change(`${node.name}/membership`, { type: 'membership', node: node.name, sees: view.members });
    this.change(`${node.name}/quorum`, { type: 'quorum', node: node.name, quorate: view.quorate });
  }

  private async pacemaker(node: LabNode): Promise<void> {
    const r = await node.exec('crm_mon', ['-1', '--output-as=xml'], 3_000);
    const view = parseCrmMon(r.stdout, GROUP);
    if (view === null || !node.running) return;
    this.views.set(node.name, view);
    this.change(`${node.name}/view`, {
      type: 'view',
      node: node.name,
      dc: view.dc,
      online: view.online,
      groupOn: view.groupOn,
    });
  }

  private async placement(t: WatchTarget): Promise<void> {
    const members: string[] = [];
    if (t.node.running) {
      if (t.groupAddress !== null) {
        const out = await command('ip', ['-n', t.node.ns, '-o', 'addr', 'show', 'dev', 'eth0']).catch(() => '');
        if (out.includes(` ${t.groupAddress}/`)) members.push('vip');
      }
      for (const d of t.dummies) if (t.node.hasState(d)) members.push(d);
    }
    this.change(`${t.node.name}/placement`, {
      type: 'placement',
      node: t.node.name,
      holds: members.length > 0,
      members,
    });
  }

  /** Forgets a node's views (it died): its next answers are events again. */
  forget(node: string): void {
    for (const k of ['membership', 'quorum', 'view']) this.last.delete(`${node}/${k}`);
    this.views.delete(node);
  }
}
