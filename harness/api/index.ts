// The `hafault` package's library entry: every command as a function returning its `--json`
// document (commands.ts), `assertDesign` for test suites, and the errors they throw. Documented in
// docs/api.md; `hafault/vitest` (vitest.ts) and `hafault/model` (model.ts) are the other entries.
export { availability, check, explore, models, run, spof, sweep } from './commands.js';
export type { AvailabilityOptions, CheckOptions, ExploreOptions, RunOptions, SweepOptions } from './commands.js';
export type { DesignOptions, SearchOptions, SettingScalar, SettingValue } from './options.js';
export { assertDesign, DesignViolationError } from './assertDesign.js';
export { HafaultError, HafaultInputError, type Answer } from './cliCall.js';
export type * from './results.js';
export { runCli, type CliIo } from '../cli/program.js';
export { defineConfig, type HafaultConfig } from '../runners/userModels/index.js';
export { loadModel } from './loadModel.js';
export { HAFAULT_VERSION as version } from '../runners/version.js';
