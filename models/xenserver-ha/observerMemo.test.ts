// The sensing functions remember their last answer (docs/performance.md, "Hot paths"): asked again
// in an unchanged world they hand back the very same event, and a changed world gets a new event
// with the new facts, never a stale one.
import { describe, expect, it } from 'vitest';
import { Fabric } from '../../harness/engine/fabric.js';
import type { WorldView } from '../../harness/engine/model.js';
import { target } from '../../harness/runners/testing.js';

function world() {
  const t = target('xenserver-ha', 'bonded-mirrored-san');
  const instance = t.model.instantiate(t.compiled, t.config);
  const fabric = new Fabric(t.compiled);
  const roles = instance.agents.map((a) => a.initial);
  const contexts = instance.agents.map((a) => a.context);
  const view: WorldView = { fabric, roles, now: 0, context: (agent) => contexts[agent] };
  /** The first agent of that kind's sensing function, its events read as `E`. */
  const sense = <E>(kind: string): ((view: WorldView) => E) =>
    instance.agents.find((a) => a.kind === kind)!.sense as unknown as (view: WorldView) => E;
  return { t, fabric, roles, view, sense };
}

describe('sensing functions that remember their last answer', () => {
  it("xhad: the same event while nothing changed, a new one when a host's role changes", () => {
    const { roles, view, sense } = world();
    const observe = sense<{ live: number; hears: number[] }>('host');
    const first = observe(view);
    expect(observe(view)).toBe(first);
    expect(first.live).toBe(0b111);
    roles[2] = 'fenced';
    const second = observe(view);
    expect(second).not.toBe(first);
    expect(second.live).toBe(0b011);
    expect(second.hears[2]).toBe(0);
    expect(first.live).toBe(0b111); // the event handed out before is left as it was
    roles[2] = 'live';
    const third = observe(view);
    expect(third).toEqual(first);
    expect(observe(view)).toBe(third);
  });

  it('multipath: the same event while no path changed, a new one when a path fails', () => {
    const { t, fabric, view, sense } = world();
    const observe = sense<{ status: number[] }>('multipath');
    const first = observe(view);
    expect(observe(view)).toBe(first);
    const before = [...first.status];
    const path = t.compiled.paths.findIndex((p) => p.host === 0);
    fabric.pathUp[path] = 0;
    fabric.changed();
    const second = observe(view);
    expect(second).not.toBe(first);
    expect(second.status[0]).not.toBe(before[0]);
    expect(first.status).toEqual(before);
  });
});
