// What the HTML tests need from a real browser: find (or install) Debian's chromium, open a page
// headless once to get its console messages, its DOM after load and a screenshot, and read the
// screenshot's pixels (a small PNG decoder: 8-bit, non-interlaced, as chromium writes them).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { inflateSync } from 'node:zlib';
import { writeFileAtomic } from '../../harness/runners/files.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome'];

/** The browser on PATH (HAFAULT_CHROMIUM names another one). */
export function findChromium(): string | null {
  const candidates = process.env.HAFAULT_CHROMIUM ? [process.env.HAFAULT_CHROMIUM] : NAMES;
  for (const name of candidates) {
    const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (r.status === 0 && r.stdout.trim() !== '') return r.stdout.trim();
  }
  return null;
}

/** The browser, installing Debian's package first when it is missing and we may (root, apt-get). */
export function ensureChromium(): { path: string } | { reason: string } {
  const found = findChromium();
  if (found) return { path: found };
  if (process.env.HAFAULT_CHROMIUM)
    return { reason: `HAFAULT_CHROMIUM=${process.env.HAFAULT_CHROMIUM} is not an executable on PATH` };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0)
    return { reason: 'chromium is not installed and this is not root, so apt-get cannot install it' };
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
      stdio: 'ignore',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    });
  } catch (error) {
    return { reason: `apt-get install chromium failed: ${(error as Error).message.split('\n')[0]}` };
  }
  const installed = findChromium();
  return installed
    ? { path: installed }
    : { reason: 'apt-get install chromium succeeded but no chromium binary is on PATH' };
}

export interface Opened {
  /** Messages the page logged to its console (errors, CSP violations, …). */
  readonly console: readonly string[];
  readonly dom: string;
  readonly png: Buffer;
}

export function openHeadless(chromium: string, file: string, width = 1300, height = 1000): Opened {
  const profile = mkdtempSync(join(tmpdir(), 'hafault-chromium-'));
  const png = join(profile, 'shot.png');
  try {
    const r = spawnSync(
      chromium,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${profile}`,
        '--enable-logging=stderr',
        '--v=0',
        '--hide-scrollbars',
        `--window-size=${width},${height}`,
        '--virtual-time-budget=2000',
        `--screenshot=${png}`,
        '--dump-dom',
        pathToFileURL(file).href,
      ],
      { encoding: 'utf8', timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
    );
    if (r.status !== 0) throw new Error(`chromium exited ${r.status}: ${r.stderr.slice(-500)}`);
    const console = r.stderr.split('\n').filter((l) => l.includes(':CONSOLE'));
    return { console, dom: r.stdout, png: readFileSync(png) };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Where the page's table sits once laid out: its last header cell's right edge, its container's, the scroll widths. */
export interface TableLayout {
  readonly viewportWidth: number;
  readonly lastColumnRight: number;
  readonly containerRight: number;
  readonly containerClientWidth: number;
  readonly containerScrollWidth: number;
  readonly pageScrollWidth: number;
}

/**
 * Lays a page out at `width` px and measures its first table. The pages carry no script (their
 * CSP forbids it), so the measuring one is added to a copy without the CSP meta: layout only, the
 * page's own console is checked on the page itself with openHeadless.
 */
export function measureTable(chromium: string, html: string, width: number): TableLayout {
  const dir = mkdtempSync(join(tmpdir(), 'hafault-measure-'));
  const probe = `<script>addEventListener('load', () => {
  const th = [...document.querySelectorAll('table thead th')];
  const box = document.querySelector('table').parentElement.getBoundingClientRect();
  const container = document.querySelector('table').parentElement;
  document.body.setAttribute('data-layout', JSON.stringify({
    viewportWidth: innerWidth, lastColumnRight: th[th.length - 1].getBoundingClientRect().right,
    containerRight: box.right, containerClientWidth: container.clientWidth,
    containerScrollWidth: container.scrollWidth, pageScrollWidth: document.documentElement.scrollWidth }));
});</script>`;
  try {
    const file = join(dir, 'measured.html');
    writeFileAtomic(
      file,
      html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('</body>', `${probe}</body>`),
    );
    const m = openHeadless(chromium, file, width, 1000).dom.match(/data-layout="([^"]*)"/);
    if (!m) throw new Error('the measuring script did not run');
    return JSON.parse(m[1].replace(/&quot;/g, '"')) as TableLayout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface PixelStats {
  readonly width: number;
  readonly height: number;
  /** Variance of the luminance over every pixel (0: one flat colour). */
  readonly variance: number;
  /** Distinct colours, each channel quantised to 16 levels. */
  readonly colours: number;
}

export function pixelStats(png: Buffer): PixelStats {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colourType, , , interlace] = [data[8], data[9], data[10], data[11], data[12]];
      channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colourType] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0)
        throw new Error(`unsupported PNG (depth ${depth}, colour type ${colourType}, interlace ${interlace})`);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i++) {
      const left = i >= channels ? pixels[y * stride + i - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const upLeft = y > 0 && i >= channels ? pixels[(y - 1) * stride + i - channels] : 0;
      let v = line[i];
      if (filter === 1) v += left;
      else if (filter === 2) v += up;
      else if (filter === 3) v += (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        v += pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
      }
      pixels[y * stride + i] = v & 255;
    }
  }
  let sum = 0;
  let squares = 0;
  const colours = new Set<number>();
  for (let p = 0; p < width * height; p++) {
    const k = p * channels;
    const [r, g, b] = channels >= 3 ? [pixels[k], pixels[k + 1], pixels[k + 2]] : [pixels[k], pixels[k], pixels[k]];
    const lum = 0.299 * r + 0.587 * g + 0.114 * b;
    sum += lum;
    squares += lum * lum;
    colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
  }
  const count = width * height;
  return { width, height, variance: squares / count - (sum / count) ** 2, colours: colours.size };
}
