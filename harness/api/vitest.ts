// `hafault/vitest`: a design check as one vitest test, so a suite reads
// `testDesign('pool survives any single fault', { topology: 'pool.yaml' })`. The test fails with
// assertDesign's message (the schedule as sentences and the replay command). A search takes seconds,
// not vitest's default 5: the timeout is generous and can be given.
import { test } from 'vitest';
import { assertDesign } from './assertDesign.js';
import type { CheckOptions } from './commands.js';

/** The default time a design check may take (a check of every property at 200 runs takes seconds). */
export const DESIGN_TEST_TIMEOUT_MS = 120_000;

/** Declares a vitest test that passes when every property of the design holds. */
export function testDesign(name: string, options: CheckOptions, timeoutMs: number = DESIGN_TEST_TIMEOUT_MS): void {
  test(
    name,
    async () => {
      await assertDesign(options);
    },
    timeoutMs,
  );
}

export { assertDesign, DesignViolationError } from './assertDesign.js';
export { HafaultInputError } from './cliCall.js';
