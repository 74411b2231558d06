// For tests of the command line: the problems a command refused its input with (one per line it
// prints), or a failure when it accepted the input. Shared by the tests of counts, repeats and grids.
import { expect } from 'vitest';
import { UsageError } from './common.js';

export async function usageProblems(run: () => unknown): Promise<string[]> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return [...(error as UsageError).problems];
  }
  throw new Error('accepted');
}
