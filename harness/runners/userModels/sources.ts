// The user models one command sees, and the same models again in a worker thread: the hafault.config
// file of the folder the command runs in, then `--model FILE`. Installing them in the catalogue is
// what makes them nameable by every runner; a worker is handed their sources and loads them again.
import { resolve } from 'node:path';
import { installUserModels, type ModelSource, type UserModel } from './catalogue.js';
import { loadConfigFile, loadUserConfig } from './config.js';
import { isModelPath, loadModelFile, UserModelError } from './load.js';

/** `more` joined to `models`: the same model from the same file once; another model of a known name is refused. */
function merged(models: readonly UserModel[], more: readonly UserModel[], shown: string): UserModel[] {
  const out = [...models];
  for (const u of more) {
    const same = out.find((o) => o.model.name === u.model.name);
    if (same === undefined) out.push(u);
    else if (same.source.file !== u.source.file)
      throw new UserModelError([
        `${shown}: its model \`${u.model.name}\` has the name of a model from ${same.source.file}; rename one`,
      ]);
  }
  return out;
}

/**
 * Loads the config file of `cwd` and `--model` (when it is a path) and installs their models; returns
 * the name `--model` stands for (it unchanged when it is a name).
 * @throws UserModelError
 */
export async function installCommandModels(cwd: string, modelSpec: string | undefined): Promise<string | undefined> {
  const config = await loadUserConfig(cwd);
  const models = config?.models ?? [];
  if (modelSpec === undefined || !isModelPath(modelSpec)) {
    installUserModels(models);
    return modelSpec;
  }
  const file = resolve(cwd, modelSpec);
  const model = await loadModelFile(file, modelSpec);
  installUserModels(merged(models, [{ model, source: { kind: 'module', file } }], modelSpec), modelSpec);
  return model.name;
}

/** The models of `sources` (a catalogue's `userSources()`), loaded again: what a worker thread installs. */
export async function loadSources(sources: readonly ModelSource[]): Promise<UserModel[]> {
  let models: UserModel[] = [];
  for (const source of sources) {
    const more =
      source.kind === 'config'
        ? (await loadConfigFile(source.file)).filter((u) => u.source.kind === 'config')
        : [{ model: await loadModelFile(source.file), source }];
    models = merged(models, more, source.file);
  }
  return models;
}

/** What a pool worker is handed: its plan, and the user models it must know by name. */
export interface WorkerData<Plan> {
  readonly plan: Plan;
  readonly sources: readonly ModelSource[];
}

/** In a worker thread: installs the user models it was handed, then returns its plan. */
export async function workerPlan<Plan>(data: WorkerData<Plan>): Promise<Plan> {
  installUserModels(await loadSources(data.sources));
  return data.plan;
}
