// Real keepalived (the Debian package) as a RealProduct: one daemon per lab host, started with
// `ip netns exec`, its config written one directive per line (DOMAIN.md keepalived). Roles come from
// keepalived's notify FIFO (`INSTANCE "VI_1" MASTER 150`), the VIP from `ip monitor address` in the
// host's namespace, each stamped when it arrives.
import { spawn } from 'node:child_process';
import { closeSync, constants, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { INTERFACE, SUBNET_PREFIX } from '../../harness/lab/network.js';
import type { DaemonSite, RealDaemon, RealProduct } from '../../harness/lab/product.js';
import { priorityOf, type KeepalivedSettings } from './config.js';
import { alive, signal } from '../../harness/lab/resources.js';
import { command, prioritized } from '../../harness/lab/shell.js';
import { labEnv } from '../../harness/lab/owner.js';

export const VIP_ADDRESS = `${SUBNET_PREFIX}.250`;
const INSTANCE = 'VI_1';
const VIRTUAL_ROUTER_ID = 51;

/** What one daemon's keepalived.conf says. */
export interface DaemonSettings {
  readonly routerId: string;
  readonly fifo: string;
  readonly priority: number;
  readonly advertIntMs: number;
  readonly preempt: boolean;
  readonly preemptDelayMs: number;
  readonly version: string;
}

const seconds = (ms: number) => String(ms / 1000);

/** keepalived.conf for one router: one directive per line. */
export function keepalivedConf(s: DaemonSettings): string {
  const lines = [
    'global_defs {',
    `    router_id ${s.routerId}`,
    `    vrrp_notify_fifo ${s.fifo}`,
    // No automatic realtime priority on a shared machine (-1: off, and no warning about it).
    '    max_auto_priority -1',
    '}',
    `vrrp_instance ${INSTANCE} {`,
    // Every router starts as BACKUP (nopreempt needs it); the election decides.
    '    state BACKUP',
    `    interface ${INTERFACE}`,
    `    virtual_router_id ${VIRTUAL_ROUTER_ID}`,
    `    version ${s.version}`,
    `    priority ${s.priority}`,
    `    advert_int ${seconds(s.advertIntMs)}`,
  ];
  if (!s.preempt) lines.push('    nopreempt');
  if (s.preemptDelayMs > 0) lines.push(`    preempt_delay ${seconds(s.preemptDelayMs)}`);
  lines.push('    virtual_ipaddress {', `        ${VIP_ADDRESS}/24`, '    }', '}');
  return lines.join('\n') + '\n';
}

/** A notify FIFO line to a role: MASTER, BACKUP, FAULT, STOP (→ STOPPED); other events are not roles. */
export function roleOfFifoLine(line: string): string | null {
  const m = /^INSTANCE "([^"]+)" (\S+) \d+$/.exec(line.trim());
  if (!m || m[1] !== INSTANCE) return null;
  switch (m[2]) {
    case 'MASTER':
    case 'BACKUP':
    case 'FAULT':
      return m[2];
    case 'STOP':
      return 'STOPPED';
    default:
      return null;
  }
}

/** An `ip monitor address` line about the VIP: true added, false deleted, null not about it. */
export function vipChange(line: string): boolean | null {
  if (!line.includes(` inet ${VIP_ADDRESS}/`)) return null;
  return !line.trimStart().startsWith('Deleted');
}

function settingsFor(site: DaemonSite<KeepalivedSettings>, fifo: string): DaemonSettings {
  const c = site.config;
  return {
    routerId: `${site.res.prefix}-${site.host.id}`,
    fifo,
    priority: priorityOf(c, site.index),
    advertIntMs: c.advertIntMs,
    preempt: c.preempt,
    preemptDelayMs: c.preemptDelayMs,
    version: c.vrrpVersion,
  };
}

/** Calls `onLine` for every complete line read from a stream-like source. */
function lines(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let rest = '';
  return (chunk) => {
    rest += chunk.toString();
    let nl: number;
    while ((nl = rest.indexOf('\n')) >= 0) {
      onLine(rest.slice(0, nl));
      rest = rest.slice(nl + 1);
    }
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

class KeepalivedDaemon implements RealDaemon {
  private parentPid = 0;
  private childPid = 0;
  private exited: Promise<void> = Promise.resolve();
  private readonly conf: string;
  private readonly pidFile: string;
  private readonly vrrpPidFile: string;
  private readonly logFile: string;

  constructor(private readonly site: DaemonSite<KeepalivedSettings>) {
    const base = join(site.dir, site.host.id);
    this.conf = `${base}.conf`;
    this.pidFile = `${base}.pid`;
    this.vrrpPidFile = `${base}.vrrp.pid`;
    this.logFile = `${base}.log`;
  }

  async open(): Promise<void> {
    const { site } = this;
    const fifo = join(site.dir, `${site.host.id}.fifo`);
    await command('mkfifo', ['-m', '600', fifo]);
    writeFileSync(this.conf, keepalivedConf(settingsFor(site, fifo)));
    // Read-write: the FIFO never reports end-of-file when a keepalived exits and the next one opens it.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const reader = new Socket({ fd, readable: true, writable: false });
    reader.on(
      'data',
      lines((line) => {
        const role = roleOfFifoLine(line);
        if (role !== null) site.observe({ at: site.now(), host: site.index, type: 'role', role });
      }),
    );
    reader.on('error', () => undefined);
    site.res.closers.push(() => reader.destroy());
    // Tagged in its environment, like keepalived: a killed run's monitors are found by it.
    const monitor = spawn(...prioritized('ip', ['-n', site.host.ns, 'monitor', 'address']), {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: labEnv(site.res.prefix),
    });
    if (monitor.pid !== undefined) site.res.pids.add(monitor.pid);
    monitor.stdout.on(
      'data',
      lines((line) => {
        const held = vipChange(line);
        if (held !== null) site.observe({ at: site.now(), host: site.index, type: 'holds', held });
      }),
    );
    // `ip monitor` subscribes asynchronously; give it a moment so the first VIP change is not missed.
    await sleep(50);
  }

  async start(): Promise<void> {
    await this.exited;
    for (const f of [this.pidFile, this.vrrpPidFile]) rmSync(f, { force: true });
    const out = openSync(this.logFile, 'a');
    const argv = [
      'netns',
      'exec',
      this.site.host.ns,
      'keepalived',
      '--dont-fork',
      '--vrrp',
      '--log-console',
      '--log-detail',
      '-f',
      this.conf,
      '-p',
      this.pidFile,
      '-r',
      this.vrrpPidFile,
    ];
    // The run's tag in the environment: inherited by the VRRP child, found by a later run if this
    // one is killed before it can stop them (lab/stale.ts).
    const proc = spawn(...prioritized('ip', argv), { stdio: ['ignore', out, out], env: labEnv(this.site.res.prefix) });
    closeSync(out);
    if (proc.pid === undefined) throw new Error(`${this.site.host.id}: could not start keepalived`);
    // `nice` execs `ip netns exec`, which execs keepalived: this PID is keepalived's parent process.
    this.parentPid = proc.pid;
    this.childPid = 0;
    this.site.res.pids.add(proc.pid);
    this.exited = new Promise((resolve) => proc.once('exit', () => resolve()));
    void this.findChild(proc.pid);
  }

  /** keepalived's VRRP child writes its pid file once it runs; it must be signalled too. */
  private async findChild(parent: number): Promise<void> {
    for (let i = 0; i < 100 && this.parentPid === parent; i++) {
      if (existsSync(this.vrrpPidFile)) {
        const pid = Number(readFileSync(this.vrrpPidFile, 'utf8').trim());
        if (Number.isSafeInteger(pid) && pid > 0) {
          this.childPid = pid;
          this.site.res.pids.add(pid);
          return;
        }
      }
      await sleep(20);
    }
  }

  private pids(): number[] {
    return [this.childPid, this.parentPid].filter((p) => p > 0 && alive(p));
  }

  stop(): Promise<void> {
    if (this.parentPid > 0) signal(this.parentPid, 'SIGTERM');
    // Not awaited: a clean stop takes keepalived a moment; a later start waits for it.
    return Promise.resolve();
  }

  async crash(): Promise<void> {
    const pids = this.pids();
    const at = this.site.now();
    for (const p of pids) signal(p, 'SIGSTOP');
    for (const p of pids) signal(p, 'SIGKILL');
    this.site.observe({ at, host: this.site.index, type: 'role', role: 'DOWN' });
    // The host lost power: its addresses go with it (a killed keepalived leaves the VIP configured).
    await command('ip', ['-n', this.site.host.ns, 'addr', 'del', `${VIP_ADDRESS}/24`, 'dev', INTERFACE]).catch(
      () => undefined,
    );
    this.parentPid = 0;
    this.childPid = 0;
  }

  pause(): void {
    for (const p of this.pids()) signal(p, 'SIGSTOP');
  }

  resume(): void {
    for (const p of this.pids().reverse()) signal(p, 'SIGCONT');
  }

  log(): string {
    try {
      return readFileSync(this.logFile, 'utf8');
    } catch {
      return '';
    }
  }
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin')
    .split(':')
    .concat(['/usr/sbin', '/sbin'])
    .some((d) => existsSync(join(d, program)));
}

export const keepalivedProduct: RealProduct<KeepalivedSettings> = {
  model: 'keepalived',
  unavailable() {
    if (!onPath('keepalived')) return 'keepalived is not installed (Debian: apt-get install keepalived)';
    return null;
  },
  async prepare(site) {
    const d = new KeepalivedDaemon(site);
    await d.open();
    return d;
  },
};
