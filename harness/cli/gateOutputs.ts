// The CI outputs of a gate command (check, explore, spof), written one way: `--junit FILE` (JUnit
// XML), `--summary FILE` (markdown for a job summary), and, when GITHUB_ACTIONS=true, one workflow
// command per finding. GitHub documents that the runner reads workflow commands from stdout, so they
// follow the command's normal output there; with --json, stdout stays pure JSON and they go to
// stderr instead, which the runner reads too (observed, not documented: see docs/commands/check.md).
import { annotationLines } from '../../reports/annotations.js';
import type { GateReport } from '../../reports/gate.js';
import { gateSummary } from '../../reports/gateSummary.js';
import { junitXml } from '../../reports/junit.js';
import { writeFileAtomic } from '../runners/files.js';
import type { OutputSpec } from './outputs.js';

export interface GateFlags {
  readonly junit?: string;
  readonly summary?: string;
  readonly json?: boolean;
}

/** The two files, for checkOutputs before any work (a clash with --out or an input is refused there too). */
export function gateOutputSpecs(flags: GateFlags): OutputSpec[] {
  return [
    { flag: '--junit', path: flags.junit, kind: 'file' },
    { flag: '--summary', path: flags.summary, kind: 'file' },
  ];
}

/** Writes the files asked for; returns their paths, for the `wrote …` line. */
export function writeGateFiles(report: GateReport, flags: GateFlags): string[] {
  const written: string[] = [];
  if (flags.junit !== undefined) {
    writeFileAtomic(flags.junit, junitXml(report));
    written.push(flags.junit);
  }
  if (flags.summary !== undefined) {
    writeFileAtomic(flags.summary, gateSummary(report));
    written.push(flags.summary);
  }
  return written;
}

/** GitHub sets GITHUB_ACTIONS=true in every step; elsewhere no workflow command is printed. */
export const inGitHubActions = (env: NodeJS.ProcessEnv = process.env): boolean => env.GITHUB_ACTIONS === 'true';

/** The annotations of `report` (nothing outside GitHub Actions): on stdout after the output, or on stderr with --json. */
export function emitAnnotations(
  report: GateReport,
  json: boolean,
  write: (s: string) => void,
  warn: (line: string) => void,
  env: NodeJS.ProcessEnv = process.env,
): void {
  if (!inGitHubActions(env)) return;
  const lines = annotationLines(report);
  if (json) lines.forEach((l) => warn(l));
  else if (lines.length > 0) write(lines.map((l) => `${l}\n`).join(''));
}
