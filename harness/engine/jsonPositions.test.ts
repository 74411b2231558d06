// The JSON field locator places a problem found in parsed data at its line and column in the text:
// a member at its key, a list item at its first character, a missing field at the nearest field that
// is there. Every expected place is counted by hand in the comment beside the fixture.
import { describe, expect, it } from 'vitest';
import { jsonPositions, pathSegments } from './jsonPositions.js';

const TEXT = [
  '{', //                                   line 1
  '  "model": {"name": "x"},', //           line 2: "model" at col 3, "name" at col 13
  '  "schedule": [', //                      line 3: "schedule" at col 3
  '    {"at": 0, "target": "h1"},', //       line 4: item 0 at col 5, its "target" at col 15
  '    {"at": 5, "target": "a\\"b"}', //     line 5: item 1 at col 5, its "target" at col 15
  '  ],', //                                 line 6
  '  "a b": [[1, 2], [3, 4]]', //            line 7: "a b" at col 3, [1][0] (the 3) at col 20
  '}',
].join('\n');

const at = (...paths: string[]) => jsonPositions(TEXT, paths.map(pathSegments));

describe('jsonPositions', () => {
  it('reads a path as problem lines print it', () => {
    expect(pathSegments('schedule[3].target')).toEqual(['schedule', '3', 'target']);
    expect(pathSegments('config["a b"].x')).toEqual(['config', 'a b', 'x']);
  });

  it('places members at their key and items at their first character', () => {
    expect(at('model', 'model.name', 'schedule', 'schedule[0]', 'schedule[0].target', 'schedule[1].target')).toEqual([
      { line: 2, col: 3 },
      { line: 2, col: 13 },
      { line: 3, col: 3 },
      { line: 4, col: 5 },
      { line: 4, col: 15 },
      { line: 5, col: 15 },
    ]);
    expect(at('["a b"][1][0]')).toEqual([{ line: 7, col: 20 }]);
  });

  it('places a missing field at the nearest field that is there, and the empty path at the top', () => {
    expect(at('schedule[1].fault', 'schedule[9]', 'nothing', '')).toEqual([
      { line: 5, col: 5 },
      { line: 3, col: 3 },
      { line: 1, col: 1 },
      { line: 1, col: 1 },
    ]);
  });

  it('is not misled by a key or a bracket inside a string', () => {
    const text = '{"s": "\\"target\\": [", "target": 1}';
    // `"target": 1` starts at index 23 (after `{"s": "\\"target\\": [", `): col 24.
    expect(jsonPositions(text, [['target']])).toEqual([{ line: 1, col: 24 }]);
  });
});
