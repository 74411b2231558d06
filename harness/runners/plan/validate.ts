// Checks a parsed plan against the target it will run on: every target exists (with a close match
// when misspelled), absolute times move forward, and no `wait until healthy` waits for something
// the plan never repairs.
import { didYouMean } from '../../engine/didYouMean.js';
import { FAULTS, type FaultName } from '../../engine/faults/index.js';
import { partitionProblem } from '../../engine/faults/partition.js';
import { vocabularyOf } from '../../engine/generators.js';
import type { Target } from '../../engine/target.js';
import { formatMs, MAX_SIMULATED_MS } from '../../engine/time.js';
import type { Plan, PlanPlace, PlanProblem, PlanStep } from './types.js';

/** Faults that leave the world unhealthy until a later step undoes them. */
const PERMANENT: Partial<Record<FaultName, string>> = { 'ha-disable': 'HA stays disabled on' };

function targetProblem(t: Target, step: Extract<PlanStep, { kind: 'fault' }>): string | null {
  const kind = FAULTS[step.fault];
  if (step.fault === 'partition' || step.fault === 'heal') {
    // The same grammar and words as a replay's (traceCheck.ts).
    return partitionProblem(t.compiled.hostIds, step.target);
  }
  const candidates = kind.targets(t.compiled, vocabularyOf(t.model));
  if (candidates.includes(step.target)) return null;
  const shown = candidates.length > 8 ? `${candidates.slice(0, 8).join(', ')}, …` : candidates.join(', ');
  return `unknown target \`${step.target}\` for ${step.fault}${didYouMean(step.target, candidates)}${candidates.length > 0 ? ` (targets: ${shown})` : ''}`;
}

/**
 * A plan asks for at most a week of simulated time (MAX_SIMULATED_MS), counting every wait at its
 * longest: one step past it is refused, not run for minutes and gigabytes.
 */
function lengthProblem(plan: Plan): PlanProblem | null {
  let latestMs = 0;
  for (const step of plan.steps) {
    if (step.kind === 'wait') latestMs += step.withinMs;
    else if ('atMs' in step.time) latestMs = Math.max(latestMs, step.time.atMs);
    else latestMs += step.time.afterMs;
    if (latestMs > MAX_SIMULATED_MS)
      return {
        file: plan.source,
        line: step.line,
        col: step.col,
        message: `\`${step.text}\`: the plan reaches ${formatMs(latestMs)} here (waits counted at their longest); a plan runs at most ${formatMs(MAX_SIMULATED_MS)} of simulated time`,
      };
  }
  return null;
}

export function validatePlan(plan: Plan, t: Target): PlanProblem[] {
  const length = lengthProblem(plan);
  const problems: PlanProblem[] = length === null ? [] : [length];
  const at = (place: PlanPlace) => ({ file: plan.source, line: place.line, col: place.col });
  let lastAbs = 0;
  let afterWait = false;
  /** `${repair}|${target}` → the step that needs it. */
  const open = new Map<string, PlanStep>();
  for (const step of plan.steps) {
    if (step.kind === 'wait') {
      for (const [key, cause] of open) {
        // Only the first `|` separates: a partition's target holds `|` itself (`r1|r2`).
        const bar = key.indexOf('|');
        const [repair, target] = [key.slice(0, bar), key.slice(bar + 1)];
        const fix =
          repair === '' ? `${cause.text} cannot be undone by a plan step` : `add \`${repair} ${target}\` before it`;
        problems.push({
          ...at(step),
          message: `\`${step.text}\` can never end: line ${cause.line} (\`${cause.text}\`) is never undone; ${fix}`,
        });
      }
      afterWait = true;
      continue;
    }
    const bad = targetProblem(t, step);
    if (bad) problems.push({ ...at(step.targetAt), message: `\`${step.text}\`: ${bad}` });
    if ('atMs' in step.time) {
      if (afterWait) {
        problems.push({
          ...at(step.timeAt),
          message: `\`${step.text}\`: an absolute time after \`wait until healthy\` (when the wait ends is only known when the plan runs); write it relative, e.g. \`+30s: ${step.fault} ${step.target}\``,
        });
      } else if (step.time.atMs < lastAbs) {
        problems.push({
          ...at(step.timeAt),
          message: `\`${step.text}\`: time ${formatMs(step.time.atMs)} is before the previous step (${formatMs(lastAbs)}); steps run in order`,
        });
      }
      lastAbs = Math.max(lastAbs, step.time.atMs);
    } else {
      lastAbs += step.time.afterMs;
    }
    const kind = FAULTS[step.fault];
    if (kind.isRepair) {
      open.delete(`${step.fault}|${step.target}`);
      if (step.fault === 'heal') for (const key of [...open.keys()]) if (key.startsWith('heal|')) open.delete(key);
    } else if (kind.repairedBy) {
      open.set(`${kind.repairedBy}|${step.target}`, step);
    } else if (PERMANENT[step.fault]) {
      open.set(`|${step.target}`, step);
    }
  }
  return problems;
}
