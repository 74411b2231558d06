// Models hand the engine their machines with their own context and event types: no double cast
// (`as unknown as`) anywhere in a model's source, so a change of a machine's types that the engine
// cannot take shows as a compile error, not as a run that goes wrong.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function modelSources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return modelSources(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('typed machines', () => {
  const files = modelSources('models');

  it('finds the model sources', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('no model casts through unknown', () => {
    const casts = files.flatMap((f) =>
      readFileSync(join(root, f), 'utf8')
        .split('\n')
        .flatMap((line, i) => (line.includes('as unknown as') ? [`${f}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(casts).toEqual([]);
  });
});
