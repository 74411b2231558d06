// Runs a slice of an availability run's episode indices at every setting and tallies their sums.
// The same code runs inline and inside each worker; a slice's tally depends only on the plan and the
// indices (episode i is a function of the failure model, the seed and i: common random numbers).
import { compileTopology, type CompiledTopology } from '../../engine/compile.js';
import { resolveConfig } from '../../engine/config.js';
import type { Config, Model, Preset } from '../../engine/model.js';
import { oscillationOf, type Oscillation } from '../../engine/oscillation.js';
import { Simulation } from '../../engine/simulator.js';
import { drawEnvironment } from '../sweep/draw.js';
import { loadTopologyFile } from '../topologyFile/load.js';
import { presetOfLoaded } from '../topologyFile/target.js';
import { findCatalogued } from '../userModels/catalogue.js';
import { COMPONENT_KINDS, failureModel } from './components.js';
import { protectedIds, runEpisode } from './episode.js';
import { drawEpisode } from './history.js';
import { withOverrides } from './overrides.js';
import type { AvailabilityPlan } from './plan.js';
import { DEFAULT_RATES } from './rates.js';
import { loadRatesFile } from './ratesFile.js';
import { emptyTally, tallyEpisode, type AvailabilityTally } from './tally.js';
import type { Episode, EpisodeOutcome, FailureModel, RatesTable } from './types.js';

/** An episode whose run never settles: which one, at which setting, and what the simulator saw. */
export interface AvailabilityOscillationFound {
  readonly index: number;
  readonly setting: number;
  readonly oscillation: Oscillation;
}

export class AvailabilityOscillation extends Error {
  constructor(readonly found: AvailabilityOscillationFound) {
    super(`availability episode #${found.index} at setting ${found.setting} never settles`);
  }
}

/** The rates table a plan names: the file (or the built-in table), its overrides applied. */
export function ratesOfPlan(plan: AvailabilityPlan): RatesTable {
  const base = plan.rates.file === null ? DEFAULT_RATES : loadRatesFile(plan.rates.file);
  return withOverrides(base, plan.rates.overrides, plan.rates.commonCauseBeta);
}

/** Simulations kept for reuse when environment ranges vary the settings per episode. */
const SIMULATION_CACHE = 64;

export class AvailabilityRunner {
  readonly model: Model;
  readonly preset: Preset;
  readonly compiled: CompiledTopology;
  readonly rates: RatesTable;
  readonly fm: FailureModel;
  /** Protected services, in the topology's order. */
  readonly services: readonly string[];
  private readonly perSetting: readonly Simulation[] | null;
  private readonly simulations = new Map<string, Simulation>();

  constructor(readonly plan: AvailabilityPlan) {
    const model = findCatalogued(plan.model);
    const preset =
      plan.topologyFile !== undefined
        ? presetOfLoaded(loadTopologyFile(plan.topologyFile))
        : model?.presets.find((p) => p.name === plan.preset);
    if (!model || !preset)
      throw new Error(`availability plan names an unknown model or preset: ${plan.model}/${plan.preset}`);
    this.model = model;
    this.preset = preset;
    this.compiled = compileTopology(preset.topology);
    this.rates = ratesOfPlan(plan);
    this.fm = failureModel(model, this.compiled, this.rates, plan.kinds === null ? {} : { kinds: [...plan.kinds] });
    this.services = protectedIds(this.compiled);
    this.perSetting =
      plan.ranges.length === 0
        ? plan.settings.map((_, s) => new Simulation(model, this.compiled, this.config(s, 0)))
        : null;
  }

  episode(index: number): Episode {
    return drawEpisode(this.fm, this.plan.seed, index, this.plan.biasTarget);
  }

  /** The resolved settings of one setting for episode `index` (its environment draw included). */
  config(setting: number, index: number): Config {
    const environment = drawEnvironment(this.plan.ranges, this.plan.seed, index);
    return resolveConfig(
      this.model,
      this.preset.config ?? {},
      this.plan.fixed,
      this.plan.settings[setting].values,
      environment,
    );
  }

  private simulation(setting: number, index: number): Simulation {
    if (this.perSetting !== null) return this.perSetting[setting];
    const config = this.config(setting, index);
    const key = JSON.stringify(config);
    let sim = this.simulations.get(key);
    if (!sim) {
      if (this.simulations.size >= SIMULATION_CACHE) this.simulations.clear();
      sim = new Simulation(this.model, this.compiled, config);
      this.simulations.set(key, sim);
    }
    return sim;
  }

  /** Episode `index` at setting `setting`. @throws AvailabilityOscillation */
  outcome(setting: number, index: number, episode: Episode = this.episode(index)): EpisodeOutcome {
    try {
      return runEpisode(this.simulation(setting, index), this.model, this.fm, episode, this.plan.properties);
    } catch (error) {
      const oscillation = oscillationOf(error);
      if (oscillation === null) throw error;
      throw new AvailabilityOscillation({ index, setting, oscillation });
    }
  }

  /** Runs episodes [from, to) at every setting. @throws AvailabilityOscillation */
  runRange(from: number, to: number): AvailabilityTally {
    const tally = emptyTally(this.plan, this.services.length);
    for (let i = from; i < to; i++) {
      const episode = this.episode(i);
      const outcomes = this.plan.settings.map((_, s) => this.outcome(s, i, episode));
      tallyEpisode(
        tally,
        this.plan,
        outcomes,
        episode.likelihoodRatio,
        episode.durationMs,
        this.initiatorKind(episode),
      );
    }
    return tally;
  }

  /** The COMPONENT_KINDS index of what started an episode. */
  private initiatorKind(episode: Episode): number {
    const i = episode.initiator;
    const kind =
      typeof i === 'number' ? this.fm.components[i].kind : this.fm.groups[Number(i.slice('group:'.length))].kind;
    return COMPONENT_KINDS.indexOf(kind);
  }
}
