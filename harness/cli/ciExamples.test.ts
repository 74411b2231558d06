// The CI examples of docs/scale-out.md (examples/ci/) read as their platforms read them, and their
// shard arithmetic agrees with `--shard`: every job or pod passes a shard the CLI accepts, together
// they pass 1/N..N/N once each, and the merge waits for (or downloads) exactly those N documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { parseShard } from './shard.js';

const ci = join(import.meta.dirname, '..', '..', 'examples', 'ci');
const read = (name: string) => readFileSync(join(ci, name), 'utf8');

/** The shards a list of `--shard` arguments names, parsed by the CLI's own parser. */
const shardsOf = (args: readonly string[]) => args.map((a) => parseShard(a)!);

const everyShardOnce = (shards: readonly { index: number; count: number }[], n: number) => {
  expect(shards.map((s) => s.count)).toEqual(shards.map(() => n));
  expect(shards.map((s) => s.index).sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k + 1));
};

type Step = { run?: string; uses?: string; with?: Record<string, unknown> };

describe('examples/ci/github-actions-matrix.yml', () => {
  const workflow = parse(read('github-actions-matrix.yml')) as {
    env: { SHARDS: number; CHECK: string };
    jobs: {
      shard: { strategy: { matrix: { shard: number[] } }; steps: Step[] };
      merge: { needs: string; steps: Step[] };
    };
  };

  it('a matrix job per shard, each passing --shard <index>/$SHARDS as the CLI reads it', () => {
    const n = workflow.env.SHARDS;
    const { shard } = workflow.jobs;
    const run = shard.steps.map((s) => s.run ?? '').find((r) => r.includes('--shard'))!;
    expect(run).toContain('$CHECK --shard ${{ matrix.shard }}/$SHARDS --json');
    expect(workflow.env.CHECK).toMatch(/^npx hafault check /);
    const args = shard.strategy.matrix.shard.map(
      (i) => /--shard (\S+)/.exec(run.replace('${{ matrix.shard }}', String(i)).replace('$SHARDS', String(n)))![1],
    );
    everyShardOnce(shardsOf(args), n);
  });

  it('uploads each document, and the merge job downloads them and runs merge (failing on exit 1)', () => {
    const upload = workflow.jobs.shard.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
    expect(String(upload.with!.path)).toContain('shard-${{ matrix.shard }}.json');
    expect(upload.with!.name).toBe('hafault-shard-${{ matrix.shard }}');
    const merge = workflow.jobs.merge;
    expect(merge.needs).toBe('shard');
    expect(merge.steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!.with!.pattern).toBe(
      'hafault-shard-*',
    );
    // No `|| true` and no continue-on-error: merge's exit 1 fails the job.
    const run = merge.steps.map((s) => s.run ?? '').find((r) => r.includes('hafault merge'))!;
    expect(run).toBe('npx hafault merge shard-*.json > hafault-check.json');
  });
});

describe('examples/ci/kubernetes-indexed-job.yaml', () => {
  const docs = parseAllDocuments(read('kubernetes-indexed-job.yaml')).map((d) => d.toJS()) as {
    kind: string;
    metadata: { name: string };
    spec: Record<string, unknown> & {
      template: {
        spec: { containers: { args: string[] }[]; initContainers?: { args: string[] }[] };
      };
    };
  }[];
  const [sweep, merge] = docs.filter((d) => d.kind === 'Job');

  it('an Indexed Job: completion index i is --shard $((i+1))/N, N its completions', () => {
    expect(sweep.spec.completionMode).toBe('Indexed');
    const n = sweep.spec.completions as number;
    expect(sweep.spec.parallelism).toBe(n);
    const script = sweep.spec.template.spec.containers[0].args[0];
    expect(script).toContain('i=$((JOB_COMPLETION_INDEX + 1));');
    const arg = /--shard (\S+)/.exec(script)![1];
    expect(arg).toBe(`$i/${n}`);
    // The shell's arithmetic, done here for every index the Job hands out.
    const args = Array.from({ length: n }, (_, index) => arg.replace('$i', String(index + 1)));
    everyShardOnce(shardsOf(args), n);
    expect(script).toMatch(/^i=\$\(\(JOB_COMPLETION_INDEX \+ 1\)\); npx hafault sweep /);
  });

  it('the merge Job waits for the N documents on the shared volume and merges them', () => {
    const n = sweep.spec.completions as number;
    expect(merge.spec.template.spec.initContainers![0].args[0]).toContain(`-ge ${n} ]`);
    // The merged document kept on the volume and shown in the log; the Job fails as merge exits.
    expect(merge.spec.template.spec.containers[0].args[0]).toBe(
      'npx hafault merge /shards/shard-*.json > /shards/sweep.json; code=$?; cat /shards/sweep.json; exit $code',
    );
    expect(docs.find((d) => d.kind === 'PersistentVolumeClaim')!.metadata.name).toBe('hafault-shards');
  });
});
