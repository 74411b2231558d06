// Trace files go through the loader of every input file: a key written twice (JSON.parse would keep
// the last one silently), nesting past the limit and broken JSON are refused with their place.
import { describe, expect, it } from 'vitest';
import { parseTraceFile, TraceFileError } from './traceFile.js';

function refusal(text: string): string {
  try {
    parseTraceFile(text, 't.json');
  } catch (error) {
    expect(error).toBeInstanceOf(TraceFileError);
    return (error as Error).message;
  }
  throw new Error('accepted');
}

describe('trace files under the limits of every input file', () => {
  it('a key written twice is refused, not silently overwritten', () => {
    expect(refusal('{\n "format": "hafault-trace",\n "formatVersion": 2,\n "formatVersion": 1\n}')).toBe(
      't.json:4:2: not JSON: key "formatVersion" appears twice in this object; expected each key once',
    );
  });

  it('broken JSON is placed by line and column', () => {
    expect(refusal('{\n "format": "hafault-trace",\n "formatVersion": 2,\n}')).toBe(
      't.json:4:1: not JSON: expected a key in double quotes, found `}`',
    );
  });

  it('nesting past the limit, and a top level that is not an object', () => {
    expect(refusal(`{"config": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`)).toBe(
      't.json:1:75: not JSON: nested deeper than 64 levels',
    );
    expect(refusal('\n  []')).toBe('t.json:2:3: expected a JSON object (a trace file) at the top level, found a list');
  });
});
