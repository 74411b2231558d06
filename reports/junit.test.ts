// The JUnit file as a CI reader gets it: well-formed XML whatever the names and messages hold, the
// counts a test reporter shows, and each finding's text intact after decoding.
import { describe, expect, it } from 'vitest';
import type { GateReport } from './gate.js';
import { junitXml } from './junit.js';
import { parseXml } from './testXml.js';

const HOSTILE = `a<b>&c "d" 'e' ]]> f\u0000g\u001bh\uD800i\uFFFEj 😀 k\tl`;
/** HOSTILE as a reader must get it back: the characters XML cannot carry dropped, the rest intact. */
const HOSTILE_READ = `a<b>&c "d" 'e' ]]> fghij 😀 k\tl`;

const report: GateReport = {
  command: 'hafault check',
  caseUnit: 'model/preset × property',
  search: 'seed 1, 3 runs per property',
  exitCode: 5,
  suites: [
    {
      name: `m/${HOSTILE}`,
      cases: [
        { name: 'holdsOne', outcome: 'passed' },
        {
          name: HOSTILE,
          outcome: 'failed',
          message: `first line\nsecond ${HOSTILE}`,
          details: ['at 10 s: storage node sanA is hard power-cycled', `⇒ ${HOSTILE}`],
          command: 'npx hafault replay t.json --timeline',
        },
        { name: 'unsure', outcome: 'skipped', message: 'unknown: checker threw' },
      ],
    },
    {
      name: 'm/other',
      cases: [
        {
          name: 'loops',
          outcome: 'error',
          message: 'never settles',
          details: ['at 1 s: x'],
          command: 'npx hafault run',
        },
        { name: 'holdsTwo', outcome: 'passed' },
      ],
    },
  ],
};

describe('junitXml', () => {
  const root = parseXml(junitXml(report));

  it('counts tests, failures, errors and skipped per suite and in all', () => {
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '5', failures: '1', errors: '1', skipped: '1' });
    const [a, b] = root.children;
    expect(root.children.map((s) => s.name)).toEqual(['testsuite', 'testsuite']);
    expect(a.attributes).toMatchObject({ tests: '3', failures: '1', errors: '0', skipped: '1' });
    expect(b.attributes).toMatchObject({ tests: '2', failures: '0', errors: '1', skipped: '0' });
    expect(a.children.map((c) => c.children.map((x) => x.name))).toEqual([[], ['failure'], ['skipped']]);
    expect(b.children.map((c) => c.children.map((x) => x.name))).toEqual([['error'], []]);
  });

  it('gives back hostile names and messages intact, only the characters XML cannot carry dropped', () => {
    const failing = root.children[0].children[1];
    expect(failing.attributes.classname).toBe(`m/${HOSTILE_READ}`);
    expect(failing.attributes.name).toBe(HOSTILE_READ);
    const failure = failing.children[0];
    // A line break in an attribute survives as a reference (a literal one would be read as a space).
    expect(failure.attributes.message).toBe(`first line\nsecond ${HOSTILE_READ}`);
    expect(failure.attributes.type).toBe('violation');
    expect(failure.text).toBe(
      `at 10 s: storage node sanA is hard power-cycled\n⇒ ${HOSTILE_READ}\nsee it: npx hafault replay t.json --timeline`,
    );
  });

  it('marks a run that never settles as an error with the command that shows it, and puts no clock in the file', () => {
    const error = root.children[1].children[0].children[0];
    expect(error.attributes).toEqual({ message: 'never settles', type: 'never-settles' });
    expect(error.text).toContain('see it: npx hafault run');
    expect(junitXml(report)).not.toMatch(/\btime(stamp)?=/);
  });
});

describe('parseXml (the test reader) refuses what a parser refuses', () => {
  it.each([
    ['<a>x & y</a>', /bare &/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a><b></a>', /closed by/],
    ['<a x="1" x="2"/>', /duplicate/],
    ['<a>\u0001</a>', /forbids/],
    ['<a>x</a><b/>', /after the root/],
  ])('%s', (xml, problem) => {
    expect(() => parseXml(xml)).toThrow(problem);
  });
});
