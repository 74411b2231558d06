// One host of the real Pacemaker lab: its own network namespace (made by the lab network), and for
// each boot a fresh mount + UTS namespace held by an anchor process (DOMAIN.md "Real Corosync/Pacemaker
// here"): private tmpfs on /run and /dev/shm (libqb's files and sockets stay per node), the node's
// own /var/lib/pacemaker, /var/lib/corosync, /var/log and /etc/corosync bind-mounted from the run's
// folder, the lab fence agent bind-mounted over fence_dummy, the hostname set to the node's name.
// Every daemon and command is entered through the anchor (`nsenter -t <anchor>`). Power-off kills
// every process of the node's network namespace, the anchor included, so the next boot starts with
// an empty /run as a real reboot does; the persistent state folders survive.
import { execFile, spawn } from 'node:child_process';
import { chownSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { labEnv } from '../../harness/lab/owner.js';
import { alive, freezeAndKill, signal, type RunResources } from '../../harness/lab/resources.js';
import { outputSync, prioritized } from '../../harness/lab/shell.js';

export interface ExecResult {
  readonly code: number | null;
  readonly stdout: string;
}

export type HostRole = 'node' | 'qnetd';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** uid and gid of hacluster:haclient, which Pacemaker's daemons run as. */
function haclusterIds(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('hacluster:'));
  const f = line?.split(':');
  if (!f) throw new Error('no user hacluster (Debian: apt-get install pacemaker)');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

export class LabNode {
  private anchorPid = 0;
  private corosyncPid = 0;
  private up = false;

  constructor(
    readonly name: string,
    readonly ns: string,
    readonly role: HostRole,
    /** The node's own folder inside the run's folder. */
    readonly root: string,
    private readonly res: RunResources,
    private readonly agentPath: string,
    private readonly withQdevice: boolean,
  ) {}

  get running(): boolean {
    return this.up;
  }

  /** The node's persistent folders, owned as the daemons expect. */
  prepare(files: { corosyncConf?: string; cib?: string }, write: (path: string, text: string) => void): void {
    const { uid, gid } = haclusterIds();
    const dirs = ['lib-pacemaker', 'lib-corosync', 'log', 'etc-corosync'];
    for (const d of dirs) mkdirSync(join(this.root, d), { recursive: true });
    for (const d of ['cib', 'pengine', 'blackbox', 'cores']) {
      mkdirSync(join(this.root, 'lib-pacemaker', d), { recursive: true });
      chownSync(join(this.root, 'lib-pacemaker', d), uid, gid);
    }
    chownSync(join(this.root, 'lib-pacemaker'), uid, gid);
    // DOMAIN.md Real Corosync/Pacemaker: /var/log needs corosync/, pacemaker/, crmsh/ owned by hacluster:haclient.
    for (const d of ['corosync', 'pacemaker', 'pacemaker/bundles', 'crmsh']) {
      mkdirSync(join(this.root, 'log', d), { recursive: true });
      chownSync(join(this.root, 'log', d), uid, gid);
    }
    if (files.corosyncConf !== undefined) write(join(this.root, 'etc-corosync', 'corosync.conf'), files.corosyncConf);
    if (files.cib !== undefined) {
      const cib = join(this.root, 'lib-pacemaker', 'cib', 'cib.xml');
      write(cib, files.cib);
      chownSync(cib, uid, gid);
    }
  }

  private anchorScript(): string {
    const r = this.root;
    const lines = [
      'set -e',
      'mount -t tmpfs -o mode=755 tmpfs /run',
      'mount -t tmpfs -o mode=1777 tmpfs /dev/shm',
      `mount --bind '${r}/lib-corosync' /var/lib/corosync`,
      `mount --bind '${r}/log' /var/log`,
      `mount --bind '${r}/etc-corosync' /etc/corosync`,
    ];
    if (this.role === 'node')
      lines.push(
        `mount --bind '${r}/lib-pacemaker' /var/lib/pacemaker`,
        `mount --bind '${this.agentPath}' /usr/sbin/fence_dummy`,
      );
    lines.push(`hostname ${this.name}`, 'exec sleep infinity');
    return lines.join('\n');
  }

  /** Starts a long-running process inside the node, tagged, its output appended to `<root>/<log>`. */
  private daemon(log: string, file: string, args: readonly string[]): number {
    const out = openSync(join(this.root, log), 'a');
    const argv = ['-t', String(this.anchorPid), '-n', '-m', '-u', '--', file, ...args];
    const proc = spawn(...prioritized('nsenter', argv), { stdio: ['ignore', out, out], env: labEnv(this.res.prefix) });
    closeSync(out);
    if (proc.pid === undefined) throw new Error(`${this.name}: could not start ${file}`);
    this.res.pids.add(proc.pid);
    proc.on('error', () => undefined);
    return proc.pid;
  }

  private async startAnchor(): Promise<void> {
    const argv = ['netns', 'exec', this.ns, 'unshare', '--mount', '--uts', '--propagation', 'private', '--'];
    const proc = spawn(...prioritized('ip', [...argv, 'sh', '-c', this.anchorScript()]), {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: labEnv(this.res.prefix),
    });
    if (proc.pid === undefined) throw new Error(`${this.name}: could not start its anchor`);
    const pid = proc.pid;
    this.res.pids.add(pid);
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    // `nice`, `ip netns exec`, `unshare` and `sh` each exec the next: the PID becomes `sleep` once mounted.
    for (let waited = 0; waited < 10_000; waited += 20) {
      if (!alive(pid)) throw new Error(`${this.name}: its namespaces could not be set up: ${stderr.trim()}`);
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'sleep') {
        this.anchorPid = pid;
        return;
      }
      await sleep(20);
    }
    throw new Error(`${this.name}: its anchor did not come up in 10 s`);
  }

  /** Runs a command inside the node; its exit code and output (never throws; null code: killed or timed out). */
  exec(file: string, args: readonly string[], timeoutMs = 5_000): Promise<ExecResult> {
    if (this.anchorPid === 0 || !alive(this.anchorPid)) return Promise.resolve({ code: null, stdout: '' });
    const argv = ['-t', String(this.anchorPid), '-n', '-m', '-u', '--', file, ...args];
    return new Promise((resolve) => {
      execFile(
        ...prioritized('nsenter', argv),
        { timeout: timeoutMs, killSignal: 'SIGKILL', env: labEnv(this.res.prefix), maxBuffer: 4 << 20 },
        (error, stdout) => {
          const code = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
          resolve({ code, stdout: String(stdout) });
        },
      );
    });
  }

  /** Boot: namespaces, then corosync (and the quorum device daemon), then pacemakerd; or qnetd. */
  async boot(): Promise<void> {
    await this.startAnchor();
    if (this.role === 'qnetd') {
      // TLS off: the lab has no certificates, and its traffic never leaves its bridge.
      this.daemon('qnetd.out', 'corosync-qnetd', ['-f', '-s', 'off']);
      this.up = true;
      return;
    }
    this.corosyncPid = this.daemon('corosync.out', 'corosync', ['-f']);
    // corosync answers on its IPC once it runs; qdevice and pacemakerd need that.
    for (let waited = 0; waited < 15_000; waited += 100) {
      const r = await this.exec('corosync-cfgtool', ['-s'], 2_000);
      if (r.code === 0) break;
      if (!alive(this.corosyncPid))
        throw new Error(`${this.name}: corosync exited at start (see ${this.root}/corosync.out)`);
      await sleep(100);
    }
    if (this.withQdevice) this.daemon('qdevice.out', 'corosync-qdevice', ['-f']);
    this.daemon('pacemakerd.out', 'pacemakerd', ['-f']);
    this.up = true;
  }

  /** Every live process of the node's network namespace (its daemons, their children, commands entered). */
  processes(): number[] {
    return outputSync('ip', ['netns', 'pids', this.ns])
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((p) => p > 0 && alive(p));
  }

  /** Pulls the plug: every process of the node at once. True when none is left (checked). */
  async powerOff(): Promise<boolean> {
    this.up = false;
    for (let round = 0; round < 5; round++) {
      const pids = new Set(this.processes());
      if (pids.size === 0) break;
      freezeAndKill(pids);
      for (let waited = 0; waited < 2_000 && [...pids].some(alive); waited += 10) await sleep(10);
    }
    this.anchorPid = 0;
    this.corosyncPid = 0;
    return this.processes().length === 0;
  }

  hang(): boolean {
    return this.corosyncPid > 0 && signal(this.corosyncPid, 'SIGSTOP');
  }

  resume(): boolean {
    return this.corosyncPid > 0 && signal(this.corosyncPid, 'SIGCONT');
  }

  /** Whether a Dummy resource's state file exists in the node's private /run (it runs there). */
  hasState(resource: string): boolean {
    if (this.anchorPid === 0 || !alive(this.anchorPid)) return false;
    return existsSync(`/proc/${this.anchorPid}/root/run/Dummy-${resource}.state`);
  }

  /** The node's logs (corosync, pacemaker, daemon output), read before the run's folder goes. */
  logs(): Record<string, string> {
    const read = (p: string) => {
      try {
        return readFileSync(join(this.root, p), 'utf8');
      } catch {
        return '';
      }
    };
    return {
      corosync: read('log/corosync/corosync.log'),
      pacemaker: read('log/pacemaker/pacemaker.log'),
      out: ['corosync.out', 'pacemakerd.out', 'qdevice.out', 'qnetd.out'].map(read).join(''),
    };
  }
}
