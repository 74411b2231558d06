// Pools beyond one 32-bit word of hosts (issue 16: XenServer pools reach 64 hosts). The bonded
// preset's pool grown to 64 hosts behaves as the 3-host pool does on the same fault, its trace
// prints host sets of 64 hosts as decimal digits, and a trace file of it replays byte for byte.
import { describe, expect, it } from 'vitest';
import { grownPool } from '../../bench/poolSize.js';
import { parseTraceFile, serializeTrace } from '../../harness/engine/traceFile.js';
import { presetTarget, type Target } from '../../harness/engine/target.js';
import { makeTraceFile, replayTrace } from '../../harness/runners/replay.js';
import { simulate, step, violatedProperties } from '../../harness/runners/testing.js';
import { xenserverHa } from './index.js';

const bonded = xenserverHa.presets.find((p) => p.name === 'bonded')!;
const pool = (n: number): Target =>
  presetTarget(xenserverHa, { ...bonded, topology: grownPool(bonded.topology, n) }, {});

/** When the crashed host's VM runs again, where, and after how long. */
function restartOf(t: Target, crashed: string) {
  const o = simulate(t, [step(10, 'host-crash', crashed)]);
  const vm = t.compiled.services.find((s) => t.compiled.hostIds[s.home] === crashed)!;
  const back = o.run.entries.find(
    (e) => e.type === 'service' && e.service === vm.id && e.state === 'running' && e.at > 10_000,
  );
  return { o, vm: vm.id, back };
}

describe('a XenServer pool of 64 hosts', () => {
  const big = pool(64);
  const small = pool(3);

  it('the crash of host 50 restarts its VM on another host, as the crash of a host of three does, at the same instant', () => {
    const b = restartOf(big, 'h51');
    const s = restartOf(small, 'h2');
    expect(violatedProperties(b.o)).toEqual([]);
    expect(violatedProperties(s.o)).toEqual([]);
    expect(b.back).toMatchObject({ type: 'service', service: b.vm, state: 'running' });
    expect(s.back).toMatchObject({ type: 'service', service: s.vm, state: 'running' });
    expect(b.back!.type === 'service' && b.back!.host).not.toBe('h51');
    // Same timers (T, the winners' wait, the VM's boot): the pool's size changes nothing in time.
    expect(b.back!.at).toBe(s.back!.at);
    const fenced = b.o.fences.map((f) => f.host);
    expect(fenced.filter((h) => h !== 'h51')).toEqual([]);
  });

  it('prints a host set of 64 hosts as its decimal digits: h1 hears every host but itself and the crashed h51', () => {
    const { o } = restartOf(big, 'h51');
    const all = (1n << 64n) - 1n;
    const expected = all & ~1n & ~(1n << 50n);
    const observed = o.run.entries.flatMap((e) =>
      e.type === 'event' && e.agent === 'h1' && e.event.startsWith('OBSERVE ') ? [e.event] : [],
    );
    expect(observed.some((e) => e.includes(` peers=${expected.toString()} `))).toBe(true);
    // Never JSON's quoted string, never a bigint's `n`.
    for (const e of observed) expect(e).toMatch(/^OBSERVE peers=\d+ writers=\d+ live=\d+ hears=\[[\d,]+\] /);
  });

  it('a trace file of it replays byte for byte', () => {
    const schedule = [step(10, 'host-crash', 'h51'), step(20, 'nic-down', 'h40.mgmt0')];
    const run = simulate(big, schedule).run;
    const text = serializeTrace(
      makeTraceFile({
        model: xenserverHa,
        preset: null,
        topology: big.topology,
        config: big.config,
        search: null,
        properties: xenserverHa.properties,
        schedule,
        run,
      }),
    );
    expect(text).toMatch(/peers=\d{10,}/);
    const file = parseTraceFile(text, 'pool64.json');
    const outcome = replayTrace(file);
    expect(outcome.sameTimeline).toBe(true);
    expect(outcome.sameViolations).toBe(true);
    expect(serializeTrace(file)).toBe(text);
  });
});
