// Neverfail Heartbeat settings, their defaults and where each default comes from. Durations of the
// switchover steps, boots and synchronisation are modelling choices (no source gives them).
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';

const VCSH = 'vCenter Server Heartbeat 6.5 Administrator Guide (the product as VMware sold it)';

export const neverfailKeys = [
  {
    key: 'failoverTimeoutMs',
    type: 'ms',
    default: 60_000, // DOMAIN.md Neverfail: later versions have one failover timeout, default 60 s
    describe: 'How long the channel must stay silent before the passive server fails over (the admin-set threshold)',
    source:
      'DOMAIN.md Neverfail: failover timeout, default 60 s (older versions: heartbeat timeout 20 s, failover after 3 missed); seed 001: the admin sets the threshold',
    min: 1_000,
    max: 3_600_000,
    rangeSource: 'modelling choice: the guides give the 60 s default, no bounds',
  },
  {
    key: 'splitBrainAvoidance',
    type: 'boolean',
    default: false, // DOMAIN.md Neverfail: recommended, not default
    describe:
      'Before failing over, the passive pings the active over the public network and vetoes the failover if it answers',
    source: 'DOMAIN.md Neverfail: split-brain avoidance, recommended but not the default',
  },
  {
    key: 'passiveWhenIsolated',
    type: 'boolean',
    default: false, // DOMAIN.md Neverfail rule (4): optional
    describe:
      'The active becomes passive when it has lost both the channel and the public network (and cannot ping the passive)',
    source:
      'DOMAIN.md Neverfail: optional rule (4); rule (3): the active vetoes its own isolation when the passive answers',
  },
  {
    key: 'passiveChecksPublic',
    type: 'boolean',
    default: true,
    describe:
      'After the failover timeout (and split-brain avoidance), the passive fails over only if it reaches a ping target itself',
    source: `${VCSH}, failover scenario: after the timeout and the pings between the servers, "both the active and passive servers" check further before acting (the passive's own public check is inferred)`,
    unverified: true,
  },
  {
    key: 'pingTargets',
    type: 'string',
    default: 'gateway,dns,dc', // DOMAIN.md Neverfail: ping gateway, DNS, directory server
    describe: 'Hosts the public-network check pings (comma-separated host ids); the check fails when none answers',
    source: `DOMAIN.md Neverfail: public-network checks ping the gateway, DNS and directory server; ${VCSH}: default gateway, primary DNS, global catalog`,
  },
  {
    key: 'pingIntervalMs',
    type: 'ms',
    default: 10_000, // vCSH 6.5 guide: targets pinged every 10 s by default
    describe: 'Interval of the public-network check',
    source: `${VCSH}: "set by default to every 10 seconds"`,
    min: 1_000,
    max: 600_000,
    rangeSource: 'modelling choice: the guide gives the 10 s default, no bounds',
  },
  {
    key: 'pingTimeoutMs',
    type: 'ms',
    default: 5_000, // DOMAIN.md Neverfail: 5 s echo timeout
    describe: 'Echo timeout of one ping',
    source: 'DOMAIN.md Neverfail: 5 s echo timeout',
    min: 1,
    max: 60_000,
    rangeSource: 'modelling choice: an echo timeout, 5 s by default, no bounds documented',
  },
  {
    key: 'pingFailures',
    type: 'number',
    default: 3,
    describe:
      'Failed checks of every target before the active switches over ("auto-switchover if client network connectivity lost for N pings"); public loss is declared after (N − 1) intervals + one echo timeout',
    source:
      'DOMAIN.md Neverfail: failing all for a set count triggers an automatic switchover; the default count is not documented',
    unverified: true,
    min: 1,
    max: 100,
    rangeSource: 'modelling choice: no bounds documented',
  },
  {
    key: 'replicationLagMs',
    type: 'ms',
    default: 2_000,
    describe:
      "Age of the oldest write in the active server's send queue while the channel keeps up (asynchronous replication): the data a failover loses",
    source:
      'seed 001 and DOMAIN.md Neverfail: continuous asynchronous replication with a queue; its typical age is a modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a queue older than an hour is out of scope',
  },
  {
    key: 'appRestarts',
    type: 'number',
    default: 2,
    describe: 'Local restarts of a failed application before the next failure switches over',
    source:
      'vCenter Server Heartbeat KB 1008651: switchover can be the recovery action for the first, second or third failure; seed 001 / vCSH 6.6 guide: restart locally first',
    unverified: true,
    min: 0,
    max: 2,
    rangeSource:
      'vCenter Server Heartbeat KB 1008651: switchover is the recovery action for the first, second or third failure, so 0–2 restarts before it',
  },
  {
    key: 'appStopMs',
    type: 'ms',
    default: 10_000,
    describe: 'Switchover step 1: stopping the application on the active server',
    source: 'seed 001: switchover order of steps; duration a modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a step longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'dataApplyMs',
    type: 'ms',
    default: 5_000,
    describe: 'Switchover/failover step 4: the new active applies the replicated data it has',
    source: 'seed 001: the Secondary takes over the remaining replicated data; duration a modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a step longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'networkJoinMs',
    type: 'ms',
    default: 5_000,
    describe: 'Switchover/failover step 5: the new active unfilters the public IP and updates name resolution',
    source: 'seed 001: the Secondary connects to the network (DNS changes); duration a modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a step longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'appStartMs',
    type: 'ms',
    default: 30_000,
    describe: 'Step 6 (and a local restart): starting the application until it serves',
    source: 'seed 001: applications are started by scripts; duration a modelling choice',
    unverified: true,
    min: 0,
    max: 3_600_000,
    rangeSource: 'modelling choice: a step longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'serverBootMs',
    type: 'ms',
    default: 120_000,
    describe: 'Reboot of a server until Neverfail runs again',
    source: 'modelling choice (Windows server reboot)',
    unverified: true,
    min: 1,
    max: 3_600_000,
    rangeSource: 'modelling choice: a boot longer than an hour is out of scope, and runs stay finite',
  },
  {
    key: 'fullSyncMs',
    type: 'ms',
    default: 1_800_000,
    describe: 'Full synchronisation of a passive server (after deployment or after it comes back from a failover)',
    source: 'seed 000: "Reboot and servers will synch (a lengthy process)"; duration a modelling choice',
    unverified: true,
    min: 1,
    max: 86_400_000,
    rangeSource: 'modelling choice: a copy longer than a day is out of scope, and runs stay finite',
  },
] as const satisfies readonly ConfigKey[];

/** Neverfail Heartbeat's settings (both models), typed from the table above. */
export type NeverfailSettings = ConfigOf<typeof neverfailKeys>;
