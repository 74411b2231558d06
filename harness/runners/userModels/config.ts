// hafault.config.ts (or .mts, .js, .mjs) in the folder a command runs in — only there, never a parent
// folder, so what a command sees does not depend on where the repo happens to sit — adds the user's
// models to the built-in ones: `export default defineConfig({ models: ['./models/mine.ts', mine] })`.
// Strings are module paths relative to the config file; objects are Models. Any problem is bad
// input naming the config file.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { Model } from '../../engine/model.js';
import { MODELS } from '../../../models/registry.js';
import type { UserModel } from './catalogue.js';
import { importModule, loadModelFile, UserModelError, writtenExports } from './load.js';
import { looksLikeModel, modelProblems } from './problems.js';

export interface HafaultConfig {
  /** Module paths (relative to the config file) exporting a Model, or Models themselves. */
  readonly models?: readonly (string | Model)[];
}

/** Types a config file's default export; returns it unchanged. */
export function defineConfig(config: HafaultConfig): HafaultConfig {
  return config;
}

export const CONFIG_FILES = ['hafault.config.ts', 'hafault.config.mts', 'hafault.config.js', 'hafault.config.mjs'];

/** The config file in `cwd`, if any; two of them is bad input. */
export function findConfigFile(cwd: string): string | undefined {
  const found = CONFIG_FILES.filter((f) => existsSync(join(cwd, f)));
  if (found.length > 1) throw new UserModelError([`${found.join(' and ')}: two config files; keep one`]);
  return found.length === 1 ? join(cwd, found[0]) : undefined;
}

async function entryModel(entry: unknown, i: number, file: string, shown: string): Promise<Model> {
  const where = `${shown}: models[${i}]`;
  if (typeof entry === 'string') {
    const path = isAbsolute(entry) ? entry : resolve(dirname(file), entry);
    try {
      return await loadModelFile(path, entry);
    } catch (error) {
      if (error instanceof UserModelError) throw new UserModelError(error.problems.map((p) => `${where}: ${p}`));
      throw error;
    }
  }
  if (!looksLikeModel(entry))
    throw new UserModelError([`${where}: expected a module path or a Model (name, presets, instantiate…)`]);
  const problems = modelProblems(entry);
  if (MODELS.some((m) => m.name === entry.name))
    problems.unshift(`name: \`${entry.name}\` is a built-in model's name; give yours a name of its own`);
  if (problems.length > 0) throw new UserModelError(problems.map((p) => `${where}: ${p}`));
  return entry;
}

/** The models a config file adds, checked; `shown` names the file in messages. */
export async function loadConfigFile(file: string, shown: string = file): Promise<UserModel[]> {
  const exports = writtenExports(await importModule(file, shown));
  const config = exports.default as { models?: unknown } | undefined;
  if (typeof config !== 'object' || config === null)
    throw new UserModelError([`${shown}: expected \`export default defineConfig({ models: [...] })\``]);
  const unknown = Object.keys(config).filter((k) => k !== 'models');
  if (unknown.length > 0) throw new UserModelError([`${shown}: ${unknown[0]}: not a config field (fields: models)`]);
  const entries = config.models ?? [];
  if (!Array.isArray(entries)) throw new UserModelError([`${shown}: models: expected an array`]);
  const out: UserModel[] = [];
  for (const [i, entry] of entries.entries()) {
    const model = await entryModel(entry, i, file, shown);
    if (out.some((u) => u.model.name === model.name))
      throw new UserModelError([`${shown}: models[${i}]: a second model named \`${model.name}\``]);
    // A model from a module is loaded again from that module (a worker thread does); one written in
    // the config itself, from the config.
    const from = typeof entry === 'string' ? resolve(dirname(file), entry) : file;
    out.push({ model, source: { kind: typeof entry === 'string' ? 'module' : 'config', file: from } });
  }
  return out;
}

/**
 * The user models of the hafault.config file in `cwd` (not a parent folder); none without one.
 * @throws UserModelError
 */
export async function loadUserConfig(cwd: string): Promise<{ file: string; models: UserModel[] } | undefined> {
  const file = findConfigFile(cwd);
  if (file === undefined) return undefined;
  return { file, models: await loadConfigFile(file, file.slice(cwd.length + 1)) };
}
