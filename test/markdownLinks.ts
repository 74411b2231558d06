// Reads the links and headings of a Markdown file the way GitHub renders it, for the link check:
// links and headings inside code (fenced blocks, inline spans) are text, not links; a heading's
// anchor is GitHub's slug (lower case, punctuation dropped, spaces to hyphens, -1, -2… on repeats).

/** The file without fenced code blocks (their lines kept empty, so line numbers hold). */
function withoutFences(text: string): string[] {
  let fence: string | null = null;
  return text.split('\n').map((line) => {
    const m = /^\s*(`{3,}|~{3,})/.exec(line);
    if (fence === null && m) {
      fence = m[1]!;
      return '';
    }
    if (fence !== null) {
      if (line.trim().startsWith(fence)) fence = null;
      return '';
    }
    return line;
  });
}

function withoutInlineCode(line: string): string {
  return line.replace(/(`+)(?:(?!\1)[\s\S])*?\1/g, '');
}

/** GitHub's anchor for a heading's text: the rendered text, lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/<[^>]+>/g, '');
  return rendered
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every heading's anchor in the file, repeats numbered as GitHub numbers them. */
export function anchors(text: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  for (const line of withoutFences(text)) {
    const m = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

export interface Link {
  readonly line: number;
  readonly target: string;
}

/** Every inline link and image target outside code, with its line (1-based). */
export function links(text: string): Link[] {
  const out: Link[] = [];
  withoutFences(text).forEach((raw, i) => {
    for (const m of withoutInlineCode(raw).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g))
      out.push({ line: i + 1, target: m[1] });
  });
  return out;
}

/**
 * Every relative link of these files that points to no file, or to a heading its file lacks, as
 * `file:line: target: why`. Paths are relative to the repository root; `read` gives a file's text
 * (null: no such file), `exists` whether a path (file or folder) exists.
 */
export function brokenLinks(
  files: readonly string[],
  read: (path: string) => string | null,
  exists: (path: string) => boolean,
): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const dir = file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '';
    for (const { line, target } of links(read(file) ?? '')) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const path = pathPart === '' ? file : normalise(dir, decodeURIComponent(pathPart));
      const where = `${file}:${line}: ${target}`;
      if (path === null) problems.push(`${where}: leaves the repository`);
      else if (!exists(path)) problems.push(`${where}: no file ${path}`);
      else if (anchor !== undefined) {
        const text = path.endsWith('.md') ? read(path) : null;
        if (text === null) problems.push(`${where}: an anchor into ${path}, which is not a Markdown file`);
        else if (!anchors(text).has(decodeURIComponent(anchor)))
          problems.push(`${where}: ${path} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

/** `dir/rel` with `.` and `..` resolved; null when it climbs above the root. */
function normalise(dir: string, rel: string): string | null {
  const parts: string[] = rel.startsWith('/') ? [] : dir.split('/').filter(Boolean);
  for (const p of rel.split('/')) {
    if (p === '' || p === '.') continue;
    if (p === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(p);
  }
  return parts.join('/');
}
