// A gate's findings as JUnit XML, the de-facto schema CI test reporters read (GitHub test-reporter
// actions, GitLab's `artifacts:reports:junit`, Jenkins' junit step): <testsuites> → a <testsuite>
// per model/preset → a <testcase> per property. A violation is a <failure type="violation">, a run
// that never settles an <error type="never-settles">, a property not judged a <skipped>. No `time`
// attribute: the file is a function of the inputs, so two runs of the same gate give the same bytes.
import { gateCounts, type GateCase, type GateCounts, type GateReport } from './gate.js';

/**
 * Characters XML 1.0 forbids anywhere (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF):
 * dropped, since no escape can carry them and one would make the whole file unreadable to a parser.
 */
const ILLEGAL = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(ILLEGAL, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value: quotes escaped, and tab/LF/CR as references (a parser would turn them into spaces). */
export function xmlAttribute(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

const attributes = (pairs: Record<string, string | number>): string =>
  Object.entries(pairs)
    .map(([k, v]) => ` ${k}="${xmlAttribute(String(v))}"`)
    .join('');

const countAttributes = (c: GateCounts) => ({
  tests: c.tests,
  failures: c.failures,
  errors: c.errors,
  skipped: c.skipped,
});

/** The body of a failure or an error: what the terminal prints, then the command that shows it. */
function body(c: GateCase): string {
  const lines = [...(c.details ?? []), ...(c.command ? [`see it: ${c.command}`] : [])];
  return xmlText(lines.join('\n'));
}

function testcase(suite: string, c: GateCase): string {
  const open = `    <testcase${attributes({ classname: suite, name: c.name })}`;
  const message = c.message ?? '';
  switch (c.outcome) {
    case 'passed':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped${attributes({ message })}/>\n    </testcase>`;
    case 'failed':
      return `${open}>\n      <failure${attributes({ message, type: 'violation' })}>${body(c)}</failure>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error${attributes({ message, type: 'never-settles' })}>${body(c)}</error>\n    </testcase>`;
  }
}

export function junitXml(report: GateReport): string {
  const all = report.suites.flatMap((s) => s.cases);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attributes({ name: `${report.command}: ${report.search}`, ...countAttributes(gateCounts(all)) })}>`,
  ];
  for (const suite of report.suites) {
    lines.push(`  <testsuite${attributes({ name: suite.name, ...countAttributes(gateCounts(suite.cases)) })}>`);
    for (const c of suite.cases) lines.push(testcase(suite.name, c));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return lines.join('\n') + '\n';
}
