// The owner tag is what lets a later run remove a killed run's leftovers without touching anything
// else: a name must say who made it, a name without a tag must not parse, and "owner alive" must
// mean that PID with that start time (a reused PID is not the owner).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newLabPrefix, ownerAlive, tagOf } from './owner.js';

/** This process's start time, read here independently of owner.ts (field 22 of /proc/self/stat). */
function ownStartTicks(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[22 - 3]);
}

describe('lab owner tags', () => {
  it('reads the owner from a namespace name, a folder name and a bare prefix', () => {
    const owner = { pid: 4242, startTicks: 987654 };
    const prefix = 'hfk-p4242t987654-0a1b2c';
    expect(tagOf(`${prefix}-r1`)).toEqual({ prefix, owner });
    expect(tagOf(`${prefix}-sw`)).toEqual({ prefix, owner });
    expect(tagOf(`${prefix}-Xy12Zq`)).toEqual({ prefix, owner });
    expect(tagOf(prefix)).toEqual({ prefix, owner });
  });

  it('reads no owner from a name without a tag (never cleaned up by a later run)', () => {
    for (const name of [
      'hfk-0a1b2c-r1', // a lab made before owner tags
      'hfk-probe-0a1b2c',
      'hfk-p4242-0a1b2c-r1',
      'hfk-p4242t-0a1b2c',
      'hfk-p0t5-0a1b2c-r1', // PID 0 owns nothing
      'hfk-p4242t5-0a1b2g-r1',
      'hfk-p4242t5-0a1b2cd',
      'xhfk-p4242t5-0a1b2c',
      'hafault-conform-abc',
      '',
    ])
      expect(tagOf(name), name).toBeNull();
  });

  it('a new prefix names this process and its start time, and its owner is alive', () => {
    const prefix = newLabPrefix();
    expect(prefix).toMatch(new RegExp(`^hfk-p${process.pid}t${ownStartTicks()}-[0-9a-f]{6}$`));
    expect(ownerAlive(tagOf(prefix)!.owner)).toBe(true);
    expect(newLabPrefix()).not.toBe(prefix);
  });

  it('the owner is dead when its PID is gone, or now belongs to a process started at another time', () => {
    expect(ownerAlive({ pid: process.pid, startTicks: ownStartTicks() })).toBe(true);
    expect(ownerAlive({ pid: process.pid, startTicks: ownStartTicks() + 1 })).toBe(false);
    const exited = spawnSync('true').pid;
    expect(exited).toBeGreaterThan(0);
    expect(ownerAlive({ pid: exited, startTicks: ownStartTicks() })).toBe(false);
  });
});
