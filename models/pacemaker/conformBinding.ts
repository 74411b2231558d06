// Pacemaker's conformance binding: the real side is one lab for the whole cluster (real.ts), so the
// binding runs the schedule there itself (faults and settings mapped by conformMap.ts) and compares
// the lab's facts with the model's (conformFacts.ts, conformCompare.ts). A two-node split is a race:
// when the real fence outcome is not the model's at the scheduled instant, the model is run with the
// same faults up to one period of its notice grids later (race.ts) to find an instant that gives it.
import type { CompiledTopology } from '../../harness/engine/compile.js';
import type { FaultStep } from '../../harness/engine/faults/index.js';
import type { ClusterLab, ClusterLabInput, ConformBinding, LabSequences } from '../../harness/lab/product.js';
import type { Trace } from '../../harness/engine/trace.js';
import { corosyncTimings, type PacemakerSettings } from './config.js';
import { baseline, modelFacts, realFacts, sequences } from './conformFacts.js';
import { compareFacts, fenceOutcome, outcomeWords, withoutBlips, type FactAgreement } from './conformCompare.js';
import { clusterNodes, labName, labNodesOf, labSettings, labStep, settingProblems } from './conformMap.js';
import { realTrace } from './conformTrace.js';
import { noticePeriodMs } from './race.js';
import { pacemakerLabUnavailable, runPacemakerLab } from './real.js';
import type { RealStep } from './realSchedule.js';

/** Default tolerance: the real membership change came 6.1–6.8 s after a cut, the model's 6.6–7.7 s. */
export const PACEMAKER_TOLERANCE_MS = 1500;
/** Steps of the race search over the instants of the faults (ms). */
const RACE_STEP_MS = 50;

function labSchedule(topo: CompiledTopology, cfg: PacemakerSettings, schedule: readonly FaultStep[]) {
  const steps: RealStep[] = [];
  const problems: string[] = [];
  for (const s of schedule) {
    const r = labStep(topo, cfg, s);
    if ('problem' in r) problems.push(r.problem);
    else steps.push(r);
  }
  return { steps: steps.sort((a, b) => a.atMs - b.atMs), problems: [...settingProblems(topo, cfg), ...problems] };
}

interface Side {
  readonly seqs: LabSequences;
  readonly shiftMs: number;
  readonly verdict: FactAgreement;
}

/** The grids' common period: every phase of the race repeats after it. */
function racePeriodMs(cfg: PacemakerSettings): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  const [a, b] = [noticePeriodMs(0, cfg.raceSpreadMs), noticePeriodMs(1, cfg.raceSpreadMs)];
  return a === 0 || b === 0 ? 0 : Math.min(60_000, (a * b) / gcd(a, b));
}

/** The model side: as scheduled, or (the real fence outcome differing) the first instant that gives it. */
export function modelSide(
  input: ClusterLabInput<PacemakerSettings>,
  real: LabSequences,
  seqsOf: (t: Trace) => LabSequences,
): Side {
  const asIs = seqsOf(input.modelRun);
  const first: Side = { seqs: asIs, shiftMs: 0, verdict: compareFacts(asIs, real, input.toleranceMs) };
  const wanted = fenceOutcome(real);
  if (fenceOutcome(asIs) === wanted) return first;
  let best: Side | null = null;
  for (let shiftMs = RACE_STEP_MS; shiftMs <= racePeriodMs(input.config); shiftMs += RACE_STEP_MS) {
    const moved = input.schedule.map((s) => ({ ...s, at: s.at + shiftMs }));
    const seqs = seqsOf(input.simulate(moved, input.horizonMs + shiftMs));
    if (fenceOutcome(seqs) !== wanted) continue;
    const side = { seqs, shiftMs, verdict: compareFacts(seqs, real, input.toleranceMs, shiftMs) };
    if (side.verdict.agree) return side;
    if (best === null || side.verdict.mismatches.length < best.verdict.mismatches.length) best = side;
  }
  return best ?? first;
}

/** A lab warning that a hang or resume found no corosync, on a node really off then: a no-op, as in the model. */
function noOpOnDeadNode(warning: string, real: LabSequences, steps: readonly RealStep[]): boolean {
  const m = /^(hang|resume) (\S+): its corosync is not running$/.exec(warning);
  const step = m === null ? undefined : steps.find((s) => s.fault === m[1] && s.target === m[2]);
  if (m === null || step === undefined) return false;
  const before = (real[`${m[2]} power`] ?? []).filter((c) => c.at <= step.atMs);
  return before.length > 0 && before[before.length - 1].role === 'off';
}

const unshift = (seqs: LabSequences, ms: number): LabSequences =>
  Object.fromEntries(Object.entries(seqs).map(([k, v]) => [k, v.map((c) => ({ at: c.at - ms, role: c.role }))]));

async function compare(input: ClusterLabInput<PacemakerSettings>) {
  const { compiled: topo, config: cfg } = input;
  const planned = labSchedule(topo, cfg, input.schedule);
  if (planned.problems.length > 0) throw new Error(`pacemaker lab: ${planned.problems.join('; ')}`);
  // A boot whose daemons would start after the end (bootMs later) is not run: the model's do not either.
  const steps = planned.steps.filter((s) => s.atMs < input.horizonMs);
  const lastMs = steps.reduce((m, s) => Math.max(m, s.atMs), 0);
  const result = await runPacemakerLab({
    settings: labSettings(topo, cfg, Math.max(5_000, input.horizonMs - lastMs), input.horizonMs),
    schedule: steps,
  });
  const obs = result.observation;
  const nodes = clusterNodes(topo, cfg);
  const group = topo.services.map((s) => s.id);
  const toLab = (h: string) => labName(topo, cfg, h);
  const names = labNodesOf(topo, cfg);
  const toModel = (n: string) => nodes[names.indexOf(n)] ?? n;
  const home = topo.services[0] === undefined ? null : toLab(topo.hostIds[topo.services[0].home]);
  const start = baseline(names, home);
  const facts = realFacts(obs.events);
  // Placement is polled: a stretch shorter than a poll is not compared, on either side.
  const pollMs = labSettings(topo, cfg, 0).pollMs;
  const real = withoutBlips(sequences(names, start, facts), pollMs);
  const side = modelSide(input, real, (t) =>
    withoutBlips(sequences(names, start, modelFacts(t, toLab, group)), pollMs),
  );
  const logs: Record<string, string> = {};
  for (const [host, files] of Object.entries(result.logs))
    for (const [name, text] of Object.entries(files)) logs[`${host} ${name}`] = text;
  return {
    ...side.verdict,
    modelRoles: unshift(side.seqs, side.shiftMs),
    realRoles: real,
    realTrace: realTrace({ ...input.modelRun.meta, endMs: obs.endMs }, input.schedule, start, facts, toModel, group),
    warnings: obs.warnings.filter((w) => !noOpOnDeadNode(w, real, steps)),
    logs,
    outcome: `${outcomeWords(fenceOutcome(real), obs.outcome.mutualFencing)}; group on ${obs.outcome.groupOn.join('+') || 'no node'}`,
    raceShiftMs: fenceOutcome(side.seqs) === fenceOutcome(real) ? side.shiftMs : null,
  };
}

export const pacemakerLab: ClusterLab<PacemakerSettings> = {
  model: 'pacemaker',
  unavailable: pacemakerLabUnavailable,
  scheduleProblems: (topo, cfg, schedule) => labSchedule(topo, cfg, schedule).problems,
  compare,
};

export const pacemakerBinding: ConformBinding<PacemakerSettings> = {
  model: 'pacemaker',
  product: pacemakerLab,
  toleranceMs: PACEMAKER_TOLERANCE_MS,
  // What the lab can make (conformMap.ts); a node's own cable cut (link-cut) it cannot.
  kinds: ['partition', 'host-crash', 'fence-device-down', 'slowdown'],
  firstAtMs: 3_000,
  spanMs: 10_000,
  tailMs(cfg) {
    // A loss (token, consensus), a fence with its delays and one retry, the group's start, and 5 s.
    const t = corosyncTimings(cfg, 2);
    const groupMs = cfg.ipStartMs + cfg.fsStartMs + cfg.serviceStartMs;
    const lossMs = t.tokenMs + 2 * t.consensusMs + cfg.raceSpreadMs + cfg.pcmkDelayBaseMs + cfg.pcmkDelayMaxMs;
    // A fenced node that reboots within half a minute is watched until it has decided alone
    // (dc-deadtime): PM-3's fence loop, PM-4's inquorate boot.
    const rebootMs =
      cfg.fenceAction === 'reboot' && cfg.bootMs <= 30_000
        ? cfg.bootMs + Math.max(cfg.corosyncStartMs, cfg.controllerStartMs) + cfg.dcDeadtimeMs + lossMs
        : 0;
    return lossMs + groupMs + rebootMs + 5_000;
  },
  // Races are searched over instants by the comparison itself; no instant is moved.
  sensitiveInstants: () => [],
};
