// Which models the runners and the CLI can name: the built-in ones (models/registry.ts) and the
// user's, loaded from their own files (load.ts, config.ts). One catalogue is active at a time: the CLI
// installs one per command (built-ins + hafault.config.ts + `--model FILE`) and puts the built-in one
// back when the command ends, so no call sees another's models; a worker thread installs the same
// sources before its first slice (`sources`), since its module instances start with built-ins only.
import type { Model } from '../../engine/model.js';
import { MODELS } from '../../../models/registry.js';

/** Where a user model comes from, for a worker thread to load it again. */
export interface ModelSource {
  /** `module`: a file exporting one Model; `config`: a hafault.config file whose `models` include it. */
  readonly kind: 'module' | 'config';
  /** Absolute path. */
  readonly file: string;
}

export interface UserModel {
  readonly model: Model;
  readonly source: ModelSource;
}

let user: readonly UserModel[] = [];
/** The module `--model FILE` named, as the user wrote it: what a printed replay command repeats. */
let flagFile: string | undefined;

/** Built-ins first, then the user's in the order they were loaded. */
export function catalogueModels(): readonly Model[] {
  return user.length === 0 ? MODELS : [...MODELS, ...user.map((u) => u.model)];
}

export function findCatalogued(name: string): Model | undefined {
  return MODELS.find((m) => m.name === name) ?? user.find((u) => u.model.name === name)?.model;
}

/** The file a user model came from; undefined for a built-in (or unknown) one. */
export function userModelFile(name: string): string | undefined {
  return user.find((u) => u.model.name === name)?.source.file;
}

/** The user models' sources, each once, in load order: what a worker thread loads (sources.ts). */
export function userSources(): ModelSource[] {
  const out: ModelSource[] = [];
  for (const { source } of user)
    if (!out.some((s) => s.kind === source.kind && s.file === source.file)) out.push(source);
  return out;
}

/**
 * Makes exactly these user models nameable, replacing any installed before (a name that clashes with a
 * built-in one or another user model is refused where they are loaded: sources.ts); `modelFlag`: the
 * `--model FILE` among them, as written.
 */
export function installUserModels(models: readonly UserModel[], modelFlag?: string): void {
  user = [...models];
  flagFile = modelFlag;
}

/**
 * `--model FILE` as given, when the command named its model so: every trace it writes is of that
 * model, and replaying one needs the same flag (a config's models need none in the same folder).
 */
export function modelFlagFile(): string | undefined {
  return flagFile;
}
