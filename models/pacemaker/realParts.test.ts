// The real Pacemaker lab's pure parts: the files it writes (corosync.conf per DOMAIN.md, a CIB that
// Pacemaker's own crm_verify accepts), how it reads corosync-quorumtool and crm_mon (fixtures captured
// from a real two-node lab on this machine), the schedule it takes, and the outcome it reads off a timeline.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cibXml, corosyncConf, DEFAULT_REAL_SETTINGS, settingsProblems } from './realConfig.js';
import { fenceAgentScript, parseFenceRequest } from './realFenceAgent.js';
import type { RealEvent } from './realObservation.js';
import { outcomeOf } from './realOutcome.js';
import { parseCrmMon, parseQuorumtool } from './realRead.js';
import { parseSchedule, scheduleProblems } from './realSchedule.js';

const addr = { nodes: ['192.0.2.1', '192.0.2.2'], qnetd: '192.0.2.3', group: '192.0.2.100' };
const fixture = (f: string) => readFileSync(join(import.meta.dirname, 'fixtures', f), 'utf8');

describe('corosync.conf', () => {
  it('knet, no crypto, the token, both nodes, two_node with wait_for_all; one statement per line', () => {
    const lines = corosyncConf(DEFAULT_REAL_SETTINGS, addr)
      .split('\n')
      .map((l) => l.trim());
    for (const want of [
      'transport: knet',
      'crypto_cipher: none',
      'crypto_hash: none',
      'token: 3000',
      'ring0_addr: 192.0.2.1',
      'name: n1',
      'nodeid: 1',
      'ring0_addr: 192.0.2.2',
      'name: n2',
      'nodeid: 2',
      'provider: corosync_votequorum',
      'two_node: 1',
      'wait_for_all: 1',
    ])
      expect(lines).toContain(want);
    // A newline after each `{`: nothing follows a brace on its line.
    expect(lines.filter((l) => /\{./.test(l))).toEqual([]);
    expect(lines.join('\n')).not.toMatch(/device/);
  });

  it('the qdevice variant: two_node off, a net device on the qnetd host with the algorithm, TLS off', () => {
    const text = corosyncConf({ ...DEFAULT_REAL_SETTINGS, qdevice: 'ffsplit', waitForAll: false }, addr);
    expect(text).not.toMatch(/two_node/);
    expect(text).toMatch(/^ {4}wait_for_all: 0$/m);
    expect(text).toMatch(
      /device \{\n\s+votes: 1\n\s+model: net\n\s+net \{\n\s+tls: off\n\s+host: 192\.0\.2\.3\n\s+algorithm: ffsplit\n/,
    );
  });

  it('qdevice lms: no votes key (corosync-qdevice.8: lms keeps the default, nodes − 1); three nodes in the nodelist', () => {
    const three = { nodes: ['192.0.2.1', '192.0.2.2', '192.0.2.4'], qnetd: '192.0.2.3', group: '192.0.2.100' };
    const text = corosyncConf({ ...DEFAULT_REAL_SETTINGS, nodes: 3, qdevice: 'lms', twoNode: false }, three);
    expect(text).toMatch(
      /device \{\n\s+model: net\n\s+net \{\n\s+tls: off\n\s+host: 192\.0\.2\.3\n\s+algorithm: lms\n/,
    );
    expect(text).not.toMatch(/votes/);
    expect(text).toMatch(/ring0_addr: 192\.0\.2\.4\n\s+name: n3\n\s+nodeid: 3\n/);
  });

  it('last_man_standing with its window, four nodes; refused with a quorum device', () => {
    const four = { nodes: ['192.0.2.1', '192.0.2.2', '192.0.2.4', '192.0.2.5'], qnetd: null, group: '192.0.2.100' };
    const s = { ...DEFAULT_REAL_SETTINGS, nodes: 4, twoNode: false, lastManStanding: true };
    const text = corosyncConf(s, four);
    expect(text).toMatch(
      /^ {4}two_node: 0\n {4}wait_for_all: 1\n {4}last_man_standing: 1\n {4}last_man_standing_window: 10000\n\}/m,
    );
    expect(text).toMatch(/name: n4/);
    expect(settingsProblems(s)).toEqual([]);
    expect(settingsProblems({ ...s, qdevice: 'lms' })).toEqual([expect.stringMatching(/^lastManStanding: /)]);
    expect(settingsProblems({ ...s, nodes: 5 })).toEqual([expect.stringMatching(/^nodes: expected 2 to 4/)]);
  });
});

describe('the CIB', () => {
  it('with more than two nodes the group prefers its home, then the others in order (the model recovers on the lowest node)', () => {
    const xml = cibXml({ ...DEFAULT_REAL_SETTINGS, nodes: 4, groupPrefers: 'n1' }, addr);
    const scores = [...xml.matchAll(/rsc="grp" node="(n\d)" score="(\d+)"/g)].map((m) => `${m[1]}=${m[2]}`);
    expect(scores).toEqual(['n1=100', 'n2=90', 'n3=80', 'n4=70']);
    // Two nodes: only the home (the CIB the two-node runs were measured with).
    expect([
      ...cibXml({ ...DEFAULT_REAL_SETTINGS, groupPrefers: 'n1' }, addr).matchAll(/rsc="grp" node=/g),
    ]).toHaveLength(1);
  });

  const verify = (xml: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-cib-'));
    try {
      writeFileSync(join(dir, 'cib.xml'), xml);
      execFileSync('crm_verify', ['--xml-file', join(dir, 'cib.xml')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it.runIf(existsSync('/usr/sbin/crm_verify'))('crm_verify accepts it, and rejects a broken one', () => {
    verify(cibXml({ ...DEFAULT_REAL_SETTINGS, fenceDelayBaseMs: [5000, 0], groupPrefers: 'n2' }, addr));
    verify(cibXml({ ...DEFAULT_REAL_SETTINGS, resources: 'dummy' }, addr));
    verify(cibXml({ ...DEFAULT_REAL_SETTINGS, nodes: 4, groupPrefers: 'n1' }, addr));
    expect(() => verify(cibXml(DEFAULT_REAL_SETTINGS, addr).replace('class="stonith"', 'class="nonsense"'))).toThrow();
  });

  it('stonith on, a device per node with its delays, never on the node it fences, the group', () => {
    const xml = cibXml({ ...DEFAULT_REAL_SETTINGS, fenceDelayBaseMs: [5000, 0], fenceDelayMaxMs: [0, 2500] }, addr);
    expect(xml).toContain('name="stonith-enabled" value="true"');
    expect(xml).toContain('name="no-quorum-policy" value="stop"');
    expect(xml).toMatch(
      /id="fence-n1"[^]*name="pcmk_host_list" value="n1"[^]*name="pcmk_delay_base" value="5s"[^]*id="fence-n2"/,
    );
    expect(xml).toMatch(/id="fence-n2"[^]*name="pcmk_delay_max" value="2.5s"/);
    expect(xml).toContain('<rsc_location id="fence-n1-not-on-n1" rsc="fence-n1" node="n1" score="-INFINITY"/>');
    expect(xml).toMatch(
      /<group id="grp"><primitive id="vip" class="ocf" provider="heartbeat" type="IPaddr2">.*192\.0\.2\.100.*<primitive id="svc"/,
    );
  });

  it('settings out of range are named', () => {
    expect(settingsProblems({ ...DEFAULT_REAL_SETTINGS, tokenMs: 10, groupPrefers: 'n9' })).toEqual([
      'tokenMs: expected whole ms ≥ 200, got 10',
      'groupPrefers: expected one of n1, n2 or null, got n9',
    ]);
  });
});

describe('what the daemons say', () => {
  it('corosync-quorumtool -s: quorate and the members, without "(local)"', () => {
    expect(parseQuorumtool(fixture('quorumtool-two-node.txt'))).toEqual({ quorate: true, members: ['n1', 'n2'] });
    const alone = fixture('quorumtool-two-node.txt')
      .replace('Quorate:          Yes', 'Quorate:          No')
      .replace(/^\s+2\s+1 n2\n?/m, '');
    expect(parseQuorumtool(alone)).toEqual({ quorate: false, members: ['n1'] });
    expect(parseQuorumtool('Cannot initialize QUORUM service')).toBeNull();
  });

  it('corosync-quorumtool -s with a quorum device: its flag column is not a name', () => {
    const text = [
      'Quorate:          Yes',
      '',
      'Membership information',
      '----------------------',
      '    Nodeid      Votes    Qdevice Name',
      '         1          1    A,V,NMW n1 (local)',
      '         0          1            Qdevice',
      '',
    ].join('\n');
    expect(parseQuorumtool(text)).toEqual({ quorate: true, members: ['n1'] });
  });

  it('crm_mon --output-as=xml: the DC, online nodes, where the group runs, what is started', () => {
    expect(parseCrmMon(fixture('crm_mon-settled.xml'), 'grp')).toEqual({
      dc: 'n1',
      quorate: true,
      online: ['n1', 'n2'],
      groupOn: ['n1'],
      started: ['fence-n1', 'fence-n2', 'svc', 'vip'],
    });
    const noDc = fixture('crm_mon-settled.xml').replace(/<current_dc [^>]*>/, '<current_dc present="false"/>');
    expect(parseCrmMon(noDc, 'grp')?.dc).toBeNull();
    expect(parseCrmMon('crm_mon: Connection to cluster failed', 'grp')).toBeNull();
  });

  it('a fence request line: epoch ms, id, action, by, target', () => {
    expect(parseFenceRequest('1796633928123 1796633928123-4242 reboot n1 n2\n')).toEqual({
      epochMs: 1796633928123,
      id: '1796633928123-4242',
      action: 'reboot',
      by: 'n1',
      target: 'n2',
    });
    expect(parseFenceRequest('reboot n1 n2')).toBeNull();
  });

  it('the agent prints metadata and answers monitor without asking the lab', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pm-agent-'));
    try {
      writeFileSync(join(dir, 'agent'), fenceAgentScript(dir, 1), { mode: 0o755 });
      const meta = execFileSync(join(dir, 'agent'), [], { input: 'action=metadata\n', encoding: 'utf8' });
      expect(meta).toMatch(/<resource-agent name="fence_dummy"[^]*<parameter name="port"[^]*<action name="reboot"\/>/);
      expect(execFileSync(join(dir, 'agent'), ['-o', 'monitor'], { encoding: 'utf8' })).toBe('');
      // Nobody answers the request: the agent gives up and fails, never reports a kill it did not see.
      expect(() => execFileSync(join(dir, 'agent'), [], { input: 'action=off\nport=n2\n', stdio: 'pipe' })).toThrow();
      expect(readFileSync(join(dir, 'fence.log'), 'utf8')).toMatch(/^\d{13} off \S+ n2\n\d{13} off \S+ n2 timeout\n$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the schedule', () => {
  it('parses times and faults, sorted; names every problem', () => {
    expect(parseSchedule('at 20s: boot n2; at 5s: cut-link n1|n2')).toEqual({
      steps: [
        { atMs: 5000, fault: 'cut-link', target: 'n1|n2' },
        { atMs: 20000, fault: 'boot', target: 'n2' },
      ],
    });
    expect(parseSchedule('at 5s: explode n1')).toEqual({
      problems: [
        '"at 5s: explode n1": unknown fault explode (expected one of cut-link, repair-link, power-off, boot, hang, resume, fence-fail, fence-repair)',
      ],
    });
    expect(
      scheduleProblems(
        [
          { atMs: 0, fault: 'cut-link', target: 'n1|n1' },
          { atMs: 1, fault: 'boot', target: 'q' },
        ],
        ['n1', 'n2'],
        ['n1', 'n2', 'q'],
      ),
    ).toEqual([
      'step 1 (cut-link n1|n1): target must be two different hosts a|b of n1, n2, q',
      'step 2 (boot q): target must be a cluster node (n1, n2)',
    ]);
  });
});

describe('the outcome of a timeline', () => {
  const place = (atMs: number, node: string, holds: boolean): RealEvent => ({
    atMs,
    type: 'placement',
    node,
    holds,
    members: holds ? ['svc'] : [],
  });
  it('mutual fencing, who is alive, dual activity', () => {
    const events: RealEvent[] = [
      place(0, 'n1', true),
      place(0, 'n2', false),
      { atMs: 7000, type: 'fence', by: 'n1', target: 'n2', action: 'reboot', result: 'requested' },
      place(7100, 'n2', true),
      { atMs: 7500, type: 'fence', by: 'n1', target: 'n2', action: 'reboot', result: 'ok' },
      { atMs: 7500, type: 'death', node: 'n2', cause: 'fence' },
      place(7600, 'n2', false),
      { atMs: 7700, type: 'fence', by: 'n2', target: 'n1', action: 'reboot', result: 'ok' },
      { atMs: 7700, type: 'death', node: 'n1', cause: 'fence' },
      place(7700, 'n1', false),
    ];
    const o = outcomeOf(events, ['n1', 'n2'], 10_000);
    // The lab records a death before the fence's ok (it checks the death first): the same verdict.
    const deathFirst = [...events.slice(0, 4), events[5], events[4], events[6], events[8], events[7], events[9]];
    expect(outcomeOf(deathFirst, ['n1', 'n2'], 10_000).mutualFencing).toBe(true);
    expect(o.mutualFencing).toBe(true);
    expect(o.alive).toEqual([]);
    expect(o.dualActiveMs).toBe(500);
    expect(o.fenced.map((f) => `${f.by}>${f.target}`)).toEqual(['n1>n2', 'n2>n1']);
    const one = outcomeOf(events.slice(0, 7), ['n1', 'n2'], 10_000);
    expect([one.mutualFencing, one.alive, one.groupOn]).toEqual([false, ['n1'], ['n1']]);
  });
});
