// Can real daemons run here? Root, iproute2, network namespaces, and the product's program. The
// answer is a sentence, so a test or a command can say loudly why it did not run.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { commandSync } from '../../lab/shell.js';
import type { RealProduct } from '../../lab/product.js';

export function realEnvironmentProblem(product: RealProduct): string | null {
  // A developer on a shared machine may opt out (loudly); CI fails when real daemons do not run.
  if (process.env.HAFAULT_REAL === 'off') return 'disabled by HAFAULT_REAL=off';
  if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0)
    return 'not root: creating network namespaces needs root';
  if (!['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].some(existsSync))
    return 'iproute2 (`ip`) is not installed (Debian: apt-get install iproute2)';
  const missing = product.unavailable();
  if (missing !== null) return missing;
  const probe = `hfk-probe-${randomBytes(3).toString('hex')}`;
  if (!commandSync('ip', ['netns', 'add', probe]))
    return 'cannot create a network namespace here (`ip netns add` failed: no CAP_SYS_ADMIN, or a restricted container)';
  commandSync('ip', ['netns', 'del', probe]);
  return null;
}
