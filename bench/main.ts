// `npm run bench`: every benchmark in one process (a benchmark, not a test: nothing fails on a slow
// machine) — the foundation's figures, every model's preset, explore --depth 2, keepalived's ten
// minutes against real time, the sweep on two
// threads against one, and start-up. Prints the tables, or with --json one JSON object
// (bench/report.ts; its fields are explained in docs/performance.md). --quick keeps it under a minute.
//   npm run bench [-- --quick] [-- --json]     (HAFAULT_BENCH_RUNS, HAFAULT_BENCH_SWEEP_RUNS,
//                                               HAFAULT_BENCH_DEPTH change the sizes)
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { bundleStatus } from '../build/stamp.js';
import { buildJs } from '../build/bundle.js';
import { exploreLines, measureExplore } from './explore.js';
import { keepalivedLine, measureKeepalived } from './keepalived.js';
import { peakRss, RUNS } from './measure.js';
import { measureModels, modelsLines } from './models.js';
import { benchReport } from './report.js';
import { foundationLines, measureFoundation } from './run.js';
import { measureStartup, startupLines } from './startup.js';
import { measureSweep, sweepLines } from './sweep.js';

const root = join(import.meta.dirname, '..');
const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const runs = quick ? env('HAFAULT_BENCH_RUNS', 2_000) : RUNS;
const sweepRuns = env('HAFAULT_BENCH_SWEEP_RUNS', quick ? 2_500 : 10_000);
/** Tables as they are measured (to stdout), or nothing but the JSON object at the end. */
const print = (lines: readonly string[]) => {
  if (!json) process.stdout.write(lines.map((l) => `${l}\n`).join(''));
};

/** Start-up and the sweep run the package's build: it must be the sources' (a build takes about a second). */
async function ensureBundle(): Promise<void> {
  const status = bundleStatus(root);
  if (status.current) return;
  process.stderr.write(`bench: building dist/ first (${status.why})\n`);
  await buildJs();
}

const loadAverage = loadavg();
await ensureBundle();
const wall0 = performance.now();
const cpu0 = process.cpuUsage();
const foundation = measureFoundation(runs, quick ? 500_000 : 2_000_000);
const cpu = process.cpuUsage(cpu0);
/** CPU seconds over wall seconds of the single-thread figures: below about 0.9 the machine's load depressed them. */
const coreShare = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
print([...foundationLines(foundation), `${peakRss()}; this process got ${coreShare.toFixed(2)} of a core`, '']);
const models = measureModels(runs);
print([...modelsLines(models, runs), peakRss(), '']);
const explore = measureExplore();
print(exploreLines(explore));
const keepalived = measureKeepalived(quick ? 50 : 200);
print([keepalivedLine(keepalived), '']);
await ensureBundle(); // sources edited while the benchmark ran would make the bin run them through tsx
const sweep = measureSweep(root, sweepRuns, quick ? 1 : 2);
print(sweepLines(sweep));
await ensureBundle();
const startup = measureStartup(root, quick ? 3 : 5);
print(startupLines(startup));
if (json)
  process.stdout.write(
    `${JSON.stringify(benchReport({ quick, foundation, coreShare, models, explore, keepalived, sweep, startup, loadAverage }), null, 2)}\n`,
  );
