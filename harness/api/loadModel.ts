// `loadModel`: a built-in model by name, or your own model module by path (relative to the working
// directory), loaded and checked as `--model` does; what is wrong with it throws HafaultInputError.
import type { Model } from '../engine/model.js';
import { loadModelSpec, UserModelError } from '../runners/userModels/index.js';
import { HafaultInputError } from './cliCall.js';

/** The model `spec` names: `xenserver-ha`, or `./models/my-model.ts`. */
export async function loadModel(spec: string): Promise<Model> {
  try {
    return await loadModelSpec(spec, process.cwd());
  } catch (error) {
    if (error instanceof UserModelError) throw new HafaultInputError(error.problems);
    throw error;
  }
}
