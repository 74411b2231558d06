// Runs one fuzz case through the CLI in-process (runCli) and says what, if anything, is wrong with how
// it ended: a crash (an exception out of runCli), an exit code outside {0, 1, 2, 3, 5}, anything but 2
// for input known to be invalid, a stack trace or a raw error on stderr, JSON output that does not
// parse, too long a run, or a file written anywhere but where the output flags point. Each case gets a
// fresh folder (`in/` its files, `out/` for --out, `cwd/` as the working directory) under a private
// root that is also TMPDIR, so a stray relative or temporary write lands where the listing sees it.
import { lstatSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import fc from 'fast-check';
import { runCli } from '../../harness/cli/program.js';
import { IN, OUT } from './commands.js';
import { shown } from './hostile.js';

export interface FuzzCase {
  /** The input kind: topology, plan, trace, set, flags. */
  readonly kind: string;
  /** What was mutated, in words (JSON paths, values). */
  readonly label: string;
  /** Written into the case's `in/` folder before the run. */
  readonly files: readonly { readonly name: string; readonly bytes: Buffer | string }[];
  /** The command line; `{in}` and `{out}` are the case's folders. */
  readonly argv: readonly string[];
  /** Why the input is known to be invalid (so exit 2 is the only right answer), or null. */
  readonly invalid: string | null;
}

/** A case that fast-check prints as one line (its files by name and size, not their bytes). */
export function fuzzCase(c: FuzzCase): FuzzCase {
  const files = c.files.map((f) => `${f.name} (${f.bytes.length} bytes)`).join(', ');
  return Object.assign({ ...c }, { [fc.toStringMethod]: () => describeCase(c, files) });
}

export function describeCase(c: FuzzCase, files = c.files.map((f) => f.name).join(', ')): string {
  const argv = c.argv.map((a) => (/^[\w./{}=,:-]+$/.test(a) ? a : shown(a))).join(' ');
  return `[${c.kind}] ${c.label}${files ? ` | files: ${files}` : ''} | hafault ${argv}${c.invalid ? ` | invalid: ${c.invalid}` : ''}`;
}

/** Exit codes a command may end with here (4 is conform's, which the fuzzer does not run). */
export const EXIT_CODES: readonly number[] = [0, 1, 2, 3, 5];
/** The longest a case may take: most take milliseconds, the slowest valid one seen 5 s alone and 15 s on a loaded machine. */
export const CASE_LIMIT_MS = Number(process.env.HAFAULT_FUZZ_CASE_MS ?? 60_000);
/** Lines that only a raw exception prints. */
const STACK = [
  /^\s+at .*(:\d+:\d+\)?|\((native|<anonymous>)\))$/m,
  /\b(TypeError|ReferenceError)\b/,
  /^\w*Error: /m,
  /^node:/m,
];

export interface Outcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  readonly crash: string | null;
  readonly strays: readonly string[];
}

/** The case's command line with its folders filled in. */
export function argvOf(c: FuzzCase, dir: string): string[] {
  return c.argv.map((a) => a.replaceAll(IN, join(dir, 'in')).replaceAll(OUT, join(dir, 'out')));
}

/** Every file and folder under `dir` (path → size and mtime; folders by name only). */
function listing(dir: string, out = new Map<string, string>()): Map<string, string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = lstatSync(path);
    out.set(path, st.isDirectory() ? 'dir' : `${st.size}:${st.mtimeMs}`);
    if (st.isDirectory()) listing(path, out);
  }
  return out;
}

/** The places the output flags name: an --out folder and all below it; an --html file and its numbered siblings. */
function allowed(argv: readonly string[], cwd: string): (path: string) => boolean {
  const outs: string[] = [];
  const pages: string[] = [];
  argv.forEach((a, i) => {
    if (a === '--out' && i + 1 < argv.length) outs.push(resolve(cwd, argv[i + 1]));
    if (a === '--html' && i + 1 < argv.length) pages.push(resolve(cwd, argv[i + 1]));
  });
  // The folders above an output that mkdir -p makes count as the output's too.
  const above = (path: string) => [...outs, ...pages].some((o) => o.startsWith(`${path}/`));
  return (path) =>
    above(path) ||
    outs.some((o) => path === o || path.startsWith(`${o}/`)) ||
    pages.some((p) => dirname(path) === dirname(p) && basename(path).startsWith(basename(p, extname(p))));
}

/** Runs the case in `root/case` (created, then removed) and returns how it ended. */
export async function runCase(c: FuzzCase, root: string): Promise<Outcome> {
  const dir = join(root, 'case');
  const cwd = join(dir, 'cwd');
  for (const d of ['in', 'out', 'cwd']) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, 'in', 'afile'), 'a file where a folder is expected\n');
  for (const f of c.files) writeFileSync(join(dir, 'in', f.name), f.bytes);
  const argv = argvOf(c, dir);
  const before = listing(root);
  let stdout = '';
  let stderr = '';
  let code: number | null = null;
  let crash: string | null = null;
  const home = process.cwd();
  const started = performance.now();
  process.chdir(cwd);
  try {
    code = await runCli(argv, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
  } catch (error) {
    crash = error instanceof Error ? `${error.name}: ${error.message.split('\n')[0]}` : String(error);
  } finally {
    process.chdir(home);
  }
  const ms = performance.now() - started;
  const ok = allowed(argv, cwd);
  const after = listing(root);
  const changed = [...after].filter(([path, stat]) => before.get(path) !== stat).map(([path]) => path);
  const removed = [...before.keys()].filter((path) => !after.has(path));
  const strays = [...changed, ...removed]
    .filter((path) => !ok(path))
    .map((path) => path.replace(dir, '<case>').replace(root, '<root>'));
  rmSync(dir, { recursive: true, force: true });
  for (const name of readdirSync(join(root, 'tmp'))) rmSync(join(root, 'tmp', name), { recursive: true, force: true });
  return { code, stdout, stderr, ms, crash, strays };
}

/** What is wrong with how a case ended, one line each (empty: nothing). */
export function problemsOf(c: FuzzCase, o: Outcome): string[] {
  const problems: string[] = [];
  const firstLine = o.stderr.split('\n').find((l) => l.trim() !== '') ?? '';
  if (o.crash !== null) problems.push(`crash: ${o.crash}`);
  else if (!EXIT_CODES.includes(o.code!)) problems.push(`exit ${o.code} (expected one of ${EXIT_CODES.join(', ')})`);
  else if (c.invalid !== null && o.code !== 2)
    problems.push(`exit ${o.code} for invalid input (${c.invalid}); expected 2`);
  if (o.code === 2 && firstLine === '') problems.push('exit 2 without a line on stderr');
  const stack = STACK.find((re) => re.test(o.stderr));
  if (stack) problems.push(`stack trace or raw error on stderr: ${firstLine.slice(0, 200)}`);
  const help = c.argv.includes('--help') || c.argv.includes('-h');
  if (o.code !== 2 && o.crash === null && c.argv.includes('--json') && !help && !parses(o.stdout))
    problems.push(`--json printed no JSON: ${o.stdout.slice(0, 80)}`);
  if (o.ms > CASE_LIMIT_MS) problems.push(`took ${Math.round(o.ms)} ms (limit ${CASE_LIMIT_MS} ms)`);
  if (o.strays.length > 0) problems.push(`wrote outside the output flags: ${o.strays.slice(0, 5).join(', ')}`);
  return problems;
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
