// Do the Pacemaker model and the real cluster agree on one schedule? Per node and kind of fact
// (conformFacts.ts), the same changes in the same order, each within a tolerance of the model's
// time: `toleranceMs` for membership, quorum, fencing and power, one second more for where the group
// runs (the lab sees the address and the service's state by polling after the fence is confirmed:
// 0.3–0.9 s later, docs/models/pacemaker-lab.md). Where the real outcome is a fence race's, the
// model is asked whether some instant of the same faults gives it (race.ts: the instant chooses).
import type { LabSequences } from '../../harness/lab/product.js';

/** Extra tolerance for the group's placement (ms): the lab reads it by polling after the fence. */
export const PLACEMENT_EXTRA_MS = 1000;

export interface FactAgreement {
  readonly agree: boolean;
  readonly mismatches: readonly string[];
  readonly worstDeltaMs: number;
}

const sec = (ms: number) => `${Number((ms / 1000).toFixed(3))} s`;

/** Compares two sets of sequences (model first); `shiftMs` is taken off the model's times. */
export function compareFacts(model: LabSequences, real: LabSequences, toleranceMs: number, shiftMs = 0): FactAgreement {
  const mismatches: string[] = [];
  let worst = 0;
  for (const key of [...new Set([...Object.keys(model), ...Object.keys(real)])]) {
    const m = model[key] ?? [];
    const r = real[key] ?? [];
    const tol = key.endsWith(' group') ? toleranceMs + PLACEMENT_EXTRA_MS : toleranceMs;
    for (let i = 0; i < Math.max(m.length, r.length); i++) {
      const a = m[i];
      const b = r[i];
      if (a === undefined || b === undefined || a.role !== b.role) {
        const said = (c: typeof a, at: number) => (c === undefined ? 'nothing more' : `${c.role} at ${sec(at)}`);
        mismatches.push(
          `${key}: change ${i + 1} is ${said(a, (a?.at ?? 0) - shiftMs)} in the model but ${said(b, b?.at ?? 0)} for real`,
        );
        break;
      }
      const delta = Math.abs(a.at - shiftMs - b.at);
      worst = Math.max(worst, delta);
      if (delta > tol)
        mismatches.push(
          `${key}: ${a.role} at ${sec(a.at - shiftMs)} in the model, ${sec(b.at)} for real (${delta} ms apart > ${tol} ms)`,
        );
    }
  }
  return { agree: mismatches.length === 0, mismatches, worstDeltaMs: worst };
}

/**
 * Drops each stretch of the group on a node shorter than `minMs` (on, then off again within it):
 * the lab reads placement every poll (250 ms), so it cannot tell whether such a stretch happened.
 * Applied to both sides alike. In a death match the model starts the group at the instant the first
 * fence is confirmed and the second kills it 0–200 ms later; the real daemons had not started it.
 */
export function withoutBlips(seqs: LabSequences, minMs: number): LabSequences {
  const out: Record<string, LabSequences[string]> = {};
  for (const [key, changes] of Object.entries(seqs)) {
    if (!key.endsWith(' group')) {
      out[key] = changes;
      continue;
    }
    const kept = [...changes];
    for (let i = 0; i + 1 < kept.length; i++)
      if (kept[i].role === 'runs it' && kept[i + 1].at - kept[i].at < minMs) kept.splice(i--, 2);
    out[key] = kept;
  }
  return out;
}

/** Who fenced whom, in order: the outcome a race decides ("n1>n2", "n1>n2 n2>n1"). */
export function fenceOutcome(seqs: LabSequences): string {
  const fences = Object.entries(seqs).flatMap(([key, changes]) =>
    key.endsWith(' fences') ? changes.map((c) => ({ at: c.at, text: `${key.split(' ')[0]}>${c.role}` })) : [],
  );
  return fences
    .sort((a, b) => a.at - b.at)
    .map((f) => f.text)
    .join(' ');
}

/** The outcome in words for a person ("n1 fenced n2", "mutual fencing: n1 fenced n2, n2 fenced n1"). */
export function outcomeWords(outcome: string, mutual: boolean): string {
  if (outcome === '') return 'nobody fenced';
  const said = outcome
    .split(' ')
    .map((f) => f.replace('>', ' fenced '))
    .join(', ');
  return mutual ? `mutual fencing: ${said}` : said;
}
