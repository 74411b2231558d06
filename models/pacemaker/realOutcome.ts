// How a real run ended, read off its timeline: who fenced whom, whether the two nodes fenced each
// other, who is alive, where the group really runs, and how long two nodes ran it at once. Pure.
import type { RealEvent, RealOutcome } from './realObservation.js';

export function outcomeOf(events: readonly RealEvent[], nodes: readonly string[], endMs: number): RealOutcome {
  const fenced: { by: string; target: string; atMs: number }[] = [];
  const fenceFailures: { by: string; target: string; atMs: number }[] = [];
  const aliveNow = new Map(nodes.map((n) => [n, true]));
  const holds = new Map(nodes.map((n) => [n, false]));
  let dualActiveMs = 0;
  let dualSince: number | null = null;
  let mutualFencing = false;
  const lastFencer = new Map<string, string>();
  for (const e of events) {
    switch (e.type) {
      case 'fence':
        if (e.result === 'ok') {
          fenced.push({ by: e.by, target: e.target, atMs: e.atMs });
          lastFencer.set(e.target, e.by);
        } else if (e.result === 'failed') fenceFailures.push({ by: e.by, target: e.target, atMs: e.atMs });
        break;
      case 'death':
        aliveNow.set(e.node, false);
        break;
      case 'boot':
        aliveNow.set(e.node, true);
        lastFencer.delete(e.node);
        break;
      case 'placement': {
        holds.set(e.node, e.holds);
        const dual = [...holds.values()].filter(Boolean).length > 1;
        if (dual && dualSince === null) dualSince = e.atMs;
        if (!dual && dualSince !== null) {
          dualActiveMs += e.atMs - dualSince;
          dualSince = null;
        }
        break;
      }
      default:
        break;
    }
    // A death match: nobody is up, and each node's last fence was ordered by a node it fenced itself.
    if (![...aliveNow.values()].some(Boolean))
      mutualFencing ||= nodes.every((n) => {
        const by = lastFencer.get(n);
        return by !== undefined && lastFencer.get(by) === n;
      });
  }
  if (dualSince !== null) dualActiveMs += endMs - dualSince;
  return {
    fenced,
    fenceFailures,
    mutualFencing,
    alive: nodes.filter((n) => aliveNow.get(n)),
    groupOn: nodes.filter((n) => holds.get(n)),
    dualActiveMs,
  };
}

/** One line per event, for a person: `+7012 ms  n1 fences n2: ok`. */
export function describeEvent(e: RealEvent): string {
  const at = `${e.atMs >= 0 ? '+' : ''}${e.atMs} ms`.padStart(10);
  switch (e.type) {
    case 'fault':
      return `${at}  fault: ${e.fault} ${e.target}`;
    case 'membership':
      return `${at}  ${e.node} corosync sees ${e.sees.join(', ') || 'nobody'}`;
    case 'quorum':
      return `${at}  ${e.node} ${e.quorate ? 'quorate' : 'NOT quorate'}`;
    case 'view':
      return `${at}  ${e.node} pacemaker: DC ${e.dc ?? 'none'}, online ${e.online.join(', ') || 'none'}, group on ${e.groupOn.join(', ') || 'none'}`;
    case 'fence':
      return `${at}  ${e.by} fences ${e.target} (${e.action}): ${e.result}${e.reason ? ` (${e.reason})` : ''}`;
    case 'death':
      return `${at}  ${e.node} dead (${e.cause}; no process left)`;
    case 'boot':
      return `${at}  ${e.node} boots`;
    case 'placement':
      return `${at}  ${e.node} ${e.holds ? `runs ${e.members.join(', ')}` : 'runs nothing of the group'}`;
  }
}
