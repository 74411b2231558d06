// A clean row is only as wide as the faults drawn: check names, under its table, the faults a
// preset's or a topology file's `faults` list leaves out, and says nothing when none is left out.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';

const root = join(import.meta.dirname, '..', '..');
const out = mkdtempSync(join(tmpdir(), 'hafault-undrawn-'));

async function check(...argv: string[]): Promise<string> {
  let stdout = '';
  await runCli(['check', ...argv, '--runs', '5', '--out', out], { stdout: (t) => (stdout += t), stderr: () => {} });
  return stdout;
}

describe('faults a list leaves out, under the verdict table', () => {
  it('names them per preset (xenserver-ha/bonded draws no bond-down, partition or storage fault)', async () => {
    const text = await check('--model', 'xenserver-ha', '--preset', 'bonded');
    expect(text).toContain('Never drawn, so not judged');
    expect(text).toContain(
      '  xenserver-ha/bonded: bond-down, partition, storage-hard-powercycle, storage-clean-stop, config-drift (its preset lists the faults drawn)',
    );
  });

  it('and per topology file (its `faults:` line)', async () => {
    const file = join(out, 'pool.yaml');
    writeFileSync(file, readFileSync(join(root, 'examples/xenserver-ha/bonded.yaml'), 'utf8'));
    expect(await check('--topology', file)).toMatch(
      /^ {2}xenserver-ha\/\S+: bond-down, .* \(its file lists the faults drawn\)$/m,
    );
  });

  it('says nothing when every fault of the model is drawn', async () => {
    expect(await check('--model', 'xenserver-ha', '--preset', 'two-host')).not.toContain('Never drawn');
  });
});
