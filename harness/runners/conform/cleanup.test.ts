// Whatever a real run creates is gone afterwards: after a normal run, after a run that fails on
// purpose, and after a run interrupted by SIGINT or SIGTERM (a separate process, signalled by PID).
// Needs root, network namespaces and keepalived; says so loudly when it cannot run (see
// realEnvironment.ts), and must run in CI.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { step, target } from '../testing.js';
import { realEnvironmentProblem } from './environment.js';
import { keepalivedProduct } from '../../../models/keepalived/real.js';
import { runReal, RealRunError } from './lab.js';
import { leftovers, type RunFootprint } from './leftovers.js';
import type { RunResources } from '../../lab/resources.js';
import { requireRealOrBanner } from './testBanner.js';

const problem = realEnvironmentProblem(keepalivedProduct);
requireRealOrBanner('cleanup of real runs', problem);

function footprint(res: RunResources | null): RunFootprint {
  expect(res, 'the run never reported what it created').not.toBeNull();
  return { prefix: res!.prefix, pids: new Set(res!.pids), dir: res!.dir };
}

if (problem === null) {
  describe('a real run leaves nothing behind', () => {
    const t = target('keepalived', 'two-routers');

    it('after a run that ends normally (crash, pause, link cut, partition on the way)', async () => {
      let res: RunResources | null = null;
      const schedule = [
        step(4, 'slowdown', 'r2'),
        step(4.5, 'resume', 'r2'),
        step(5, 'link-cut', 'r2.eth0-lan'),
        step(5.5, 'partition', 'r1|r2'),
        step(6, 'host-crash', 'r1'),
      ];
      const r = await runReal({
        product: keepalivedProduct,
        compiled: t.compiled,
        config: t.config,
        schedule,
        horizonMs: 6_500,
        calibration: { host: 'r1', role: 'MASTER', atMs: 3414 },
        onResources: (x) => (res = x),
      });
      const run = footprint(res);
      expect(run.pids.size).toBeGreaterThanOrEqual(4); // two keepalived parents, their VRRP children, the monitors
      expect(r.trace.entries.some((e) => e.type === 'role' && e.role === 'MASTER')).toBe(true);
      expect(leftovers(run)).toEqual([]);
    }, 30_000);

    it('after a run that fails once the daemons are up', async () => {
      let res: RunResources | null = null;
      const failing = runReal({
        product: keepalivedProduct,
        compiled: t.compiled,
        config: t.config,
        schedule: [],
        horizonMs: 1_000,
        calibration: null,
        failAfterStart: true,
        onResources: (x) => (res = x),
      });
      await expect(failing).rejects.toThrow(RealRunError);
      const run = footprint(res);
      expect(run.pids.size).toBeGreaterThanOrEqual(2);
      expect(leftovers(run)).toEqual([]);
    }, 30_000);

    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      it(`after a run interrupted by ${sig}`, async () => {
        const fixture = fileURLToPath(new URL('./fixtures/interruptedRun.ts', import.meta.url));
        const child = spawn(process.execPath, ['--import', 'tsx', fixture], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += d));
        const started = await new Promise<RunFootprint>((resolve, reject) => {
          let out = '';
          child.stdout.on('data', (d) => {
            out += d;
            const nl = out.indexOf('\n');
            if (nl >= 0) {
              const j = JSON.parse(out.slice(0, nl)) as { prefix: string; dir: string; pids: number[] };
              resolve({ prefix: j.prefix, dir: j.dir, pids: new Set(j.pids) });
            }
          });
          child.once('exit', (code) => reject(new Error(`fixture exited (${code}) before it started: ${stderr}`)));
        });
        expect(started.pids.size, 'keepalived parents, VRRP children and monitors').toBeGreaterThanOrEqual(6);
        expect(leftovers(started).length, 'the run should be live before it is interrupted').toBeGreaterThan(0);
        const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
        child.kill(sig);
        expect(await exited).toBe(sig === 'SIGINT' ? 130 : 143);
        expect(leftovers(started)).toEqual([]);
      }, 30_000);
    }
  });
}
