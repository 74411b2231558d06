// Can real daemons run here? Root, iproute2, network namespaces, and the product's program. The
// answer is a sentence, so a test or a command can say loudly why it did not run.
import { existsSync } from 'node:fs';
import { commandSync } from '../../lab/shell.js';
import { newLabPrefix } from '../../lab/owner.js';

/** Why the product's real side cannot run here, or null (`product`: a daemon or a whole-cluster lab). */
export function realEnvironmentProblem(product: { unavailable(): string | null }): string | null {
  // A developer on a shared machine may opt out (loudly); CI fails when real daemons do not run.
  if (process.env.HAFAULT_REAL === 'off') return 'disabled by HAFAULT_REAL=off';
  const host = labHostProblem();
  if (host !== null) return host;
  const missing = product.unavailable();
  if (missing !== null) return missing;
  // Tagged like a run's namespaces: if this process is killed right here, a later run removes it.
  const probe = `${newLabPrefix()}-probe`;
  if (!commandSync('ip', ['netns', 'add', probe]))
    return 'cannot create a network namespace here (`ip netns add` failed: no CAP_SYS_ADMIN, or a restricted container)';
  commandSync('ip', ['netns', 'del', probe]);
  return null;
}

/** Why lab resources cannot be made or removed here (Linux, root, iproute2), or null. */
export function labHostProblem(): string | null {
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'not root: creating and deleting network namespaces needs root';
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some(existsSync))
    return 'iproute2 (`ip`) is not installed (Debian: apt-get install iproute2)';
  return null;
}
