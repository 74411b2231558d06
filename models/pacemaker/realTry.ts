// Try the real Pacemaker lab by hand (no CLI wiring yet: `conform --model pacemaker` comes with the
// model). As root:
//   npx tsx models/pacemaker/realTry.ts --schedule "at 5s: cut-link n1|n2" --runs 3
//   npx tsx models/pacemaker/realTry.ts --delay-base n1=5s --schedule "at 5s: cut-link n1|n2"
//   npx tsx models/pacemaker/realTry.ts --qdevice ffsplit --schedule "at 5s: cut-link n1|n2"
// Prints each run's timeline and outcome; --json FILE writes the observations. Exit 2 on bad input.
import { writeFileSync } from 'node:fs';
import { DEFAULT_REAL_SETTINGS, labNodes, MAX_LAB_NODES, type RealClusterSettings } from './realConfig.js';
import { RealLabError, runPacemakerLab } from './real.js';
import type { RealObservation } from './realObservation.js';
import { describeEvent } from './realOutcome.js';
import { parseDurationMs, parseSchedule, type RealStep } from './realSchedule.js';

interface TryArgs {
  settings: RealClusterSettings;
  schedule: RealStep[];
  runs: number;
  json: string | null;
  quiet: boolean;
}

const USAGE = `usage: realTry.ts --schedule "at 5s: cut-link n1|n2; at 20s: boot n2" [--runs N]
  [--nodes 2..4] [--token 3s] [--no-two-node] [--no-wfa] [--wfa] [--qdevice ffsplit|lms] [--lms]
  [--lms-window 10s] [--delay-base n1=5s]
  [--delay-max n2=2s] [--dummy] [--prefer n1] [--reboot-after 10s] [--bmc-delay 500ms] [--tail 20s]
  [--json FILE] [--quiet]`;

type Mutable = { -readonly [K in keyof RealClusterSettings]: RealClusterSettings[K] };

/** Flags that set one setting from the value after them (or none). */
const SETTING_FLAGS: Readonly<Record<string, (s: Mutable, v: Value) => void>> = {
  '--token': (s, v) => (s.tokenMs = v.ms()),
  '--no-two-node': (s) => (s.twoNode = false),
  '--no-wfa': (s) => (s.waitForAll = false),
  '--wfa': (s) => (s.waitForAll = true),
  '--qdevice': (s, v) => {
    const a = v.text();
    if (a === 'ffsplit' || a === 'lms') [s.qdevice, s.twoNode] = [a, false];
    else v.problem(`expected ffsplit or lms, got ${a || 'nothing'}`);
  },
  '--delay-base': (s, v) => (s.fenceDelayBaseMs = v.perNode(s.fenceDelayBaseMs)),
  '--delay-max': (s, v) => (s.fenceDelayMaxMs = v.perNode(s.fenceDelayMaxMs)),
  '--nodes': (s, v) => (s.nodes = Number(v.text())),
  '--lms': (s) => (s.lastManStanding = true),
  '--lms-window': (s, v) => (s.lastManStandingWindowMs = v.ms()),
  '--dummy': (s) => (s.resources = 'dummy'),
  '--prefer': (s, v) => (s.groupPrefers = v.text()),
  '--reboot-after': (s, v) => (s.rebootAfterFenceMs = v.ms()),
  '--bmc-delay': (s, v) => (s.bmcDelayMs = v.ms()),
  '--tail': (s, v) => (s.tailMs = v.ms()),
};

interface Value {
  text(): string;
  ms(): number;
  perNode(into: readonly number[]): number[];
  problem(text: string): void;
}

function valueReader(flag: string, take: () => string | undefined, problems: string[]): Value {
  const problem = (text: string) => problems.push(`${flag}: ${text}`);
  const toMs = (v: string | undefined) => {
    const n = v === undefined ? null : parseDurationMs(v);
    if (n === null) problem(`expected a duration such as 5s or 500ms, got ${v ?? 'nothing'}`);
    return n ?? 0;
  };
  return {
    text: () => take() ?? '',
    ms: () => toMs(take()),
    perNode: (into) => {
      const v = take() ?? '';
      const [node, d] = v.split('=');
      const names = labNodes(MAX_LAB_NODES);
      const i = names.indexOf(node);
      const copy = names.map((_, k) => into[k] ?? 0);
      if (i < 0) problem(`expected <node>=<duration> with node ${names.join(', ')}, got ${v || 'nothing'}`);
      else copy[i] = toMs(d);
      return copy;
    },
    problem,
  };
}

function parseArgs(argv: readonly string[]): TryArgs | string[] {
  const s: Mutable = { ...DEFAULT_REAL_SETTINGS };
  const out: TryArgs = { settings: s, schedule: [], runs: 1, json: null, quiet: false };
  const problems: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const take = () => argv[++i];
    if (flag in SETTING_FLAGS) SETTING_FLAGS[flag](s, valueReader(flag, take, problems));
    else if (flag === '--schedule') {
      const r = parseSchedule(take() ?? '');
      if ('problems' in r) problems.push(...r.problems.map((p) => `--schedule: ${p}`));
      else out.schedule.push(...r.steps);
    } else if (flag === '--runs') {
      out.runs = Number(take());
      if (!Number.isSafeInteger(out.runs) || out.runs < 1) problems.push('--runs: expected a whole number ≥ 1');
    } else if (flag === '--json') out.json = take() ?? null;
    else if (flag === '--quiet') out.quiet = true;
    else problems.push(`${flag}: unknown option\n${USAGE}`);
  }
  out.schedule.sort((a, b) => a.atMs - b.atMs);
  return problems.length > 0 ? problems : out;
}

function summary(o: RealObservation): string {
  const f = o.outcome;
  const fenced = f.fenced.map((x) => `${x.by}→${x.target} at +${x.atMs} ms`).join(', ') || 'nobody fenced';
  const failed =
    f.fenceFailures.length > 0
      ? `; failed fencing: ${f.fenceFailures.map((x) => `${x.by}→${x.target} +${x.atMs}`).join(', ')}`
      : '';
  return `settled in ${o.settleMs} ms; ${fenced}${failed}; ${f.mutualFencing ? 'MUTUAL FENCING; ' : ''}alive at the end: ${f.alive.join(', ') || 'none'}; group on ${f.groupOn.join(', ') || 'no node'}; dual active ${f.dualActiveMs} ms${o.warnings.length ? `; warnings: ${o.warnings.join(' | ')}` : ''}`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (Array.isArray(args)) {
    for (const p of args) process.stderr.write(`${p}\n`);
    return 2;
  }
  const observations: RealObservation[] = [];
  for (let r = 1; r <= args.runs; r++) {
    try {
      const { observation } = await runPacemakerLab({
        settings: args.settings,
        schedule: args.schedule,
        say: (l) => process.stderr.write(`${l}\n`),
      });
      observations.push(observation);
      if (!args.quiet) for (const e of observation.events) process.stdout.write(`${describeEvent(e)}\n`);
      process.stdout.write(`run ${r}: ${summary(observation)}\n`);
      if (args.json !== null) writeFileSync(args.json, JSON.stringify(observations, null, 2) + '\n');
    } catch (e) {
      process.stderr.write(`${(e as Error).message}\n`);
      return e instanceof RealLabError ? 2 : 1;
    }
  }
  return 0;
}

process.exitCode = await main();
