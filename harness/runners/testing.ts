// Helpers shared by the test files: one fixed seed (override with HAFAULT_SEED), a run count that
// CI keeps small and HAFAULT_RUNS raises, and direct runs of a named schedule.
import { checkProperty, type Verdict } from '../../properties/index.js';
import type { FaultName, FaultStep } from '../engine/faults/index.js';
import type { ConfigValue, PropertyName } from '../engine/model.js';
import { findModel } from '../../models/registry.js';
import { searchProperty, type PropertyResult, type SearchOptions } from './search.js';
import { Simulation, type RunResult } from '../engine/simulator.js';
import { presetTarget, type Target } from '../engine/target.js';

export const SEED = Number(process.env.HAFAULT_SEED ?? 20261123);
export const RUNS = Number(process.env.HAFAULT_RUNS ?? 100);

export function target(
  modelName: string,
  presetName: string,
  settings: Readonly<Record<string, string | ConfigValue>> = {},
): Target {
  const model = findModel(modelName);
  if (!model) throw new Error(`no model ${modelName}`);
  const preset = model.presets.find((p) => p.name === presetName);
  if (!preset) throw new Error(`no preset ${presetName} in ${modelName}`);
  return presetTarget(model, preset, settings);
}

/** A duration or number setting of a target, as its run got it (a test's expected times follow from it). */
export function numberSetting(t: Target, key: string): number {
  const v = t.config[key];
  if (typeof v !== 'number') throw new Error(`${t.model.name}: ${key} is not a number setting (${String(v)})`);
  return v;
}

export function step(atSeconds: number, fault: FaultName, targetId: string): FaultStep {
  return { at: Math.round(atSeconds * 1000), fault, target: targetId };
}

export interface Outcome {
  readonly run: RunResult;
  readonly verdicts: Readonly<Record<string, Verdict>>;
  readonly fences: readonly { at: number; host: string }[];
}

export function simulate(t: Target, schedule: readonly FaultStep[], horizonMs?: number): Outcome {
  const run = new Simulation(t.model, t.compiled, t.config).run(schedule, { level: 'full', horizonMs });
  const verdicts: Record<string, Verdict> = {};
  for (const p of t.model.properties) verdicts[p] = checkProperty(p, run, t.model);
  const fences = run.entries.flatMap((e) => (e.type === 'fence' ? [{ at: e.at, host: e.host }] : []));
  return { run, verdicts, fences };
}

export function violatedProperties(o: Outcome): PropertyName[] {
  return Object.values(o.verdicts).flatMap((v) => (v.status === 'violated' ? [v.property] : []));
}

export function search(t: Target, property: PropertyName, options: Partial<SearchOptions> = {}): PropertyResult {
  return searchProperty(t, property, { runs: RUNS, seed: SEED, maxFaults: 1, ...options });
}

/** "at 10 s: host-crash h2" — compact form for assertions. */
export function brief(schedule: readonly FaultStep[]): string[] {
  return schedule.map((s) => `${s.at / 1000}s ${s.fault} ${s.target}`);
}
