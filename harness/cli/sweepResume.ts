// A sweep that survives being stopped: which flags a `--resume` runs with, the refusal of a checkpoint
// that belongs to another sweep (one line per field that differs), and the session that keeps the
// checkpoint while the sweep runs: written at the start, every few seconds (an event-loop timer marks
// it due; the clock is never read), at the end, and on Ctrl-C, which stops handing out slices, lets the ones
// under way finish, writes the last checkpoint and says how to resume (a second Ctrl-C stops at once,
// keeping the checkpoint already written); SIGTERM does the same and exits 143. Two environment
// variables are test knobs, so that tests need no timing: HAFAULT_CHECKPOINT_EVERY=N writes every N schedules instead of every few seconds;
// HAFAULT_SWEEP_HOLD_AT=N stops once N schedules are tallied, writes the checkpoint, says so on stderr
// and waits for a signal.
import {
  decodeProgress,
  encodeTally,
  IDENTITY_LABELS,
  identityDifferences,
  TallyShapeError,
  type SweepIdentity,
} from '../runners/sweep/checkpoint.js';
import type { SweepPlan } from '../runners/sweep/plan.js';
import type { SweepProgress } from '../runners/sweep/sweep.js';
import { refuseUnused, UsageError } from './common.js';
import {
  checkpointError,
  writeCheckpoint,
  type CheckpointBody,
  type CheckpointRead,
  type StoredFlags,
} from './sweepCheckpoint.js';

/** A sweep stopped by Ctrl-C (128 + SIGINT, the shell's convention); its checkpoint is on disk. */
export const EXIT_INTERRUPTED = 130;
/** A sweep stopped by SIGTERM (128 + 15: `kill`, systemd, a CI runner's timeout); its checkpoint is on disk. */
export const EXIT_TERMINATED = 143;

/** The signals that stop a checkpointed sweep the same way, and what each exits with. */
const STOP_SIGNALS = { SIGINT: EXIT_INTERRUPTED, SIGTERM: EXIT_TERMINATED } as const;
type StopSignal = keyof typeof STOP_SIGNALS;

/** Wall-clock time between checkpoints. */
export const CHECKPOINT_EVERY_MS = 5_000;

/** Flags that say where the checkpoint goes: never recorded. */
const SESSION_FLAGS = ['checkpoint', 'resume'];
/** Flags a resume takes: they change only the output (or, --checkpoint, where it keeps checkpointing). */
const BESIDE_RESUME = [...SESSION_FLAGS, 'json', 'out', 'threads', 'quiet'];

/**
 * A resume runs the checkpoint's sweep as it was started: a flag that would change the runs (the
 * target, --set, --runs, --seed, …) is refused, one line each, before the checkpoint is read (before,
 * `--model` replaced the recorded target and was refused as another sweep, or with a message about
 * presets).
 * @throws UsageError
 */
export function refuseBesideResume(explicit: ReadonlySet<string>): void {
  refuseUnused(
    explicit,
    BESIDE_RESUME,
    "not taken beside --resume, which runs the checkpoint's sweep as it was started (beside it: --json, --out, --threads, --quiet, --checkpoint)",
  );
}

/** The flags a checkpoint records: everything the sweep was started with but where its checkpoint goes. */
export function flagsToStore(flags: object): StoredFlags {
  // A count left at its default is a number (so --help shows it as one); the checkpoint keeps text.
  const kept: StoredFlags = Object.fromEntries(
    Object.entries(flags)
      .filter(([k, v]) => !SESSION_FLAGS.includes(k) && v !== undefined)
      .map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]),
  );
  return kept;
}

/**
 * The flags a resume runs with: the recorded ones, with those given on this command line instead
 * (refuseBesideResume allows only --json, --out, --threads, --quiet, --checkpoint).
 */
export function resumeFlags<F extends object>(recorded: StoredFlags, given: F, explicit: ReadonlySet<string>): F {
  const out: Record<string, unknown> = { ...recorded };
  for (const [k, v] of Object.entries(given)) if (explicit.has(k) || SESSION_FLAGS.includes(k)) out[k] = v;
  return out as F;
}

const shown = (v: unknown) => {
  const text =
    typeof v === 'string' && /^[0-9a-f]{64}$/.test(v) ? `${v.slice(0, 12)}…` : (JSON.stringify(v) ?? 'nothing');
  return text.length > 120 ? `${text.slice(0, 119)}…` : text;
};

/** The checkpoint's progress, once its sweep is this sweep (else one line per field that differs). */
export function progressToResume(
  path: string,
  read: CheckpointRead,
  identity: SweepIdentity,
  plan: SweepPlan,
): SweepProgress {
  const differences = identityDifferences(read.sweep, identity);
  // The checkpoint's problems, at their fields in the file (`file:line:col: …`).
  if (differences.length > 0)
    throw checkpointError(
      path,
      read.text,
      differences.map((d) => ({
        path: `sweep.${d.field}`,
        message: `${IDENTITY_LABELS[d.field]} differs: the checkpoint's sweep has ${shown(d.recorded)}, this one ${shown(d.now)}`,
      })),
    );
  try {
    return decodeProgress(read.next, read.tally, plan);
  } catch (error) {
    if (!(error instanceof TallyShapeError)) throw error;
    throw checkpointError(path, read.text, [{ path: error.where, message: `damaged: ${error.message}` }]);
  }
}

export interface CheckpointKnobs {
  /** Write every this many schedules instead of every CHECKPOINT_EVERY_MS. */
  readonly everySchedules?: number;
  /** Stop once this many schedules are tallied and wait for a signal. */
  readonly holdAt?: number;
}

function knob(name: string): number | undefined {
  const text = process.env[name];
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError([`${name}: expected a whole number ≥ 1 (a test knob), found \`${text}\``]);
  return n;
}

export function checkpointKnobs(): CheckpointKnobs {
  return { everySchedules: knob('HAFAULT_CHECKPOINT_EVERY'), holdAt: knob('HAFAULT_SWEEP_HOLD_AT') };
}

const quote = (s: string) => (/^[\w./=:,@+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/** The sweep's side of a checkpoint: what it writes, and Ctrl-C. */
export class CheckpointSession {
  private readonly controller = new AbortController();
  private latest: SweepProgress;
  private writtenNext = -1;
  /** Set by the timer every CHECKPOINT_EVERY_MS, cleared by each write. */
  private due = false;
  private timer: NodeJS.Timeout | null = null;
  private signals = 0;
  /** The first stop signal received (it decides the exit code). */
  private stoppedBy: StopSignal = 'SIGINT';
  private wakeHold: (() => void) | null = null;
  private readonly onSigint = () => this.stop('SIGINT');
  private readonly onSigterm = () => this.stop('SIGTERM');

  constructor(
    private readonly path: string,
    private readonly base: Omit<CheckpointBody, 'next' | 'tally'>,
    readonly start: SweepProgress,
    private readonly knobs: CheckpointKnobs,
    private readonly warn: (line: string) => void,
  ) {
    this.latest = start;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Writes the first checkpoint (so an unwritable place fails before any work) and takes over Ctrl-C and SIGTERM. */
  open(): void {
    this.write();
    this.timer = setInterval(() => (this.due = true), CHECKPOINT_EVERY_MS).unref();
    process.on('SIGINT', this.onSigint);
    process.on('SIGTERM', this.onSigterm);
  }

  close(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
    process.off('SIGINT', this.onSigint);
    process.off('SIGTERM', this.onSigterm);
  }

  /** Called as the finished prefix grows (the sweep's onAdvance). */
  readonly advance = (progress: SweepProgress): void => {
    this.latest = progress;
    const { everySchedules, holdAt } = this.knobs;
    if (holdAt !== undefined && progress.next >= holdAt && !this.controller.signal.aborted) {
      this.controller.abort('hold');
      return;
    }
    const due = everySchedules !== undefined ? progress.next - this.writtenNext >= everySchedules : this.due;
    if (due) this.write();
  };

  write(): void {
    const body: CheckpointBody = { ...this.base, next: this.latest.next, tally: encodeTally(this.latest.tally) };
    writeCheckpoint('--checkpoint', this.path, body);
    this.writtenNext = this.latest.next;
    this.due = false;
  }

  /** After the sweep stopped on its signal: the last checkpoint, how to resume, exit 130 (SIGTERM: 143). */
  async interrupted(): Promise<number> {
    this.write();
    if (this.controller.signal.reason === 'hold') {
      this.warn(
        `hafault sweep: holding at ${this.latest.next} of ${this.base.sweep.runs} schedules (test knob HAFAULT_SWEEP_HOLD_AT); checkpoint written, waiting for a signal`,
      );
      // A pending promise alone does not keep Node alive: the timer does, until the signal comes.
      const alive = setInterval(() => undefined, 60_000);
      await new Promise<void>((resolve) => (this.wakeHold = resolve));
      clearInterval(alive);
    }
    this.close();
    this.warn(this.resumeText());
    return STOP_SIGNALS[this.stoppedBy];
  }

  private resumeText(): string {
    return [
      `hafault sweep: interrupted after ${this.latest.next} of ${this.base.sweep.runs} schedules; checkpoint written to ${this.path}`,
      `resume with: npx hafault sweep --resume ${quote(this.path)}`,
    ].join('\n');
  }

  /** Ctrl-C and SIGTERM alike: the first stops handing out slices, the second stops at once. */
  private stop(signal: StopSignal): void {
    this.signals++;
    if (this.signals === 1) this.stoppedBy = signal;
    if (this.wakeHold !== null) this.wakeHold();
    else if (this.signals === 1) {
      const again = signal === 'SIGINT' ? 'Ctrl-C again' : 'SIGTERM or Ctrl-C again';
      this.warn(
        `${process.stderr.isTTY ? '\n' : ''}hafault sweep: stopping: finishing the slices under way (${again} to stop at once)`,
      );
      this.controller.abort('interrupt');
    } else {
      this.write();
      this.warn(this.resumeText());
      process.exit(STOP_SIGNALS[this.stoppedBy]);
    }
  }
}
