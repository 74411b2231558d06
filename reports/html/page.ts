// The shell every HTML report shares: one self-contained file (inline CSS, inline SVG, no script,
// no font or image from anywhere). The Content-Security-Policy makes that a promise the browser
// keeps: anything that tried to load from the network would be blocked and logged.
export function esc(text: string | number): string {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A relative path as a URL: each segment encoded, so a preset named `a#b` or `50%` still links to its file. */
export const encodePath = (relative: string) => relative.split('/').map(encodeURIComponent).join('/');

/** A relative link to a file we wrote, URL-encoded, then escaped for an attribute. */
export function href(relative: string): string {
  return relative === '#' ? '#' : esc(encodePath(relative));
}

const CSS = `
:root { --ink: #1d2430; --muted: #5d6878; --line: #dde3ea; --paper: #f5f7fa; --card: #fff; --bad: #c62828; --bad-bg: #fdecea; --good: #1b7f3b; --good-bg: #e7f5ec; --accent: #2457c5; }
* { box-sizing: border-box; }
body { margin: 0; background: var(--paper); color: var(--ink); font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1280px; margin: 0 auto; padding: 28px 28px 48px; }
header h1 { margin: 0 0 4px; font-size: 24px; letter-spacing: -0.01em; }
header p { margin: 0; color: var(--muted); }
h2 { font-size: 17px; margin: 28px 0 10px; }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; margin: 14px 0; box-shadow: 0 1px 2px rgba(20, 30, 50, 0.04); }
.verdict { border-left: 6px solid var(--bad); background: var(--bad-bg); }
.verdict.ok { border-left-color: var(--good); background: var(--good-bg); }
.verdict strong { font-size: 16px; }
.verdict p { margin: 4px 0 0; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 999px; font-size: 12.5px; font-weight: 600; background: var(--bad-bg); color: var(--bad); border: 1px solid #f3c2bd; margin-right: 6px; }
.badge.ok { background: var(--good-bg); color: var(--good); border-color: #b9e0c6; }
.chips span { display: inline-block; margin: 0 6px 6px 0; padding: 2px 10px; border-radius: 6px; background: #eef2f7; font-size: 13px; color: #334; }
.spof li p { margin: 2px 0; }
ol.story { margin: 6px 0 0; padding-left: 22px; }
ol.story li { margin: 3px 0; }
.when { font-variant-numeric: tabular-nums; color: var(--muted); min-width: 4.5em; display: inline-block; }
.figure { overflow-x: auto; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.legend { display: flex; flex-wrap: wrap; gap: 6px 16px; margin-top: 10px; font-size: 13px; color: var(--muted); }
.legend i { display: inline-block; width: 14px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { color: var(--muted); font-weight: 600; background: #fafbfc; }
td.num, th.num { text-align: right; }
td.bad { color: var(--bad); font-weight: 600; }
td.good { color: var(--good); }
tr.default td:first-child::after { content: " default"; font-size: 11px; color: var(--muted); margin-left: 6px; padding: 0 6px; border: 1px solid var(--line); border-radius: 999px; }
tr.recommended td { background: var(--good-bg); }
details summary { cursor: pointer; color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 13px; }
pre { background: #0f1722; color: #e6edf3; padding: 12px 14px; border-radius: 8px; overflow-x: auto; }
a { color: var(--accent); }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap: 14px; }
.grid2 .card { margin: 0; }
footer { margin-top: 32px; color: var(--muted); font-size: 13px; }
`;

export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
<footer>Written by hafault. Self-contained: open it anywhere, nothing is fetched.</footer>
</main>
</body>
</html>
`;
}
