// The library API with a model of the user's own (test/models/stonithPair, given by its path as a
// user gives theirs): loadModel, and calls made at once running one after another, in the order made.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { check, HafaultInputError, loadModel, models } from '../harness/api/index.js';

describe("the user's own model, by its path", () => {
  const out = mkdtempSync(join(tmpdir(), 'hafault-api-own-'));
  const pair = {
    model: './test/models/stonithPair/index.ts',
    preset: 'pair',
    properties: ['noTakeoverWhileRunning'],
    runs: 60,
    out,
  };

  it('loadModel loads and checks it; a missing module is bad input', async () => {
    const model = await loadModel(pair.model);
    expect(model.name).toBe('stonith-pair');
    expect((await loadModel('keepalived')).name).toBe('keepalived');
    const error = await loadModel('./nowhere/model.ts').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HafaultInputError);
    expect((error as Error).message).toContain('./nowhere/model.ts');
  });

  it('calls made at once run one after another, in the order made, each with its own models', async () => {
    const order: string[] = [];
    const [own, , unsafe] = await Promise.all([
      check(pair).then((a) => (order.push('check'), a)),
      models().then((a) => (order.push('models'), a)),
      check({ ...pair, set: { stonithEnabled: false } }).then((a) => (order.push('unsafe'), a)),
    ]);
    // Without the queue `models` (no module to load) would finish while the first check still loads its model.
    expect(order).toEqual(['check', 'models', 'unsafe']);
    expect(own.result.results.map((r) => [r.model, r.status])).toEqual([['stonith-pair', 'holds']]);
    expect(unsafe.exitCode).toBe(1);
  });
});
