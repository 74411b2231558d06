// Reads a user's input file (topology, plan, trace) for the pure loader in engine/inputText.ts: a
// regular file only (a FIFO, a terminal or /dev/zero would block or never end), never more than
// the size limit plus one byte, whatever the file system says its size is (/proc reports 0).
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import {
  decodeInput,
  formatBytes,
  INPUT_LIMITS,
  InputFileError,
  sizeLimit,
  type InputLimits,
  type Syntax,
} from '../engine/inputText.js';

const KIND: readonly [string, (s: Stats) => boolean][] = [
  ['a directory', (s) => s.isDirectory()],
  ['a FIFO', (s) => s.isFIFO()],
  ['a character device', (s) => s.isCharacterDevice()],
  ['a block device', (s) => s.isBlockDevice()],
  ['a socket', (s) => s.isSocket()],
];

function refuse(file: string, message: string): never {
  throw new InputFileError(file, [{ line: null, col: null, message }]);
}

/** Up to `limit` + 1 bytes of an open file: one byte more than allowed is enough to refuse it. */
function readUpTo(fd: number, limit: number): Uint8Array {
  const buffer = Buffer.alloc(Math.min(limit + 1, 1 << 16));
  const chunks: Buffer[] = [];
  let total = 0;
  while (total <= limit) {
    const n = readSync(fd, buffer, 0, Math.min(buffer.length, limit + 1 - total), null);
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
    total += n;
  }
  return Buffer.concat(chunks, total);
}

/** The file's text, checked as engine/inputText.ts's decodeInput does, under `syntax`'s size limit. @throws InputFileError */
export function readInputFile(file: string, syntax: Syntax, limits: InputLimits = INPUT_LIMITS): string {
  if (file === '') refuse('(empty file name)', 'expected a file name');
  let fd: number;
  try {
    // Non-blocking: opening a FIFO with no writer would otherwise wait for ever; fstat refuses it next.
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return refuse(file, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  try {
    const stat = fstatSync(fd);
    const kind = KIND.find(([, is]) => is(stat));
    if (kind || !stat.isFile()) refuse(file, `${kind?.[0] ?? 'not a regular file'}; expected a file`);
    const size = sizeLimit(syntax, limits);
    if (stat.size > size.bytes) refuse(file, `${formatBytes(stat.size)} (${stat.size} bytes); ${size.text}`);
    return decodeInput(readUpTo(fd, size.bytes), file, syntax, limits);
  } catch (error) {
    if (error instanceof InputFileError) throw error;
    return refuse(file, `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  } finally {
    closeSync(fd);
  }
}
