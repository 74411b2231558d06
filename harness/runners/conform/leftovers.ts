// What a real run left behind, if anything: namespaces, processes, links or files carrying its
// prefix. Empty after every run, however it ended; the tests hold the driver to that.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { alive } from '../../lab/resources.js';
import { LAB_ENV } from '../../lab/owner.js';
import { outputSync } from '../../lab/shell.js';

export interface RunFootprint {
  readonly prefix: string;
  readonly pids: ReadonlySet<number>;
  readonly dir: string | null;
}

export function leftovers(run: RunFootprint): string[] {
  const out: string[] = [];
  for (const line of outputSync('ip', ['netns', 'list']).split('\n')) {
    const name = line.split(' ')[0];
    if (name.startsWith(run.prefix)) out.push(`namespace ${name}`);
  }
  for (const pid of run.pids) if (alive(pid)) out.push(`process ${pid}`);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let cmdline: string;
    let environ: string;
    try {
      cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replace(/\0/g, ' ');
      environ = readFileSync(`/proc/${entry}/environ`, 'utf8');
    } catch {
      continue;
    }
    // By name on its command line, or by the run's tag in its environment (lab/owner.ts).
    const tagged = environ.split('\0').includes(`${LAB_ENV}=${run.prefix}`);
    if ((cmdline.includes(run.prefix) || tagged) && alive(Number(entry)))
      out.push(`process ${entry}: ${cmdline.trim()}`);
  }
  for (const line of outputSync('ip', ['-o', 'link', 'show']).split('\n'))
    if (line.includes(run.prefix)) out.push(`link in the machine's namespace: ${line.trim()}`);
  if (run.dir !== null && existsSync(run.dir)) out.push(`directory ${run.dir}`);
  return out;
}
