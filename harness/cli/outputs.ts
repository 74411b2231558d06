// Where a command will write (--out, --html) is checked before it does any work, in one place for
// every command: a run of minutes must not end in an ENOTDIR stack trace, and a folder under /proc
// must not hang the process (Node's recursive mkdir loops there). Each unusable location is one line
// naming the flag, the path and the reason, exit 2. An output that is one of the command's own inputs
// (`replay T --html T`), or a file two outputs would both write (a checkpoint named like a report in
// --out), is refused the same way. Nothing is created here; the writers create it.
import { accessSync, constants, lstatSync, realpathSync, statfsSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './common.js';

export type OutputKind = 'folder' | 'file';

/** One location a command writes: a flag's value (undefined: not given, nothing to check). */
export interface OutputSpec {
  readonly flag: string;
  readonly path: string | undefined;
  readonly kind: OutputKind;
  /** Paths the command writes inside a folder (relative to it), each checked the same way. */
  readonly inside?: readonly { readonly path: string; readonly kind: OutputKind }[];
}

/** Filesystems of the kernel's own state (statfs magic numbers, linux/magic.h): nothing of ours goes there. */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x73636673, 'securityfs'],
  [0x74726163, 'tracefs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0x65735543, 'fusectl'],
  [0x42494e4d, 'binfmt_misc'],
  [0xf97cff8c, 'selinuxfs'],
  [0x19800202, 'mqueue'],
  [0x6e736673, 'nsfs'],
]);

/** The same by name, for a system where statfs says nothing useful; /dev/shm is ordinary memory. */
const PSEUDO_ROOTS: readonly string[] = ['/proc', '/sys', '/dev'];

const lstatOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};

/** The path itself when it exists (a link: what it points to), else its nearest existing ancestor. */
function nearestExisting(full: string): { path: string; stats: Stats | null; self: boolean } {
  let path = full;
  for (;;) {
    const stats = lstatOrNull(path);
    if (stats !== null) return { path, stats: stats.isSymbolicLink() ? statOrNull(path) : stats, self: path === full };
    const up = dirname(path);
    if (up === path) return { path, stats: null, self: false };
    path = up;
  }
}

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path);
  } catch {
    return null;
  }
}

function pseudoFilesystem(full: string, existing: string): string | null {
  const byName = PSEUDO_ROOTS.find((r) => full === r || full.startsWith(r + sep));
  if (byName !== undefined && !(full === '/dev/shm' || full.startsWith(`/dev/shm${sep}`)))
    return `${byName} is the kernel's own filesystem`;
  try {
    const name = PSEUDO_FILESYSTEMS.get(Number(statfsSync(existing).type));
    return name === undefined ? null : `${existing} is on a ${name} pseudo filesystem`;
  } catch {
    return null;
  }
}

function notWritable(dir: string): string | null {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
    return null;
  } catch (error) {
    return `cannot write in ${dir} (${(error as NodeJS.ErrnoException).code ?? 'denied'})`;
  }
}

/** Why `path` cannot be written as a folder (made if missing) or as a file (replaced if present); null when it can. */
export function outputProblem(path: string, kind: OutputKind): string | null {
  if (path === '') return `empty; expected ${kind === 'folder' ? 'a folder' : 'a file name'}`;
  const full = resolve(path);
  const found = nearestExisting(full);
  const pseudo = pseudoFilesystem(full, found.path);
  if (pseudo !== null) return `${pseudo}; nothing can be written there`;
  if (found.stats === null)
    return found.self ? 'a broken symbolic link is there' : `${found.path} is a broken symbolic link`;
  if (found.self) {
    if (kind === 'folder') return found.stats.isDirectory() ? notWritable(full) : 'a file is there; expected a folder';
    if (found.stats.isDirectory()) return 'a folder is there; expected a file name';
    if (!found.stats.isFile()) return 'not a regular file (a device, pipe or socket is there)';
    return notWritable(dirname(full));
  }
  if (!found.stats.isDirectory()) return `${found.path} is a file, so nothing can be made under it`;
  return notWritable(found.path);
}

/** A file a command reads (a flag's value or an argument; undefined: not given). */
export interface InputSpec {
  readonly flag: string;
  readonly path: string | undefined;
}

/** Where a path really is: its links followed, as far as it exists (the rest appended as written). */
function canonical(path: string): string {
  const full = resolve(path);
  try {
    return realpathSync(full);
  } catch {
    const up = dirname(full);
    return up === full ? full : join(canonical(up), basename(full));
  }
}

/** One file an output writes, or one folder it fills with files of names not known yet. */
interface Written {
  readonly label: string;
  /** Said of it when another output lands there. */
  readonly writer: string;
  readonly at: string;
  readonly kind: OutputKind;
}

function writtenBy(spec: OutputSpec): Written[] {
  const path = spec.path;
  if (path === undefined || path === '') return [];
  const label = `${spec.flag} ${path}`;
  if (spec.kind === 'file')
    return [{ label, writer: `${label} is written there too`, at: canonical(path), kind: 'file' }];
  return (spec.inside ?? []).map((inner) => ({
    label: `${label}: ${inner.path}`,
    writer:
      inner.kind === 'file'
        ? `${label} writes its ${inner.path} there`
        : `${label} fills its ${inner.path} folder there`,
    at: canonical(join(path, inner.path)),
    kind: inner.kind,
  }));
}

const within = (folder: string, path: string) => {
  const r = relative(folder, path);
  return r !== '' && !r.startsWith('..') && !r.startsWith(sep);
};

/** Outputs that would overwrite an input, or each other: one line each. */
function clashes(specs: readonly OutputSpec[], inputs: readonly InputSpec[]): string[] {
  const problems: string[] = [];
  const outputs = specs.map((spec) => ({ spec, written: writtenBy(spec) }));
  for (const file of outputs.flatMap((o) => o.written).filter((w) => w.kind === 'file')) {
    for (const input of inputs) {
      if (input.path !== undefined && input.path !== '' && canonical(input.path) === file.at)
        problems.push(
          `${file.label}: the same file as ${input.flag} ${input.path}, which this command reads; name another file`,
        );
    }
  }
  for (const { spec, written } of outputs) {
    if (spec.kind !== 'file' || written.length === 0) continue;
    for (const other of outputs.filter((o) => o.spec !== spec).flatMap((o) => o.written)) {
      if (other.at === written[0].at || (other.kind === 'folder' && within(other.at, written[0].at)))
        problems.push(`${written[0].label}: ${other.writer}; name another file`);
    }
  }
  return problems;
}

/**
 * Throws one line per unusable location (`--out PATH: reason`), before a command does any work;
 * `inputs`: the files the command reads, which no output may be.
 */
export function checkOutputs(specs: readonly OutputSpec[], inputs: readonly InputSpec[] = []): void {
  const problems: string[] = [];
  for (const spec of specs) {
    if (spec.path === undefined) continue;
    const problem = outputProblem(spec.path, spec.kind);
    if (problem !== null) {
      problems.push(`${spec.flag} ${spec.path === '' ? '""' : spec.path}: ${problem}`);
      continue;
    }
    for (const inner of spec.inside ?? []) {
      const innerProblem = outputProblem(join(spec.path, inner.path), inner.kind);
      if (innerProblem !== null) problems.push(`${spec.flag} ${spec.path}: ${inner.path}: ${innerProblem}`);
    }
  }
  problems.push(...clashes(specs, inputs));
  if (problems.length > 0) throw new UsageError(problems);
}

/** A folder flag and what the command writes in it: files, and folders (e.g. `traces`). */
export function folderOutput(
  flag: string,
  path: string | undefined,
  inside: { readonly files?: readonly string[]; readonly folders?: readonly string[] } = {},
): OutputSpec {
  return {
    flag,
    path,
    kind: 'folder',
    inside: [
      ...(inside.folders ?? []).map((p) => ({ path: p, kind: 'folder' as const })),
      ...(inside.files ?? []).map((p) => ({ path: p, kind: 'file' as const })),
    ],
  };
}
