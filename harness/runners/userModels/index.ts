// The user's own models, as a library entry re-exports them: load a model or a config from the user's
// repo, type a config, and make loaded models nameable by the runners for the duration of a call.
export { defineConfig, loadUserConfig, CONFIG_FILES, type HafaultConfig } from './config.js';
export { isModelPath, loadModelFile, loadModelSpec, UserModelError } from './load.js';
export { modelProblems } from './problems.js';
export { catalogueModels, findCatalogued, installUserModels, type ModelSource, type UserModel } from './catalogue.js';
export { installCommandModels } from './sources.js';
