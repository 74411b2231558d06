// A trace file is input like any other: real corpus files, edited the way a hostile or careless
// user would, are refused before anything runs with one line per problem naming the JSON path
// inside the trace, never a TypeError from deep inside the compiler or the simulator.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTraceFile, TraceFileError } from '../engine/traceFile.js';
import { replayTrace } from './replay.js';

const corpus = join(import.meta.dirname, '..', '..', 'properties', 'corpus');
/** xenserver-ha two-host: h2 crashes at 10 s; switches sw1, vmsw, stsw; services at home on h1 and h2. */
const TWO_HOST = 'xs-1-two-host-survivor-fences-seed-2009.json';
/** keepalived two-routers: the network splits r1|r2 at 10 s. */
const ROUTERS = 'ka-2-partition-dual-master.json';

/** A corpus file as plain JSON, to edit the way a text editor would. */
function doc(name: string) {
  return JSON.parse(readFileSync(join(corpus, name), 'utf8'));
}

/** The problem lines replaying an edited trace gives (it must be refused as bad input). */
function problems(edited: unknown): string[] {
  try {
    replayTrace(parseTraceFile(JSON.stringify(edited), 'f.json'), undefined, 'f.json');
  } catch (error) {
    if (error instanceof TraceFileError) return error.message.split('\n');
    throw error;
  }
  throw new Error('the edited trace was replayed');
}

describe('a trace file is checked like a topology file', () => {
  it('the topology through the schema: a missing id, NICs that are not a list', () => {
    const noId = doc(TWO_HOST);
    delete noId.topology.switches[0].id;
    expect(problems(noId)).toEqual(['f.json: topology.switches[0].id: missing; expected this required field']);
    const nics = doc(TWO_HOST);
    nics.topology.hosts[0].nics = 5;
    expect(problems(nics)).toEqual(['f.json: topology.hosts[0].nics: expected a list, found 5']);
    const extra = doc(TWO_HOST);
    extra.topology.hosts[1].cpu = 4;
    expect(problems(extra)[0]).toMatch(/^f\.json: topology\.hosts\[1\]\.cpu: unknown field `cpu`/);
  });

  it('a design the model cannot run, as for a topology file: one line, not a bug (exit 70)', () => {
    const noService = doc(ROUTERS);
    noService.topology.services = [];
    expect(problems(noService)).toEqual([
      'f.json: topology: keepalived cannot run this design: agent r1 names unknown service vip',
    ]);
  });

  it('the topology through the compiler: ids and references', () => {
    const home = doc(TWO_HOST);
    home.topology.services[0].home = 'h9';
    expect(problems(home)).toEqual([
      expect.stringMatching(/^f\.json: topology\.services\[0\]\.home: unknown host `h9`.*\(hosts: h1, h2\)$/),
    ]);
    const twice = doc(TWO_HOST);
    twice.topology.switches[1].id = 'sw1';
    expect(problems(twice).join('\n')).toMatch(/f\.json: topology\.switches\[1\]\.id: .*sw1/);
  });

  it("settings through the model's keys, types and ranges", () => {
    const bad = doc(TWO_HOST);
    bad.config.timeoutMS = 30_000;
    bad.config.hostBootMs = '120s';
    bad.config.vmBootMs = -5;
    bad.config.profile = 'xhaa';
    const lines = problems(bad);
    expect(lines).toHaveLength(4);
    expect(lines).toContainEqual(
      expect.stringMatching(/^f\.json: config\.timeoutMS: not a setting of xenserver-ha; did you mean `timeoutMs`\?/),
    );
    expect(lines).toContainEqual('f.json: config.hostBootMs: expected whole milliseconds, found `120s`');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^f\.json: config\.vmBootMs: expected a duration in whole milliseconds from .*, found `-5`$/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^f\.json: config\.profile: expected one of .*; did you mean `xha`\?$/),
    );
  });

  it('schedule targets: every id must exist, a partition is never rewritten', () => {
    const sw = doc(TWO_HOST);
    sw.schedule[0] = { at: 10_000, fault: 'switch-down', target: 'sw9' };
    expect(problems(sw)).toEqual([
      expect.stringMatching(
        /^f\.json: schedule\[0\]\.target: unknown target `sw9` for switch-down; did you mean `sw1`\? \(targets: sw1, vmsw, stsw\)$/,
      ),
    ]);
    const unknownHost = doc(ROUTERS);
    unknownHost.schedule[0].target = 'r1|r9';
    expect(problems(unknownHost)).toEqual([
      'f.json: schedule[0].target: unknown host `r9` in partition `r1|r9`; did you mean `r1`? (hosts: r1, r2)',
    ]);
    const twice = doc(ROUTERS);
    twice.schedule[0].target = 'r1|r1,r2';
    expect(problems(twice)).toEqual([
      'f.json: schedule[0].target: host `r1` is in two groups of `r1|r1,r2`; expected each host once',
    ]);
    const oneGroup = doc(ROUTERS);
    oneGroup.schedule[0].target = 'r1,r2';
    expect(problems(oneGroup)[0]).toMatch(/^f\.json: schedule\[0\]\.target: expected two or more groups of host ids/);
  });

  it('schedule times: whole non-negative milliseconds, in order, inside the run; the run bounded', () => {
    const late = doc(TWO_HOST);
    late.schedule = [
      { at: 20_000, fault: 'host-crash', target: 'h2' },
      { at: 10_000, fault: 'host-boot', target: 'h2' },
      { at: late.endMs + 1, fault: 'host-crash', target: 'h1' },
    ];
    expect(problems(late)).toEqual([
      'f.json: schedule[1].at: 10000 ms is before schedule[0] (20000 ms); expected steps in time order',
      `f.json: schedule[2].at: ${late.endMs + 1} ms is after the end of the run (endMs ${late.endMs}); the step would never happen`,
    ]);
    const odd = doc(TWO_HOST);
    odd.schedule = [
      { at: 1.5, fault: 'host-crash', target: 'h2' },
      { at: 10_000, fault: 'host-melts', target: 'h2' },
      { at: 10_000, fault: 'host-crash', target: 'h2', extra: 1 },
    ];
    expect(problems(odd)).toEqual([
      'f.json: schedule[0].at: expected milliseconds (a whole number ≥ 0), found 1.5',
      'f.json: schedule[1].fault: expected a fault name, found "host-melts"',
      'f.json: schedule[2].extra: unknown field (a step has at, fault, target)',
    ]);
    const long = doc(TWO_HOST);
    long.endMs = 1e15;
    expect(problems(long)).toEqual([
      'f.json: endMs: expected at most 604800000 ms (7 days of simulated time), found 1000000000000000',
    ]);
  });

  it('properties, preset and model must exist for the model (bad input, not a mismatch)', () => {
    const property = doc(TWO_HOST);
    property.violations[0].property = 'noUnnecesaryFence';
    expect(problems(property)).toEqual([
      expect.stringMatching(
        /^f\.json: violations\[0\]\.property: xenserver-ha has no property `noUnnecesaryFence`; did you mean `noUnnecessaryFence`\?/,
      ),
    ]);
    const judged = doc(TWO_HOST);
    judged.properties.push('noDualActive');
    expect(problems(judged)).toEqual(['f.json: properties[5]: `noDualActive` is listed twice; expected each once']);
    const preset = doc(TWO_HOST);
    preset.preset = 'two-hosts';
    expect(problems(preset)).toEqual([
      expect.stringMatching(
        /^f\.json: preset: xenserver-ha has no preset `two-hosts`; did you mean `two-host`\? \(presets: /,
      ),
    ]);
    const model = doc(TWO_HOST);
    model.model.name = 'xenserverha';
    expect(problems(model)[0]).toMatch(
      /^f\.json: model\.name: unknown model `xenserverha`; did you mean `xenserver-ha`\?/,
    );
  });

  it('a trace of a topology file (no preset) carries its own topology and replays', () => {
    const own = doc(TWO_HOST);
    own.preset = null;
    own.topology.name = 'my-two-host';
    const outcome = replayTrace(parseTraceFile(JSON.stringify(own), 'f.json'), undefined, 'f.json');
    expect(outcome.sameViolations).toBe(true);
    expect(outcome.sameTimeline).toBe(true);
  });

  it('every problem at once, one line each', () => {
    const many = doc(TWO_HOST);
    many.topology.hosts[0].nics = 5;
    many.config.timeoutMS = 1;
    many.schedule[0].at = -1;
    many.search = { seed: 1, path: '', runs: 'x' };
    const lines = problems(many);
    expect(lines).toEqual([
      'f.json: search.runs: expected a whole number ≥ 0, found "x"',
      'f.json: schedule[0].at: expected milliseconds (a whole number ≥ 0), found -1',
    ]);
    many.schedule[0].at = 10_000;
    many.search = null;
    expect(problems(many)).toEqual([
      'f.json: topology.hosts[0].nics: expected a list, found 5',
      expect.stringMatching(/^f\.json: config\.timeoutMS: not a setting of xenserver-ha/),
    ]);
  });
});
