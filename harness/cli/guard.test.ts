// How a command ends when its body throws: bad input (2) and a run that never settles (5) as their
// one-line messages; anything else is a bug in hafault, which exits 70 with one line asking for a
// report, never with a Node stack trace and exit 1 (which reads as "violation found"); the stack
// only with HAFAULT_DEBUG=1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OSCILLATION, UsageError } from './common.js';
import { guarded } from './guard.js';
import { OscillationError } from '../engine/oscillation.js';

let stderr = '';

beforeEach(() => {
  stderr = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    stderr += String(s);
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  process.exitCode = undefined;
});

function bug(): never {
  throw new TypeError("Cannot read properties of undefined (reading 'toLowerCase')");
}

describe('guarded', () => {
  it('a bug: exit 70 and one line naming the command, the message and what to do', async () => {
    vi.stubEnv('HAFAULT_DEBUG', '');
    await guarded('sweep', bug);
    expect(process.exitCode).toBe(EXIT_INTERNAL);
    expect(EXIT_INTERNAL).toBe(70);
    expect(stderr).toBe(
      "hafault sweep: internal error: Cannot read properties of undefined (reading 'toLowerCase') — please report it, with the command line\n",
    );
  });

  it('a bug in an asynchronous body, a thrown non-Error, and a message of several lines: still one line', async () => {
    vi.stubEnv('HAFAULT_DEBUG', '');
    await guarded('check', async () => {
      await Promise.resolve();
      throw new Error('first line\n    second line');
    });
    await guarded('run', () => {
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- what a dependency may throw
      throw 'a string';
    });
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'hafault check: internal error: first line — please report it, with the command line',
      'hafault run: internal error: a string — please report it, with the command line',
    ]);
    expect(process.exitCode).toBe(EXIT_INTERNAL);
  });

  it('HAFAULT_DEBUG=1: the same line, then the stack', async () => {
    vi.stubEnv('HAFAULT_DEBUG', '1');
    await guarded('replay', bug);
    expect(process.exitCode).toBe(EXIT_INTERNAL);
    const [first, ...rest] = stderr.split('\n');
    expect(first).toMatch(/^hafault replay: internal error: Cannot read .* please report it, with the command line$/);
    expect(rest.join('\n')).toMatch(/^TypeError: Cannot read[\s\S]*\n\s+at bug \(/);
  });

  it('bad input and a run that never settles keep their codes and lines', async () => {
    await guarded('check', () => {
      throw new UsageError(['--runs: expected a whole number ≥ 1, found `x`']);
    });
    expect(process.exitCode).toBe(EXIT_BAD_INPUT);
    await guarded('spof', () => {
      throw new OscillationError('ping-pong', { atMs: 10_000, events: 100_001, reason: 'looping' });
    });
    expect(process.exitCode).toBe(EXIT_OSCILLATION);
    expect(stderr.split('\n').filter(Boolean)).toEqual([
      'hafault check: --runs: expected a whole number ≥ 1, found `x`',
      expect.stringMatching(
        /^hafault spof: ping-pong: the run never settles: looping; .* \(a model that oscillates\)$/,
      ),
    ]);
  });

  it('a body that returns sets its own code', async () => {
    await guarded('models', () => 0);
    expect(process.exitCode).toBe(0);
    expect(stderr).toBe('');
  });
});
