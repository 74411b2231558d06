// Loads a model from a module in the user's own repo: TypeScript through tsx's `tsImport` (hafault
// may run from its JS build, with no TypeScript loader of its own), JavaScript through `import()`.
// The module exports a Model as `default`, or as its one named export that looks like a Model; the
// model is checked (problems.ts) before anything runs it. Every failure is a UserModelError, one
// line naming the file as the user wrote it (the stack of an import error only with HAFAULT_DEBUG=1).
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Model } from '../../engine/model.js';
import { MODELS } from '../../../models/registry.js';
import { firstLine, looksLikeModel, modelProblems } from './problems.js';

/** Bad input from a user's model or config file: one line per problem, exit 2. */
export class UserModelError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.join('\n'));
  }
}

/** `--model` names a file (not a model) when it has a slash or ends like a module. */
export function isModelPath(spec: string): boolean {
  return /[/\\]/.test(spec) || /\.[mc]?[jt]s$/.test(spec);
}

function importError(shown: string, error: unknown): UserModelError {
  const stack = process.env.HAFAULT_DEBUG === '1' && error instanceof Error ? `\n${error.stack}` : '';
  // esbuild's "Transform failed with 1 error:" is a header; the line after it names the mistake.
  const text = error instanceof Error ? error.message : String(error);
  const lines = text.split('\n').filter((l) => l.trim() !== '' && !/^Transform failed with \d+ errors?:?$/.test(l));
  return new UserModelError([`${shown}: cannot load it: ${lines[0] ?? firstLine(error)}${stack}`]);
}

/** The module's exports; `shown` is the path as the user wrote it, for messages. */
export async function importModule(file: string, shown: string): Promise<Record<string, unknown>> {
  if (!existsSync(file)) throw new UserModelError([`${shown}: no such file`]);
  if (!statSync(file).isFile()) throw new UserModelError([`${shown}: not a file`]);
  const url = pathToFileURL(file).href;
  try {
    if (/\.[mc]?ts$/.test(file)) {
      const { tsImport } = await import('tsx/esm/api');
      return (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    }
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    throw importError(shown, error);
  }
}

/**
 * A module's exports as written. A TypeScript file outside a `"type": "module"` package is compiled
 * to CommonJS: its namespace's `default` is then `module.exports`, which holds the real exports.
 */
export function writtenExports(namespace: Record<string, unknown>): Record<string, unknown> {
  const inner = namespace.default as Record<string, unknown> | undefined;
  if (typeof inner !== 'object' || inner === null || inner.__esModule !== true) return namespace;
  return Object.fromEntries(Object.entries(inner).filter(([k]) => k !== '__esModule'));
}

/** The Model a module exports: its default, or its one named export that looks like a Model. */
export function pickModelExport(namespace: Record<string, unknown>, shown: string): Model {
  const exports = writtenExports(namespace);
  if (looksLikeModel(exports.default)) return exports.default;
  const named = Object.keys(exports)
    .filter((k) => k !== 'default' && looksLikeModel(exports[k]))
    .sort();
  if (named.length === 1) return exports[named[0]] as Model;
  if (named.length > 1)
    throw new UserModelError([
      `${shown}: exports several Models (${named.join(', ')}); export the one to use as \`default\``,
    ]);
  const found = Object.keys(exports).sort();
  throw new UserModelError([
    `${shown}: exports no hafault Model (found: ${found.length > 0 ? found.join(', ') : 'nothing'}); expected \`export default\` a Model (name, presets, instantiate…)`,
  ]);
}

/** A model from a module file, checked (a built-in's name is refused); its problems are bad input naming the file. */
export async function loadModelFile(file: string, shown: string = file): Promise<Model> {
  const model = pickModelExport(await importModule(file, shown), shown);
  const problems = modelProblems(model);
  if (MODELS.some((m) => m.name === model.name))
    problems.unshift(`name: \`${model.name}\` is a built-in model's name; give yours a name of its own`);
  if (problems.length > 0) throw new UserModelError(problems.map((p) => `${shown}: ${p}`));
  return model;
}

/**
 * `--model` as the API takes it: a built-in model's name, or a path to a module (relative to `cwd`)
 * exporting a Model. (Models of a hafault.config file: loadUserConfig in config.ts.)
 * @throws UserModelError
 */
export async function loadModelSpec(spec: string, cwd: string): Promise<Model> {
  if (!isModelPath(spec)) {
    const model = MODELS.find((m) => m.name === spec);
    if (!model)
      throw new UserModelError([
        `--model: unknown model \`${spec}\` (models: ${MODELS.map((m) => m.name).join(', ')}; or a path such as ./my-model.ts)`,
      ]);
    return model;
  }
  return loadModelFile(isAbsolute(spec) ? spec : resolve(cwd, spec), spec);
}
