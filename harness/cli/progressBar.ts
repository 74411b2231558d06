// hafault's one progress style: a bar on stderr for long runs (cli-progress), `label ▓▓░░ 40% | 80/200
// schedules | 3s left`. Silent when there is no terminal to draw on or when asked to be quiet, so
// pipes, CI logs and --json consumers never see control characters. Commands report counts through a
// `Tick`; only the command line (program.ts, soakMain.ts) owns a bar.
import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the bar; a later update draws it again (after a warning line, say). */
  stop(): void;
}

/** How a command reports progress: `done` of `total` units so far. */
export type Tick = (done: number, total: number) => void;

/**
 * Where a bar may be drawn: a stream that says whether it is a terminal (process.stderr). Written
 * out rather than as NodeJS.WritableStream so the library's declarations need no @types/node.
 */
export interface ProgressStream {
  write(text: string): unknown;
  readonly isTTY?: boolean;
}

export const SILENT: Progress = { update() {}, stop() {} };

export function progressBar(label: string, unit: string, quiet: boolean, stream: ProgressStream | undefined): Progress {
  if (quiet || stream === undefined || stream.isTTY !== true) return SILENT;
  const bar = new cliProgress.SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: `${label} {bar} {percentage}% | {value}/{total} ${unit} | {eta_formatted} left`,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      }
      if (bar.getTotal() !== total) bar.setTotal(total);
      bar.update(done);
    },
    stop() {
      if (started) bar.stop();
      started = false;
    },
  };
}
