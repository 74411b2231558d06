// soak.json (and `soak --json`): the whole soak as data; a finding's trace is referred to by path.
import { replayCommand } from '../harness/runners/replay.js';
import { runsPerSecond, type SoakRun } from './soakFormat.js';

export function soakJson(run: SoakRun) {
  const { result } = run;
  const runs = result.targets.reduce((n, t) => n + t.runs, 0);
  return {
    seed: result.plan.seed,
    runs,
    maxFaults: result.plan.maxFaults,
    repairs: result.plan.repairs,
    threads: result.threads,
    wallMs: run.wallMs,
    runsMs: run.runsMs,
    runsPerSecond: runsPerSecond(run),
    cleanFindings: result.cleanFindings,
    targets: result.targets.map((t) => ({
      id: t.target.id,
      model: t.target.model,
      preset: t.target.preset,
      setting: t.target.setting,
      values: t.target.values,
      seed: t.target.seed,
      planned: t.target.runs,
      runs: t.runs,
      clean: t.target.clean,
      cleanSources: t.target.cleanSources,
      crashes: t.crashes,
      properties: t.properties,
      findings: t.findings.map((f) => {
        const traceFile = run.traceFiles.get(f);
        const { trace: _trace, ...rest } = f;
        return { ...rest, ...(traceFile !== undefined ? { traceFile, replay: replayCommand(traceFile) } : {}) };
      }),
    })),
  };
}
