// The colour decision over the environment × terminal table the README promises.
import { describe, expect, it } from 'vitest';
import { colourFor } from './colour.js';

const tty = { isTTY: true };
const pipe = { isTTY: false };

describe('colourFor', () => {
  it.each([
    ['a terminal, nothing set', tty, {}, true],
    ['a pipe, nothing set', pipe, {}, false],
    ['a stream that does not say', {}, {}, false],
    ['a dumb terminal', tty, { TERM: 'dumb' }, false],
    ['NO_COLOR=1 on a terminal', tty, { NO_COLOR: '1' }, false],
    ['NO_COLOR=0 on a terminal (any non-empty value)', tty, { NO_COLOR: '0' }, false],
    ['NO_COLOR empty on a terminal (unset)', tty, { NO_COLOR: '' }, true],
    ['FORCE_COLOR=1 on a pipe', pipe, { FORCE_COLOR: '1' }, true],
    ['FORCE_COLOR=3 on a pipe', pipe, { FORCE_COLOR: '3' }, true],
    ['FORCE_COLOR=true on a dumb terminal', tty, { FORCE_COLOR: 'true', TERM: 'dumb' }, true],
    ['FORCE_COLOR=0 on a terminal', tty, { FORCE_COLOR: '0' }, false],
    ['FORCE_COLOR=false on a terminal', tty, { FORCE_COLOR: 'false' }, false],
    ['FORCE_COLOR empty on a pipe (unset)', pipe, { FORCE_COLOR: '' }, false],
    ['FORCE_COLOR empty on a terminal (unset)', tty, { FORCE_COLOR: '' }, true],
    ['NO_COLOR and FORCE_COLOR on a pipe: NO_COLOR wins', pipe, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['NO_COLOR and FORCE_COLOR on a terminal: NO_COLOR wins', tty, { NO_COLOR: '1', FORCE_COLOR: '1' }, false],
    ['NO_COLOR empty beside FORCE_COLOR=1 on a pipe', pipe, { NO_COLOR: '', FORCE_COLOR: '1' }, true],
  ])('%s', (_, stream, env, expected) => {
    expect(colourFor(stream, env)).toBe(expected);
  });
});
