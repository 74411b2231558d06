// How a test file that needs real daemons behaves where they cannot run: outside CI it prints a
// banner nobody can miss and registers one test that names the reason (the rest of the suite runs
// on); in CI (CI=true) the same test fails, because CI must run them.
import { it, expect } from 'vitest';

export function requireRealOrBanner(what: string, problem: string | null): void {
  if (problem !== null && !process.env.CI) {
    const line = '!'.repeat(100);
    process.stderr.write(
      `\n${line}\n!!  NOT RUN: ${what} on real keepalived: ${problem}\n!!  (run as root with keepalived and iproute2 installed; .ci/run installs them)\n${line}\n\n`,
    );
  }
  it(`real daemons can run here (${what}; required in CI)`, () => {
    if (process.env.CI) expect(problem, 'CI must run the real-daemon tests').toBeNull();
    else
      expect(problem ?? 'ok').toMatch(
        /^(ok|disabled by HAFAULT_REAL=off|not root|network namespaces need|iproute2|keepalived is not installed|cannot create a network namespace)/,
      );
  });
}
