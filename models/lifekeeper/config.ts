// LifeKeeper settings, their defaults and where each default comes from.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';
import { storageRebootKey } from '../../harness/engine/worldKeys.js';

export type ReservationBreak = 'reset' | 'none';
export type QuorumMode = 'majority' | 'none';
export type WitnessMode = 'remote_verify' | 'none';
export type QuorumLossAction = 'fastkill' | 'fastboot' | 'osu';

const TUNING = 'SIOS LifeKeeper for Linux, "Tuning the LifeKeeper Heartbeat"';
const QWK = 'SIOS LifeKeeper for Linux, "Quorum/Witness" and its Quorum parameters table';
const DATAKEEPER = 'SteelEye Protection Suite for Linux, SteelEye DataKeeper chapter';
const LKSCSID = 'SIOS LifeKeeper for Linux 7.5, lkscsid(8)';

export const lifekeeperKeys = [
  {
    key: 'linuxHeartbeatMs',
    type: 'ms',
    default: 5_000, // DOMAIN.md LifeKeeper: LCMHBEATTIME = 5 s
    describe: 'LCMHBEATTIME on Linux nodes: interval between heartbeats on every comm path',
    source: `DOMAIN.md LifeKeeper; ${TUNING}: heartbeat every 5 s (minimum 1 s over TCP)`,
    min: 1_000,
    max: 600_000,
    rangeSource: `${TUNING}: minimum 1 s over TCP and no upper limit; the maximum is a modelling choice, so runs stay finite`,
  },
  {
    key: 'linuxHeartbeatMisses',
    type: 'number',
    default: 3, // DOMAIN.md LifeKeeper: LCMNUMHBEATS = 3
    describe: 'LCMNUMHBEATS on Linux nodes: missed heartbeats before a comm path is declared dead',
    source: `DOMAIN.md LifeKeeper; ${TUNING}: a path dead for 3 beats is labelled dead (minimum 2)`,
    min: 2,
    max: 100,
    rangeSource: `${TUNING}: minimum 2 and no upper limit; the maximum is a modelling choice`,
  },
  {
    key: 'windowsHeartbeatMs',
    type: 'ms',
    default: 6_000, // DOMAIN.md LifeKeeper: newer 6 s × 5
    describe: 'Heartbeat interval on Windows nodes (SIOS Protection Suite for Windows)',
    source:
      'DOMAIN.md LifeKeeper (newer: 6 s × 5); SIOS Protection Suite for Windows 8.6, "Heartbeat Interval": default and recommended 6 s',
    min: 4_000,
    max: 600_000,
    rangeSource:
      'SIOS Protection Suite for Windows 8.6, "Heartbeat Interval": minimum 4 s; the maximum is a modelling choice, so runs stay finite',
  },
  {
    key: 'windowsHeartbeatMisses',
    type: 'number',
    default: 5, // DOMAIN.md LifeKeeper: newer 6 s × 5
    describe: 'Maximum heartbeat misses on Windows nodes',
    source: 'DOMAIN.md LifeKeeper; SIOS Protection Suite for Windows 8.6: maximum heartbeat misses default 5',
    min: 2,
    max: 100,
    rangeSource: "modelling choice: the Windows guide gives no bounds; the minimum is LCMNUMHBEATS's on Linux, 2",
  },
  {
    key: 'quickCheckMs',
    type: 'ms',
    default: 120_000, // DOMAIN.md LifeKeeper: resource check every 2 min (quickCheck)
    describe:
      "lkcheck interval: how often each in-service resource's quickCheck runs (a crashed application is noticed one interval later: the worst case)",
    source: 'DOMAIN.md LifeKeeper; SIOS "Resource Error Recovery Scenario": lkcheck runs once every two minutes',
    min: 1_000,
    max: 3_600_000,
    rangeSource: 'modelling choice: SIOS gives the two-minute interval, no bounds',
  },
  {
    key: 'localRecoveryTries',
    type: 'number',
    default: 1,
    describe:
      'Restarts in place (local recovery) before the resource fails over; a restart counts as failed when the application fails again before it passes one quickCheck',
    source:
      'DOMAIN.md LifeKeeper: local recovery first, failover only when it fails; SIOS "Resource Error Recovery Scenario" (one recover attempt, then failover); the counting rule is a modelling choice',
    unverified: true,
    min: 0,
    max: 10,
    rangeSource: 'modelling choice: SIOS gives no bound',
  },
  {
    key: 'failfastMs',
    type: 'ms',
    default: 5_000,
    describe:
      'FAILFASTTIMER: lkscsid checks its reserved devices this often (a stolen reservation halts and reboots the node; an unreachable device fails its resources over)',
    source: 'SIOS LifeKeeper lkscsid(8): FAILFASTTIMER default 5 s, SCSIHALT default TRUE',
    min: 1_000,
    max: 600_000,
    rangeSource: 'modelling choice: lkscsid(8) gives the 5 s default, no bounds',
  },
  {
    key: 'reservationBreak',
    type: 'enum',
    values: ['reset', 'none'],
    // lkscsid(8): a reservation another node has "stolen" halts and reboots its holder; SIOS "SCSI Reservations": without quorum/witness, servers can kill each other
    default: 'reset',
    describe:
      'reset: a backup that meets a reservation conflict resets the device and the bus and reserves again, so it wins and the previous holder halts; none: the conflict ends the takeover, as SCENARIOS.md LK-3 writes it (storage that keeps reservations through resets)',
    source: `${LKSCSID}: when another system has "stolen" a reservation, lkscsid halts and reboots its node; SIOS LifeKeeper for Linux 9.0.2, "SCSI Reservations": without quorum/witness membership a split brain can make servers kill each other; SIOS KB (lkdkuserportal.sios.jp 360037887931): RESERVE, then BUS_DEVICE_RESET, then BUS_RESET. \`none\` (the backup cannot take the disk, SCENARIOS.md LK-3) is a modelling alternative`,
  },
  {
    key: 'qwk',
    type: 'boolean',
    default: false,
    describe:
      'Quorum/Witness package (steeleye-lkQWK) installed: quorum and witness checks before a failover (without it, no quorum logic runs)',
    source: `${QWK}: the quorum logic is enabled only when the witness support package is installed; seed 002 (2006) predates it`,
  },
  {
    key: 'quorumMode',
    type: 'enum',
    values: ['majority', 'none'],
    default: 'majority', // DOMAIN.md LifeKeeper: QUORUM_MODE majority default
    describe:
      "QUORUM_MODE (with qwk): majority = a node has quorum when it sees more than half of its cluster's nodes, itself included",
    source: `DOMAIN.md LifeKeeper; ${QWK}: QUORUM_MODE default majority`,
  },
  {
    key: 'witnessMode',
    type: 'enum',
    values: ['remote_verify', 'none'],
    default: 'remote_verify', // DOMAIN.md LifeKeeper: WITNESS_MODE remote_verify
    describe:
      'WITNESS_MODE (with qwk): remote_verify = before failing over, ask the other visible nodes whether they too lost the node',
    source: `DOMAIN.md LifeKeeper; ${QWK}: WITNESS_MODE default remote_verify`,
  },
  {
    key: 'quorumLossAction',
    type: 'enum',
    values: ['fastkill', 'fastboot', 'osu'],
    default: 'fastkill', // DOMAIN.md LifeKeeper: loss action fastkill
    describe:
      'QUORUM_LOSS_ACTION (with qwk): fastkill halts the node, fastboot reboots it, osu takes its resources out of service',
    source: `DOMAIN.md LifeKeeper; ${QWK}: QUORUM_LOSS_ACTION default fastkill`,
  },
  {
    key: 'replication',
    type: 'enum',
    values: ['sync', 'async'],
    default: 'sync', // DOMAIN.md LifeKeeper: SDR or DRBD, synchronous or asynchronous (no default documented)
    describe:
      'Replication type of the mirrors of resources without shared storage: sync = a write is acknowledged once the target has it; async = queued and sent behind',
    source: `DOMAIN.md LifeKeeper: SDR or DRBD, synchronous or asynchronous; seed 002: SDR performs synchronous and asynchronous replication; ${DATAKEEPER}, "Extending Your Hierarchy": Replication Type is chosen per pair of servers. The default (sync) is a modelling choice`,
    unverified: true,
  },
  {
    key: 'asyncLagMs',
    type: 'ms',
    default: 1_000,
    describe:
      'With replication=async: age of the oldest write still queued on the source (what a source that dies takes with it)',
    source: 'modelling choice (depends on the write rate and the replication link)',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a queue older than an hour is out of scope',
  },
  {
    key: 'mirrorResyncMs',
    type: 'ms',
    default: 60_000,
    describe:
      'Time a target needs to resynchronise its mirror (the blocks changed while it was cut off or down) before it is in sync again; a target in resync cannot take the resource over',
    source: `${DATAKEEPER}, "Resynchronization": a target in resync cannot take over; the partial resync copies the blocks its bitmap marks. Its duration is a modelling choice`,
    unverified: true,
    min: 0,
    max: 86_400_000,
    rangeSource: 'modelling choice: a copy longer than a day is out of scope, and runs stay finite',
  },
  {
    key: 'appStartMs',
    type: 'ms',
    default: 30_000,
    describe:
      'Time to bring a resource hierarchy in service (disk, file system, virtual IP, application) before it serves',
    source: 'modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a step longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'hostBootMs',
    type: 'ms',
    default: 90_000,
    describe: 'Time a rebooted node needs before LifeKeeper runs on it again',
    source: 'modelling choice (server POST and OS boot)',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  storageRebootKey,
] as const satisfies readonly ConfigKey[];

/** LifeKeeper's settings, typed from the table above. */
export type LifekeeperSettings = ConfigOf<typeof lifekeeperKeys>;
