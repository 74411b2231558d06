// What `conform` says when it removes what killed runs left behind: before every run (on stderr, so
// that --json output stays one document) and on demand with `conform --cleanup`. One line per thing
// removed, under a line naming the run and its owner, so that a user sees exactly what went and why
// it was safe (its process is gone); runs still going and untagged names are named, never touched.
import { removeRun, scanLabs, type LabScan, type Removal } from '../lab/stale.js';

const VERB = { process: 'killed process', namespace: 'deleted namespace', directory: 'deleted folder' } as const;

function line(r: Removal): string {
  const what = `${VERB[r.kind]} ${r.name}`;
  const detail = r.detail === '' ? '' : r.kind === 'process' ? `: ${r.detail}` : ` (${r.detail})`;
  if (r.failure !== undefined) return `  ✗ could not remove ${r.kind} ${r.name}${detail}: ${r.failure}`;
  return `  ${what}${detail}`;
}

/** Removes every stale run, printing as it goes; returns what was removed and what could not be. */
export function removeLeftovers(print: (line: string) => void): { scan: LabScan; removals: Removal[] } {
  const scan = scanLabs();
  const removals: Removal[] = [];
  for (const run of scan.stale) {
    print(`removing what conform run ${run.prefix} left behind (its process, pid ${run.owner.pid}, is gone):`);
    removeRun(run, (r) => {
      removals.push(r);
      print(line(r));
    });
  }
  return { scan, removals };
}

/** `conform --cleanup`: true when nothing is left that should have been removed. */
export function runCleanup(json: boolean, write: (s: string) => void): boolean {
  const lines: string[] = [];
  const { scan, removals } = removeLeftovers(json ? () => undefined : (l) => write(`${l}\n`));
  const failed = removals.filter((r) => r.failure !== undefined);
  if (json) {
    write(`${JSON.stringify(cleanupJson(scan, removals), null, 2)}\n`);
    return failed.length === 0;
  }
  const done = removals.length - failed.length;
  if (scan.stale.length === 0) lines.push('nothing to clean: no conform run whose process is gone left anything here');
  else
    lines.push(
      `removed ${done} thing${done === 1 ? '' : 's'} left by ${scan.stale.length} run${scan.stale.length === 1 ? '' : 's'}${failed.length > 0 ? `; ${failed.length} could not be removed` : ''}`,
    );
  for (const run of scan.live)
    lines.push(`left alone: run ${run.prefix} (its process, pid ${run.owner.pid}, is running)`);
  const { namespaces, directories } = scan.untagged;
  if (namespaces.length + directories.length > 0)
    lines.push(
      `left alone, no owner tag (made by something else, or by a hafault without owner tags; remove by hand if yours): ${[...namespaces.map((n) => `namespace ${n}`), ...directories.map((d) => `folder ${d}`)].join(', ')}`,
    );
  write(`${lines.join('\n')}\n`);
  return failed.length === 0;
}

function cleanupJson(scan: LabScan, removals: readonly Removal[]) {
  const entry = (r: Removal) => ({ run: r.run, ownerPid: r.ownerPid, kind: r.kind, name: r.name, detail: r.detail });
  return {
    removed: removals.filter((r) => r.failure === undefined).map(entry),
    failed: removals.filter((r) => r.failure !== undefined).map((r) => ({ ...entry(r), reason: r.failure })),
    liveRuns: scan.live.map((r) => ({ run: r.prefix, ownerPid: r.owner.pid })),
    untagged: scan.untagged,
  };
}
