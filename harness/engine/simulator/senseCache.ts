// Sense only what changed: each agent's last observation is kept with the versions of the inputs
// it was computed from (the fabric's version, and a stamp of the last role or published-context
// change among the agents its `senseReads` names). After a change, an agent whose inputs are all
// unchanged gets its kept observation back instead of running `sense` again; sense functions are
// pure, so the result, and therefore every trace, is the same. A cache, not state: a restore or a
// reset forgets it all.
import type { AgentEvent } from '../effects.js';
import type { AgentSpec } from '../model.js';

/** `watched` of an agent that reads every agent. */
const EVERY = -2;
/** `watched` of an agent that declares nothing: it is sensed afresh every time. */
const UNDECLARED = -1;

export class SenseCache {
  /** Bumped at every role or published-context change of any agent. */
  private stamp = 0;
  /**
   * Per agent: the list of agents its `senseReads` names, as an index into the distinct lists (one
   * list named by many agents, like a pool's hosts, is one entry), or EVERY, or UNDECLARED.
   */
  private readonly watched: Int32Array;
  private readonly readsFabric: Uint8Array;
  /** Per agent: the lists that name it. */
  private readonly listsNaming: readonly (readonly number[])[];
  /** Per list: the stamp of the last change of an agent it names (0: none since the cache was cleared). */
  private readonly listChangedAt: Float64Array;
  /** Per agent: the stamp its kept observation was computed at (-1: none kept). */
  private readonly sensedAt: Float64Array;
  /** Per agent: the fabric version its kept observation was computed at. */
  private readonly fabricAt: Float64Array;
  private readonly kept: (AgentEvent | null)[];
  /**
   * A fault is changing the fabric and has not bumped its version yet (it does once it is applied):
   * while so, nothing kept is fresh and nothing is kept.
   */
  private unversioned = false;

  constructor(agents: readonly AgentSpec[]) {
    const n = agents.length;
    // Lists are told apart by what they name, not by identity: a model that builds the same list for
    // every agent (a pool's hosts) still gets one entry, so a change costs one list, not n.
    const lists = new Map<string, number>();
    const naming: number[][] = agents.map(() => []);
    this.watched = new Int32Array(n);
    this.readsFabric = new Uint8Array(n);
    agents.forEach((spec, a) => {
      const reads = spec.senseReads;
      this.readsFabric[a] = reads === undefined || reads.fabric ? 1 : 0;
      if (reads === undefined) this.watched[a] = UNDECLARED;
      else if (reads.agents === 'all') this.watched[a] = EVERY;
      else {
        const key = reads.agents.join(',');
        let list = lists.get(key);
        if (list === undefined) {
          list = lists.size;
          lists.set(key, list);
          for (const b of reads.agents) naming[b].push(list);
        }
        this.watched[a] = list;
      }
    });
    this.listsNaming = naming;
    this.listChangedAt = new Float64Array(lists.size);
    this.sensedAt = new Float64Array(n).fill(-1);
    this.fabricAt = new Float64Array(n);
    this.kept = new Array<AgentEvent | null>(n).fill(null);
  }

  /** How many distinct lists the agents' declarations name (what a change may have to stamp). */
  get distinctLists(): number {
    return this.listChangedAt.length;
  }

  /** Forget everything (the run state was restored or reset under it). */
  clear(): this {
    this.unversioned = false;
    this.stamp = 0;
    this.listChangedAt.fill(0);
    this.sensedAt.fill(-1);
    this.kept.fill(null);
    return this;
  }

  /**
   * A fault kind (or a fence) has changed the fabric and delivers to agents before the fabric's
   * version says so: sense afresh until `versioned`.
   */
  unversionedChange(): void {
    this.unversioned = true;
  }

  /** The fabric's version was bumped after the change: versions tell freshness again. */
  versioned(): void {
    this.unversioned = false;
  }

  /** The agent's role or published context changed: whoever reads it must sense again. */
  touch(agent: number): void {
    const stamp = ++this.stamp;
    const lists = this.listsNaming[agent];
    for (let i = 0; i < lists.length; i++) this.listChangedAt[lists[i]] = stamp;
  }

  /** The kept observation of the agent (valid only while `fresh`). */
  keptOf(agent: number): AgentEvent | null {
    return this.kept[agent];
  }

  /** Keep what the agent observes, computed now from the current inputs. */
  keep(agent: number, ev: AgentEvent | null, fabricVersion: number): void {
    if (this.unversioned) return;
    this.kept[agent] = ev;
    this.sensedAt[agent] = this.stamp;
    this.fabricAt[agent] = fabricVersion;
  }

  /** The agent declared its inputs, and none of them changed since its observation was kept. */
  fresh(agent: number, fabricVersion: number): boolean {
    const at = this.sensedAt[agent];
    const list = this.watched[agent];
    if (at < 0 || list === UNDECLARED || this.unversioned) return false;
    if (this.readsFabric[agent] === 1 && this.fabricAt[agent] !== fabricVersion) return false;
    return list === EVERY ? at === this.stamp : this.listChangedAt[list] <= at;
  }
}
