// A sweep that survives being stopped: which flags a `--resume` runs with, the refusal of a checkpoint
// that belongs to another sweep (one line per field that differs), and the session that keeps the
// checkpoint while the sweep runs: written at the start, every few seconds (wall clock: this is the
// shell, not the engine), at the end, and on Ctrl-C, which stops handing out slices, lets the ones
// under way finish, writes the last checkpoint and says how to resume (a second Ctrl-C stops at once,
// keeping the checkpoint already written). Two environment variables are test knobs, so that tests
// need no timing: HAFAULT_CHECKPOINT_EVERY=N writes every N schedules instead of every few seconds;
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
import { UsageError } from './common.js';
import { writeCheckpoint, type CheckpointBody, type CheckpointRead, type StoredFlags } from './sweepCheckpoint.js';

/** A sweep stopped by Ctrl-C (128 + SIGINT, the shell's convention); its checkpoint is on disk. */
export const EXIT_INTERRUPTED = 130;

/** Wall-clock time between checkpoints. */
export const CHECKPOINT_EVERY_MS = 5_000;

/** Flags of the target: given on a resume, they replace the recorded target as a whole. */
const TARGET_FLAGS = ['model', 'preset', 'topology'];
/** Flags that say where the checkpoint goes: never recorded. */
const SESSION_FLAGS = ['checkpoint', 'resume'];

/** The flags a checkpoint records: everything the sweep was started with but where its checkpoint goes. */
export function flagsToStore(flags: object): StoredFlags {
  const kept: StoredFlags = Object.fromEntries(
    Object.entries(flags).filter(([k, v]) => !SESSION_FLAGS.includes(k) && v !== undefined),
  );
  return kept;
}

/**
 * The flags a resume runs with: the recorded ones, with those given on this command line instead (the
 * identity check then refuses any that change the sweep; --json, --out, --threads, --quiet may change).
 */
export function resumeFlags<F extends object>(recorded: StoredFlags, given: F, explicit: ReadonlySet<string>): F {
  const out: Record<string, unknown> = { ...recorded };
  if (TARGET_FLAGS.some((k) => explicit.has(k))) for (const k of TARGET_FLAGS) delete out[k];
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
  if (differences.length > 0)
    throw new UsageError(
      differences.map(
        (d) =>
          `--resume ${path}: ${IDENTITY_LABELS[d.field]} differs: the checkpoint's sweep has ${shown(d.recorded)}, this one ${shown(d.now)}`,
      ),
    );
  try {
    return decodeProgress(read.next, read.tally, plan);
  } catch (error) {
    if (!(error instanceof TallyShapeError)) throw error;
    throw new UsageError([`--resume ${path}: damaged: ${error.message}`]);
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
  private written = { next: -1, atMs: 0 };
  private sigints = 0;
  private wakeHold: (() => void) | null = null;
  private readonly onSigint = () => this.sigint();

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

  /** Writes the first checkpoint (so an unwritable place fails before any work) and takes over Ctrl-C. */
  open(): void {
    this.write();
    process.on('SIGINT', this.onSigint);
  }

  close(): void {
    process.off('SIGINT', this.onSigint);
  }

  /** Called as the finished prefix grows (the sweep's onAdvance). */
  readonly advance = (progress: SweepProgress): void => {
    this.latest = progress;
    const { everySchedules, holdAt } = this.knobs;
    if (holdAt !== undefined && progress.next >= holdAt && !this.controller.signal.aborted) {
      this.controller.abort('hold');
      return;
    }
    const due =
      everySchedules !== undefined
        ? progress.next - this.written.next >= everySchedules
        : Date.now() - this.written.atMs >= CHECKPOINT_EVERY_MS;
    if (due) this.write();
  };

  write(): void {
    const body: CheckpointBody = { ...this.base, next: this.latest.next, tally: encodeTally(this.latest.tally) };
    writeCheckpoint('--checkpoint', this.path, body);
    this.written = { next: this.latest.next, atMs: Date.now() };
  }

  /** After the sweep stopped on its signal: the last checkpoint, how to resume, exit 130. */
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
    return EXIT_INTERRUPTED;
  }

  private resumeText(): string {
    return [
      `hafault sweep: interrupted after ${this.latest.next} of ${this.base.sweep.runs} schedules; checkpoint written to ${this.path}`,
      `resume with: npm run hafault -- sweep --resume ${quote(this.path)}`,
    ].join('\n');
  }

  private sigint(): void {
    this.sigints++;
    if (this.wakeHold !== null) this.wakeHold();
    else if (this.sigints === 1) {
      this.warn(
        `${process.stderr.isTTY ? '\n' : ''}hafault sweep: stopping: finishing the slices under way (Ctrl-C again to stop at once)`,
      );
      this.controller.abort('interrupt');
    } else {
      this.write();
      this.warn(this.resumeText());
      process.exit(EXIT_INTERRUPTED);
    }
  }
}
