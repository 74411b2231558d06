// Sense only what changed: each agent's last observation is kept with the versions of the inputs
// it was computed from (the fabric's version, and a stamp of the last role or published-context
// change of the agents its `senseReads` names). After a change, an agent whose inputs are all
// unchanged gets its kept observation back instead of running `sense` again; sense functions are
// pure, so the result, and therefore every trace, is the same. A cache, not state: a restore or a
// reset forgets it all.
import type { AgentEvent } from '../effects.js';
import type { SenseInputs } from '../model.js';

export class SenseCache {
  /** Bumped at every role or published-context change of any agent. */
  private stamp = 0;
  /** Per agent: the stamp of its last role or published-context change (0: none since the cache was cleared). */
  private readonly changedAt: Float64Array;
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

  constructor(agents: number) {
    this.changedAt = new Float64Array(agents);
    this.sensedAt = new Float64Array(agents).fill(-1);
    this.fabricAt = new Float64Array(agents);
    this.kept = new Array<AgentEvent | null>(agents).fill(null);
  }

  /** Forget everything (the run state was restored or reset under it). */
  clear(): this {
    this.unversioned = false;
    this.stamp = 0;
    this.changedAt.fill(0);
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
    this.changedAt[agent] = ++this.stamp;
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

  /** None of the inputs the agent declared changed since its observation was kept. */
  fresh(reads: SenseInputs, agent: number, fabricVersion: number): boolean {
    const at = this.sensedAt[agent];
    if (at < 0 || this.unversioned || (reads.fabric && this.fabricAt[agent] !== fabricVersion)) return false;
    const agents = reads.agents;
    if (agents === 'all') return at === this.stamp;
    for (let i = 0; i < agents.length; i++) if (this.changedAt[agents[i]] > at) return false;
    return true;
  }
}
