// The documents the library API returns: each is the `--json` output of its command, typed from
// the function that builds it (so the types cannot drift from what the command prints).
import type { CheckJson } from '../cli/check.js';
import type { ExploreJson } from '../cli/explore.js';
import type { modelsJson } from '../cli/models.js';
import type { planJson } from '../cli/run.js';
import type { spofJson } from '../cli/spof.js';
import type { sweepJson } from '../../reports/sweepJson.js';
import type { ninesDocument } from '../../reports/ninesJson.js';
import type { StoppedJson } from '../cli/traceOutput.js';

export type CheckResult = CheckJson;
export type CheckFinding = CheckJson['results'][number];
export interface ExploreResult {
  readonly results: ExploreJson[];
}
export type ModelsResult = ReturnType<typeof modelsJson>;
export type RunResultJson = ReturnType<typeof planJson>;

export type SpofResult = { readonly results: ReturnType<typeof spofJson>[] } | StoppedJson;
export type SweepResultJson = ReturnType<typeof sweepJson> | StoppedJson;
/** `availability --json`: numbers that are not finite (an interval from too few episodes) are null. */
export type AvailabilityResultJson = ReturnType<typeof ninesDocument>;
export type { StoppedJson };
