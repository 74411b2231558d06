// A strict little XML 1.0 reader for tests (no XML parser is among the dependencies, and one is not
// worth adding for tests alone): it refuses what a real parser refuses in the files we write (a
// bare `&` or `<`, an unknown entity, an illegal character, a mismatched or unclosed tag, a
// duplicate attribute) and decodes attributes and text as a parser would, so a test can compare
// what a reader gets back with what went in.

export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  /** The element's own text (not its children's), decoded. */
  readonly text: string;
}

const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([^;&\s]*);|&/g, (all, ref: string | undefined) => {
    if (ref === undefined) throw new Error(`bare & in ${JSON.stringify(raw)}`);
    if (ref in NAMED) return NAMED[ref];
    const hex = /^#x([0-9a-fA-F]+)$/.exec(ref);
    const dec = /^#([0-9]+)$/.exec(ref);
    if (hex || dec) return String.fromCodePoint(hex ? parseInt(hex[1], 16) : Number(dec![1]));
    throw new Error(`unknown entity ${all}`);
  });
}

const OPEN = /<([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>/y;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;
const CLOSE = /<\/([A-Za-z_][\w.-]*)\s*>/y;

export function parseXml(source: string): XmlElement {
  if (ILLEGAL.test(source)) throw new Error('a character XML 1.0 forbids');
  let i = /^<\?xml[^?]*\?>\s*/.exec(source)?.[0].length ?? 0;
  const element = (): XmlElement => {
    OPEN.lastIndex = i;
    const open = OPEN.exec(source);
    if (!open) throw new Error(`expected a start tag at ${i}: ${JSON.stringify(source.slice(i, i + 40))}`);
    i = OPEN.lastIndex;
    const attributes: Record<string, string> = {};
    for (const [, key, double, single] of open[2].matchAll(ATTRIBUTE)) {
      if (key in attributes) throw new Error(`duplicate attribute ${key}`);
      // Attribute-value normalisation: a literal tab or line break is read as a space.
      attributes[key] = decode((double ?? single).replace(/[\t\n\r]/g, ' '));
    }
    const children: XmlElement[] = [];
    let text = '';
    if (open[3] === '/') return { name: open[1], attributes, children, text };
    for (;;) {
      if (i >= source.length) throw new Error(`<${open[1]}> not closed`);
      if (source.startsWith('</', i)) {
        CLOSE.lastIndex = i;
        const close = CLOSE.exec(source);
        if (!close || close[1] !== open[1]) throw new Error(`<${open[1]}> closed by ${source.slice(i, i + 30)}`);
        i = CLOSE.lastIndex;
        return { name: open[1], attributes, children, text };
      }
      if (source[i] === '<') children.push(element());
      else {
        const end = source.indexOf('<', i);
        const raw = source.slice(i, end < 0 ? undefined : end);
        if (raw.includes(']]>')) throw new Error(']]> in text');
        text += decode(raw);
        i += raw.length;
      }
    }
  };
  const root = element();
  if (source.slice(i).trim() !== '') throw new Error('content after the root element');
  return root;
}
