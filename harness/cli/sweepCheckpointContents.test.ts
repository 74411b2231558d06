// A sweep checkpoint's contents are input: even re-sealed (its digest recomputed after an edit), a
// tally no sweep could have written (more violations than runs, a negative time, a histogram with
// more samples than runs, a flip with no violation behind it) or a flag a sweep does not have is
// refused with its JSON path, at its line and column in the file, exit 2, before any work; never a
// report of "1650% (NaN–NaN%)".
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../engine/inputText.js';
import { UsageError } from './common.js';
import { runSweepCommand, type SweepFlags } from './sweep.js';

const dir = mkdtempSync(join(tmpdir(), 'hafault-checkpoint-contents-'));
const cp = join(dir, 'cp.json');
const RUNS = 6;

/** The flags commander gives `sweep` without options, then these. */
function flagsOf(flags: Partial<SweepFlags>): SweepFlags {
  return { set: [], property: [], runs: '1000', seed: '1', maxFaults: '1', repairs: true, quiet: true, ...flags };
}

async function refusal(flags: SweepFlags, explicit: readonly string[] = []): Promise<string[]> {
  try {
    await runSweepCommand(
      flags,
      [],
      () => undefined,
      new Set(explicit),
      () => undefined,
    );
    return [];
  } catch (error) {
    if (error instanceof InputFileError) return [...error.lines];
    if (!(error instanceof UsageError)) throw error;
    return [...error.problems];
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an edited file is any JSON
type Doc = Record<string, any>;

/** The checkpoint as written, edited by `edit`, re-sealed the way a checkpoint is (sha256 of the body's JSON), then resumed. */
async function resumeEdited(edit: (body: Doc) => void): Promise<string[]> {
  const { digest: _old, ...body } = JSON.parse(readFileSync(cp, 'utf8')) as Doc;
  edit(body);
  const digest = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const path = join(dir, 'edited.json');
  // Written one field a line: the digest is of the body's data, not of its spacing.
  const text = JSON.stringify({ ...body, digest }, null, 1) + '\n';
  writeFileSync(path, text);
  return (await refusal(flagsOf({ resume: path }), ['resume'])).map((l) => placed(l, path, text));
}

/** `file:line:col: problem` as `[what the file says there] problem` (the file's text from that column, to its line's end). */
function placed(line: string, path: string, text: string): string {
  const m = /^(\d+):(\d+): (.*)$/.exec(line.startsWith(`${path}:`) ? line.slice(path.length + 1) : '');
  if (!m) return `unplaced: ${line}`;
  const there = text.split('\n')[Number(m[1]) - 1].slice(Number(m[2]) - 1);
  return `[${there.replace(/,$/, '')}] ${m[3]}`;
}

describe('a re-sealed checkpoint whose contents no sweep writes', () => {
  beforeAll(async () => {
    const sweep = { model: 'keepalived', set: ['advertIntMs=1s,3s'], runs: String(RUNS), threads: '1', checkpoint: cp };
    expect(await refusal(flagsOf(sweep))).toEqual([]);
    expect(await resumeEdited(() => undefined)).toEqual([]);
  }, 120_000);

  it('more violations than runs', async () => {
    expect(
      await resumeEdited((b) => {
        b.tally.settings[0].violations[0] = 99;
      }),
    ).toEqual([`[99] damaged: tally.settings[0].violations[0]: expected at most ${RUNS} (the runs tallied), found 99`]);
  });

  it('more violated and unknown runs of one property than runs', async () => {
    expect(
      await resumeEdited((b) => {
        b.tally.settings[1].violations[0] = RUNS - 1;
        b.tally.settings[1].unknown[0] = 2;
      }),
    ).toEqual([
      `[2] damaged: tally.settings[1].unknown[0]: expected at most 1 (${RUNS} runs, ${RUNS - 1} of them violated), found 2`,
    ]);
  });

  it('a negative time', async () => {
    const lines = await resumeEdited((b) => {
      b.tally.settings[0].detectMs = [[-500, 1]];
    });
    expect(lines).toEqual([
      '[-500] damaged: tally.settings[0].detectMs[0][0]: expected a time in ms ≥ 0 not seen before in this histogram',
    ]);
  });

  it('a downtime histogram that does not hold one sample per run', async () => {
    expect(
      await resumeEdited((b) => {
        b.tally.settings[0].downtimeMs = [[0, RUNS + 3]];
      }),
    ).toEqual([
      `["downtimeMs": [] damaged: tally.settings[0].downtimeMs: expected ${RUNS} samples in all, found ${RUNS + 3}`,
    ]);
  });

  it('a flip with no violation behind it', async () => {
    const lines = await resumeEdited((b) => {
      b.tally.settings[1].violations[0] = 0;
      b.tally.flips[0][0].broken = { count: 2, index: 0, length: 1, endMs: 10_000 };
    });
    expect(lines).toEqual([
      '["count": 2] damaged: tally.flips[0][0].broken.count: expected at most 0 (the runs that violated this property at tally.settings[1]), found 2',
    ]);
  });

  it('flags a sweep does not have, or of the wrong type: one line each', async () => {
    const lines = await resumeEdited((b) => {
      b.flags.frobnicate = 'yes';
      b.flags['\u001b[31mred'] = 'x';
      b.flags.repairs = 'no';
    });
    expect(lines).toHaveLength(3);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^\["frobnicate": "yes"\] damaged: flags\.frobnicate: not a sweep flag \(a checkpoint records: model, preset, /,
        ),
        expect.stringMatching(/^\["\\u001b\[31mred": "x"\] damaged: flags\.\\u\{1b\}\[31mred: not a sweep flag/),
        '["repairs": "no"] damaged: flags.repairs: expected true or false',
      ]),
    );
  });
});
