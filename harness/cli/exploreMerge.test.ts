// `explore --shard i/n` and mergeExploreJson: n shards together, merged, give the unsharded
// result — status, completeness, each violated property with its witness schedule, and the counts,
// recomputed from the shards' logs (shardReplay.ts) — and where the logs cannot be replayed
// exactly, counts that say they are sums (a state reached in two shards is counted in both).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runExplore, type ExploreFlags, type ExploreJson } from './explore.js';
import { mergeExploreJson, type ExploreDocument } from './exploreMerge.js';
import { UsageError } from './common.js';

const out = mkdtempSync(join(tmpdir(), 'hafault-explore-merge-'));

function explore(
  model: string,
  preset: string,
  depth: number,
  keepGoing: boolean,
  shard?: string,
  more: Partial<ExploreFlags> = {},
): ExploreDocument {
  let text = '';
  const flags: ExploreFlags = {
    model,
    preset,
    set: [],
    depth,
    instants: 'coarse',
    property: [],
    keepGoing,
    json: true,
    out,
    ...(shard ? { shard } : {}),
    ...more,
  };
  runExplore(
    flags,
    (s) => (text += s),
    () => {},
    () => {},
  );
  return JSON.parse(text) as ExploreDocument;
}

/** The counts, timing fields left out. */
const counts = (r: ExploreJson) => ({ ...r.stats, seconds: 0, schedulesPerSecond: 0, distinctStatesPerSecond: 0 });

/** What a merge must reproduce exactly besides the counts: everything but timings and trace paths. */
function verdicts(r: ExploreJson) {
  return {
    model: r.model,
    preset: r.preset,
    depth: r.depth,
    status: r.status,
    complete: r.complete,
    truncated: r.truncated,
    choices: r.choices,
    symmetries: r.symmetries,
    timing: r.timing,
    violations: r.violations.map(({ traceFile: _file, ...v }) => v),
  };
}

const cases: [string, string, number, boolean][] = [
  // Cross-shard merges: the shards' counts add up to more than the unsharded search's.
  ['everrun', 'crossover', 2, true],
  ['everrun', 'crossover', 3, true],
  // Stops at the first violation: the merged result is the first violating run's.
  ['xenserver-ha', 'bonded-mirrored-san', 1, false],
];

describe('explore --shard and mergeExploreJson', () => {
  for (const [model, preset, depth, keepGoing] of cases) {
    const one = explore(model, preset, depth, keepGoing).results[0];
    const whole = explore(model, preset, depth, keepGoing, '1/1').results[0];
    for (const n of [2, 3]) {
      it(`${model}/${preset} depth ${depth}${keepGoing ? ' --keep-going' : ''}: ${n} shards merged give the unsharded verdicts`, () => {
        const shards = Array.from({ length: n }, (_, i) => explore(model, preset, depth, keepGoing, `${i + 1}/${n}`));
        // Given in reverse order: the merge sorts shards by index.
        const merged = mergeExploreJson(shards.reverse()).results[0];
        expect(one.violations.length).toBeGreaterThan(0);
        expect(verdicts(merged)).toEqual(verdicts(one));
        expect(merged.shards).toBeUndefined();
        expect(counts(merged)).toEqual(counts(one));
        if (keepGoing) {
          // Every first-level schedule is in exactly one shard, round robin.
          const firstLevel = shards.map((d) => d.results[0].shard!.firstLevelSchedules);
          expect(firstLevel.reduce((t, k) => t + k, 0)).toBe(whole.shard!.firstLevelSchedules);
          expect(Math.max(...firstLevel) - Math.min(...firstLevel)).toBeLessThanOrEqual(1);
          // Not exact by adding up: the shards' own counts overlap (the fault-free run, and states
          // reached under first faults of different shards).
          const sum = shards.reduce((t, d) => t + d.results[0].stats.distinctStates, 0);
          expect(sum).toBeGreaterThan(one.stats.distinctStates + (n - 1) * whole.shard!.common.distinctStates);
        }
      });
    }
  }

  it('without --keep-going, what a shard met deeper than the first violation is not the unsharded answer', () => {
    const one = explore('xenserver-ha', 'bonded-mirrored-san', 1, false).results[0];
    const [s1, s2] = [1, 2].map((i) => explore('xenserver-ha', 'bonded-mirrored-san', 1, false, `${i}/2`));
    const depth = one.violations[0].faults;
    // One shard's own part, had it held at that depth, would have gone on and met, deeper, a run
    // that never settles and --max-states: both beyond where the unsharded search stops.
    const deeper = s1.results[0].violations.length > 0 ? s2 : s1;
    const schedule = [...one.violations[0].schedule, ...one.violations[0].schedule];
    const r = deeper.results[0];
    const edited: ExploreDocument = {
      results: [
        {
          ...r,
          violations: [],
          complete: false,
          truncated: true,
          stoppedAt: { maxStates: 10, distinctStates: 10, depth: depth + 1 },
          oscillation: { ...(one.oscillation ?? {}), schedule } as NonNullable<ExploreJson['oscillation']>,
        },
      ],
    };
    const merged = mergeExploreJson([deeper === s1 ? edited : s1, deeper === s2 ? edited : s2]).results[0];
    expect(merged.status).toBe('violated');
    expect(merged.oscillation).toBeUndefined();
    expect(merged.truncated).toBe(false);
    expect(merged.stats.depthReached).toBe(depth);
  });

  it('where the logs cannot be replayed, the counts are sums and say why', () => {
    // The unsharded search stops at --max-states inside a run no shard stopped in: its verdict is unknown.
    const [one, s1, s2] = [undefined, '1/2', '2/2'].map(
      (s) => explore('everrun', 'crossover', 2, true, s, { maxStates: 300 }).results[0],
    );
    const merged = mergeExploreJson([{ results: [s1] }, { results: [s2] }]).results[0];
    expect(merged.shards).toMatchObject({ count: 2, statsAreSums: true, why: expect.stringContaining('--max-states') });
    expect(merged.stats.distinctStates).toBeGreaterThan(one.stats.distinctStates);
    // A shard document without its log (an older hafault's) merges the same way.
    const { log: _log, ...bare } = s2.shard!;
    const old = mergeExploreJson([{ results: [s1] }, { results: [{ ...s2, shard: bare } as ExploreJson] }]).results[0];
    expect(old.shards?.why).toBe('a shard document without its search log');
  });

  it('one shard of one is the unsharded search, counts included', () => {
    const one = explore('everrun', 'crossover', 2, true).results[0];
    const merged = mergeExploreJson([explore('everrun', 'crossover', 2, true, '1/1')]).results[0];
    expect(counts(merged)).toEqual(counts(one));
    expect(verdicts(merged)).toEqual(verdicts(one));
  });

  it("a shard's summary says which part it explored, and claims no more than its part", () => {
    let text = '';
    const flags: ExploreFlags = {
      model: 'everrun',
      preset: 'crossover',
      set: [],
      depth: 2,
      instants: 'coarse',
      property: [],
      keepGoing: true,
      shard: '2/3',
      out,
    };
    runExplore(
      flags,
      (s) => (text += s),
      () => {},
      () => {},
    );
    expect(text).toMatch(/shard 2\/3: \d+ of the first-level schedules/);
    expect(text).toContain('(no shorter schedule of this shard violates it)');
    expect(text).not.toContain('(no shorter schedule violates it)');
  });

  it('refuses a missing shard, a shard given twice, and a document that is no shard', () => {
    const s1 = explore('vmware-ha', 'three-hosts', 1, true, '1/3');
    const s2 = explore('vmware-ha', 'three-hosts', 1, true, '2/3');
    const plain = explore('vmware-ha', 'three-hosts', 1, true);
    const problems = (docs: ExploreDocument[]) => {
      try {
        mergeExploreJson(docs);
      } catch (e) {
        if (e instanceof UsageError) return e.problems.join('\n');
        throw e;
      }
      return 'merged';
    };
    expect(problems([s1, s2])).toBe('vmware-ha/three-hosts: shard 3/3 missing');
    expect(problems([s1, s2, s2])).toContain('shard 2/3 given twice');
    expect(problems([s1, plain])).toContain('a document is not a shard');
    expect(problems([])).toBe('no explore documents given');
    // Shards of another run: each of these alone changes the verdict or where the search stops.
    const s3 = (more: Partial<ExploreFlags>) => explore('vmware-ha', 'three-hosts', 1, true, '3/3', more);
    expect(problems([s1, s2, s3({ property: ['noDualActive'] })])).toContain('differs in --property');
    expect(problems([s1, s2, s3({ maxStates: 100 })])).toContain('differs in --max-states');
  });

  it("names each shard's trace files after the shard, so shards sharing a folder keep their own", () => {
    const paths = [1, 2].flatMap((i) =>
      explore('everrun', 'crossover', 2, true, `${i}/2`).results[0].violations.map((v) => v.traceFile),
    );
    expect(paths.length).toBeGreaterThan(1);
    for (const path of paths) expect(path).toMatch(/everrun\.crossover\.explore\.shard-[12]-of-2\.\w+\.json$/);
    expect(new Set(paths).size).toBe(paths.length);
  });
});
