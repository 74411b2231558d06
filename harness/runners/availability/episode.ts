// One drawn episode (a history of failures and repairs, history.ts) run on the simulated design at
// one setting, and what it cost: downtime per protected service, the design's downtime (the union of
// theirs), its split by cause (cause.ts), and the properties it violated. The world starts healthy
// and settled: the episode's first failure is injected at FIRST_FAULT_AT_MS, like every drawn
// schedule's. A protected service the design leaves down when the run ends (last step + the
// simulation's tail: settle time and the longest RTO) waits for a person: the episode's drawn
// operator-restore time is added to it, and once to the design's downtime (they are restored together).
import { capacityExhausted } from '../../../properties/availability.js';
import { downtimeWindows, type Window } from '../../../properties/downtime.js';
import { checkProperty } from '../../../properties/index.js';
import { forEachInstantState, hasRto, WorldState } from '../../../properties/worldState.js';
import type { CompiledTopology } from '../../engine/compile.js';
import type { FaultStep } from '../../engine/faults/index.js';
import { FIRST_FAULT_AT_MS, sortSchedule } from '../../engine/generators.js';
import type { Model, PropertyName } from '../../engine/model.js';
import type { Simulation } from '../../engine/simulator.js';
import type { Trace } from '../../engine/trace.js';
import { chargeDowntime } from './cause.js';
import type { Episode, EpisodeOutcome, FailureModel } from './types.js';

/** Where an episode starts in a run: the settled world, as for every drawn schedule. */
export const EPISODE_START_MS = FIRST_FAULT_AT_MS;

/**
 * The episode as fault steps from `startMs`: each failure injects its component's fault on its
 * target, each repair its repair fault (none for a component that heals by itself). In time order;
 * events at one instant keep the episode's order.
 */
export function episodeSchedule(fm: FailureModel, episode: Episode, startMs: number = EPISODE_START_MS): FaultStep[] {
  const steps: FaultStep[] = [];
  for (const e of episode.events) {
    const c = fm.components[e.component];
    const fault = e.type === 'fail' ? c.fail : c.repair;
    if (fault !== null) steps.push({ at: startMs + Math.round(e.atMs), fault, target: c.target });
  }
  return sortSchedule(steps);
}

/** Total length of the union of windows. */
export function unionMs(windows: readonly Window[]): number {
  const sorted = [...windows].sort((a, b) => a.fromMs - b.fromMs || a.toMs - b.toMs);
  let total = 0;
  let from = -Infinity;
  let to = -Infinity;
  for (const w of sorted) {
    if (w.fromMs > to) {
      if (to > from) total += to - from;
      from = w.fromMs;
      to = w.toMs;
    } else to = Math.max(to, w.toMs);
  }
  if (to > from) total += to - from;
  return total;
}

/** Services (by id) not served when the trace ends. */
function downAtEnd(trace: Trace, ids: readonly string[]): Set<string> {
  const state = new WorldState(trace);
  forEachInstantState(trace, state, () => {});
  return new Set(ids.filter((id) => !state.serviceUp(id)));
}

/** The protected services of a design (an RTO is promised for them: restart priority `restart`), in its order. */
export function protectedIds(topo: Pick<CompiledTopology, 'services'>): string[] {
  return topo.services.filter(hasRto).map((s) => s.id);
}

/** Runs `episode` on `sim` (one setting) and judges `properties` on its trace. */
export function runEpisode(
  sim: Simulation,
  model: Model,
  fm: FailureModel,
  episode: Episode,
  properties: readonly PropertyName[],
): EpisodeOutcome {
  const run = sim.run(episodeSchedule(fm, episode));
  const services = protectedIds(sim.topo);
  const windows = services.map((id) => downtimeWindows(run, id));
  const stillDown = downAtEnd(run, services);
  const restoreMs = episode.operatorRestoreMs;
  const serviceDownMs = windows.map(
    (ws, i) => ws.reduce((sum, w) => sum + w.toMs - w.fromMs, 0) + (stillDown.has(services[i]) ? restoreMs : 0),
  );
  const designDownMs = unionMs(windows.flat()) + (stillDown.size > 0 ? restoreMs : 0);
  const violated = properties.filter((p) => checkProperty(p, run, model).status === 'violated');
  const room = capacityExhausted(run);
  const capacityMs = Math.max(0, ...services.map((id) => room.get(id)?.ms ?? 0));
  return {
    serviceDownMs,
    designDownMs,
    byCause: chargeDowntime(designDownMs, violated, capacityMs),
    violated,
    leftDown: stillDown.size,
  };
}
