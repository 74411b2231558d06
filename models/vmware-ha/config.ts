// vSphere HA settings: which HA agent (legacy AAM before vSphere 5, FDM since), its detection
// timers, the isolation address and the isolation response, each default with its source.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';
import { storageRebootKey } from '../../harness/engine/worldKeys.js';

export type Version = 'esx3.5' | 'vsphere4' | 'vsphere5.0' | 'vsphere5.1+';
export type IsolationResponse = 'power-off' | 'shut-down' | 'leave-powered-on';

export const isLegacy = (v: Version) => v === 'esx3.5' || v === 'vsphere4';

const KB = 'Broadcom KB 322784';
const EPPING = 'D. Epping, "vSphere 5.0: das.failuredetectiontime, what happened?" (VMware blog, 2011)';

export const vmwareKeys = [
  {
    key: 'version',
    type: 'enum',
    values: ['esx3.5', 'vsphere4', 'vsphere5.0', 'vsphere5.1+'],
    default: 'vsphere5.1+',
    describe:
      'esx3.5 and vsphere4: the legacy AAM agent (every host a primary, no datastore heartbeats); vsphere5.0 and later: FDM (one elected master, datastore heartbeating)',
    source: `DOMAIN.md VMware vSphere HA (legacy vs FDM 5.0+); ${KB}`,
  },
  {
    key: 'failureDetectionMs',
    type: 'ms',
    default: 15_000, // DOMAIN.md VMware: failed at 15 s (das.failuredetectiontime)
    describe:
      'A host silent this long (and, with FDM, without datastore heartbeats) is declared failed and its VMs restarted; legacy hosts declare themselves isolated 3 s earlier',
    source: `DOMAIN.md VMware (das.failuredetectiontime 15 s; isolation at 12 s); ${KB}: 4.x isolation at 12 s, restart at 15 s; vSphere Availability: 15 s without heartbeats ⇒ failed`,
    min: 4_000,
    max: 600_000,
    rangeSource:
      'modelling choice: das.failuredetectiontime has no documented bounds; legacy hosts declare isolation 3 s before failure, so at least 4 s',
  },
  {
    key: 'electionWaitMs',
    type: 'ms',
    default: 10_000, // DOMAIN.md VMware: election at +10
    describe: 'FDM: a slave that stops hearing its master enters the election this much later',
    source: `DOMAIN.md VMware (election at +10 s); ${EPPING}`,
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: no document gives bounds; longer than 10 min is out of scope, and runs stay finite',
  },
  {
    key: 'electionMs',
    type: 'ms',
    default: 15_000, // DOMAIN.md VMware: self-elect at +25
    describe: 'FDM: length of a master election (a slave alone elects itself at +25 s)',
    source: `DOMAIN.md VMware (master election ~15 s; self-elect at +25 s); ${EPPING}`,
    min: 1_000,
    max: 600_000,
    rangeSource: 'modelling choice: no document gives bounds; longer than 10 min is out of scope, and runs stay finite',
  },
  {
    key: 'isolationPingMs',
    type: 'ms',
    default: 5_000, // DOMAIN.md VMware: isolated at +30 (ping at +25)
    describe:
      'FDM: a host that hears nobody pings its isolation address this long before it declares itself isolated (a master at once, a slave after its election)',
    source: `DOMAIN.md VMware (ping at +25, isolated at +30); ${KB}: a primary is isolated in 5 s, a secondary in 30 s`,
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: no document gives bounds; longer than 10 min is out of scope, and runs stay finite',
  },
  {
    key: 'isolationPolicyDelayMs',
    type: 'ms',
    default: (c: { readonly version: Version }) => (c.version === 'vsphere5.1+' ? 30_000 : 0),
    describe:
      'FDM: delay between declaring isolation and applying the isolation response (fdm.isolationPolicyDelaySec)',
    source:
      'vSphere API reference, DasVmSettings.IsolationResponse: "after a 30 second delay" (5.1 and later); 5.0 had none (Epping, "Isolation detection in vSphere 5.1 versus 5.0")',
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: fdm.isolationPolicyDelaySec has no documented bounds',
  },
  {
    key: 'isolationResponse',
    type: 'enum',
    values: ['power-off', 'shut-down', 'leave-powered-on'],
    default: (c: { readonly version: Version }) =>
      c.version === 'esx3.5' ? 'power-off' : c.version === 'vsphere4' ? 'shut-down' : 'leave-powered-on',
    describe: 'What an isolated host does with its VMs',
    source: `DOMAIN.md VMware (power off (old) / shut down (4.x) / leave powered on (5.x+)); ${KB}: 4.x default shutdown; vSphere API: by default the isolated host leaves its VMs powered on`,
  },
  {
    key: 'isolationAddress',
    type: 'string',
    default: 'gw',
    describe:
      "das.isolationaddress: the topology host (a device on the management network) an isolated host pings; default the management network's gateway",
    source: `DOMAIN.md VMware (a silent host pings its isolation address); ${KB}: the isolation addresses (default gateway by default)`,
  },
  {
    key: 'newMasterCheckMs',
    type: 'ms',
    default: 10_000,
    describe:
      "FDM: a newly elected master declares an unreachable former member failed this long after its election (restart of a failed master's VMs at about +35 s)",
    source: 'HA deep-dive notes (failed master: election at +10 s, new master at +25 s, restarts at +35 s)',
    unverified: true,
    min: 0,
    max: 600_000,
    rangeSource: 'modelling choice: no document gives bounds; longer than 10 min is out of scope, and runs stay finite',
  },
  {
    key: 'guestShutdownMs',
    type: 'ms',
    default: 60_000,
    describe:
      'How long a guest OS shutdown (isolation response shut-down) takes before the VM is off and its lock released (HA waits at most das.isolationshutdowntimeout, 300 s)',
    source: 'modelling choice; das.isolationshutdowntimeout 300 s is the upper bound',
    unverified: true,
    min: 0,
    max: 300_000,
    rangeSource: 'das.isolationshutdowntimeout: HA waits at most 300 s for a guest shutdown, then powers the VM off',
  },
  {
    key: 'restartRetryMs',
    type: 'ms',
    default: 120_000,
    describe:
      'Delay before a failed VM restart (locked files, no capacity) is tried again; at most 5 attempts (das.maxvmrestartcount)',
    source: 'HA deep-dive notes (first retry after 2 minutes, 5 attempts); a constant interval is a simplification',
    unverified: true,
    min: 1_000,
    max: 3_600_000,
    rangeSource: 'modelling choice: no bounds documented for the retry interval',
  },
  {
    key: 'vmBootMs',
    type: 'ms',
    default: 60_000,
    describe: 'Time a restarted VM needs (power on, guest boot, services) before it serves',
    source: 'modelling choice; seed 003: a VMware HA failover interrupts clients briefly (unlike lock-step everRun)',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'hostBootMs',
    type: 'ms',
    default: 180_000,
    describe: 'Time a powered-on ESX host needs before its HA agent runs',
    source: 'modelling choice',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  storageRebootKey,
] as const satisfies readonly ConfigKey[];

/** vSphere HA's settings, typed from the table above. */
export type VmwareSettings = ConfigOf<typeof vmwareKeys>;

/** Most restart attempts per VM (das.maxvmrestartcount). */
export const MAX_RESTART_ATTEMPTS = 5;
/** Legacy AAM: a host declares itself isolated this long before others declare it failed (12 s of 15 s). */
export const LEGACY_ISOLATION_LEAD_MS = 3_000;
