// The Corosync/Pacemaker settings, each with the source of its default (DOMAIN.md "Corosync /
// Pacemaker" and "Real Corosync/Pacemaker here", or the vendor's own documents), and the timings a
// node derives from them for a cluster of a given size.
import type { ConfigKey, ConfigOf } from '../../harness/engine/model.js';

const TEN_MINUTES_MS = 600_000;
const RANGE_TEN_MINUTES = 'modelling choice: up to ten minutes keeps every run finite';

export const pacemakerKeys = [
  {
    key: 'tokenMs',
    type: 'ms',
    default: 3000, // DOMAIN.md Corosync / Pacemaker: token 3000 ms (v3.1+)
    describe: 'corosync token timeout: silence after which a node is declared lost (two nodes)',
    source: 'DOMAIN.md Corosync / Pacemaker: `token` 3000 ms (corosync.conf.5, v3.1+; 1000 before)',
    min: 200,
    max: 120_000,
    rangeSource: 'modelling choice: from 0.2 s to two minutes (corosync accepts any value; LAN clusters use seconds)',
  },
  {
    key: 'tokenCoefficientMs',
    type: 'ms',
    default: 650, // DOMAIN.md Corosync / Pacemaker: + 650 ms per node above 2
    describe: 'added to the token timeout for each node above two (token_coefficient)',
    source: 'DOMAIN.md Corosync / Pacemaker: token + 650 ms per node above 2 (corosync.conf.5)',
    min: 0,
    max: 10_000,
    rangeSource: 'modelling choice: up to 10 s per node',
  },
  {
    key: 'joinMs',
    type: 'ms',
    default: 50,
    unverified: true,
    describe: 'corosync join timeout: how long a node waits for join messages when a node appears',
    source: 'corosync.conf.5 `join` default 50 ms (not in DOMAIN.md)',
    min: 10,
    max: 60_000,
    rangeSource: 'modelling choice: 10 ms to one minute',
  },
  {
    key: 'raceSpreadMs',
    type: 'ms',
    default: 1100, // DOMAIN.md Real Corosync/Pacemaker here: fence agent called at +6.5–7.6 s
    describe:
      'spread of the instants at which the nodes of a split act on it (from token loss to the fence agent call); each node draws its offset from the instant of the change',
    source:
      'DOMAIN.md Real Corosync/Pacemaker here: after a cluster-link cut the fence agent was called at +6.5–7.6 s (a 1.1 s window)',
    min: 0,
    max: 60_000,
    rangeSource: 'modelling choice: 0 (both nodes act at the same instant) to one minute',
  },
  {
    key: 'twoNode',
    type: 'boolean',
    default: true, // DOMAIN.md Real Corosync/Pacemaker here: quorum { two_node: 1 }
    describe: 'votequorum two_node: a two-node cluster keeps quorum with one vote (and waits for all at start)',
    source:
      'DOMAIN.md Corosync / Pacemaker: `two_node: 1` ⇒ quorum 1 and wait_for_all on (votequorum.5); the lab config sets it',
  },
  {
    key: 'waitForAll',
    type: 'boolean',
    default: (c: { readonly twoNode: boolean }) => c.twoNode, // DOMAIN.md: two_node ⇒ wait_for_all on
    describe: 'votequorum wait_for_all: after start, quorate only once every node has been seen at the same time',
    source: 'DOMAIN.md Corosync / Pacemaker: `two_node: 1` ⇒ wait_for_all on (votequorum.5); off otherwise',
  },
  {
    key: 'qnetdHost',
    type: 'string',
    default: '', // DOMAIN.md Corosync / Pacemaker: the quorum device is optional
    describe:
      'the host that runs corosync-qnetd (a topology host that is not a cluster node), or empty for no quorum device; with one, two_node is off',
    source:
      'DOMAIN.md Corosync / Pacemaker: corosync-qdevice on each node talks to corosync-qnetd on a third host; with a qdevice, two_node is off',
  },
  {
    key: 'qdeviceAlgorithm',
    type: 'enum',
    values: ['ffsplit', 'lms'],
    default: 'ffsplit', // corosync-qdevice.8 `algorithm`: default ffsplit
    describe:
      'corosync-qnetd algorithm: ffsplit (the device has 1 vote, for exactly one partition) or lms (last man standing: nodes − 1 votes, so one node that still sees qnetd is quorate)',
    source:
      'corosync-qdevice.8 (3.0.3) `algorithm` default ffsplit; "MODEL NET ALGORITHMS": ffsplit needs quorum.device.votes 1 and votes for the partition with the most active nodes, lms ("Last-man-standing") votes for the only node left that sees qnetd, else the largest partition, a tie to tie_breaker (default lowest), and keeps the default votes (number_of_nodes − 1); DOMAIN.md Corosync / Pacemaker: ffsplit gives the vote to exactly one half of an even split',
  },
  {
    key: 'qdeviceVoteMs',
    type: 'ms',
    default: 0,
    unverified: true,
    describe:
      "from a node's new membership until qnetd's vote for it counts (votequorum waits for corosync-qdevice's vote on the new ring); meanwhile quorum stays as it was and the controller waits",
    source:
      'modelling choice: 0 (the vote counts at once) keeps the two-node-qdevice traces as they were; measured here the fence after a membership change came 1.5–2.7 s after it with a quorum device, 0.5 s without (the fence action) (docs/models/pacemaker.md "Against the real cluster": PM-5, three-node-qdevice-lms)',
    min: 0,
    max: 60_000,
    rangeSource: 'modelling choice: up to a minute',
  },
  {
    key: 'lastManStanding',
    type: 'boolean',
    default: false, // votequorum.5: last_man_standing default 0
    describe:
      'votequorum last_man_standing: once nodes have been gone for the window, a quorate partition recalculates expected votes down to the nodes still present (down to 2; auto_tie_breaker, needed to go to 1, is not modelled)',
    source:
      'votequorum.5 (corosync 3.1.7) `last_man_standing` default 0; expected_votes and quorum recalculated after last_man_standing_window, "down to 2 remaining"; incompatible with a quorum device (votequorum.c refuses to start)',
  },
  {
    key: 'lastManStandingWindowMs',
    type: 'ms',
    default: 10_000, // votequorum.5: last_man_standing_window default 10000 ms
    describe:
      'votequorum last_man_standing_window: how long nodes must have been gone before expected votes are recalculated (restarted by every later loss a quorate partition survives)',
    source:
      'votequorum.5 (corosync 3.1.7) `last_man_standing_window` default 10000 ms; votequorum.c votequorum_sync_init restarts the timer at each membership that lost nodes and still has quorum-many members',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'stonithEnabled',
    type: 'boolean',
    default: true, // DOMAIN.md Corosync / Pacemaker: stonith-enabled true
    describe: 'fence a lost node before recovering its resources; false recovers at once (unsafe)',
    source: 'DOMAIN.md Corosync / Pacemaker: `stonith-enabled` true',
  },
  {
    key: 'fenceAction',
    type: 'enum',
    values: ['reboot', 'off'],
    default: 'reboot', // DOMAIN.md Corosync / Pacemaker: action reboot
    describe: 'what a fence device does to its node: power it off and on again, or off for good',
    source: 'DOMAIN.md Corosync / Pacemaker: stonith action reboot',
  },
  {
    key: 'stonithTimeoutMs',
    type: 'ms',
    default: 60_000, // DOMAIN.md Corosync / Pacemaker: timeout 60 s
    describe: 'a fence action not confirmed within this time has failed; Pacemaker tries again',
    source: 'DOMAIN.md Corosync / Pacemaker: stonith timeout 60 s',
    min: 1000,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'fenceRetryMs',
    type: 'ms',
    default: 10_000,
    unverified: true,
    describe: 'wait before a failed fence action is tried again (the scheduler runs again)',
    source: 'modelling choice: Pacemaker retries failed fencing on its next transition; 10 s is a round figure',
    min: 100,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'pcmkDelayBaseMs',
    type: 'ms',
    default: 0, // Pacemaker fencing docs: pcmk_delay_base default 0s
    describe:
      "static delay of every fence action through the first node's fence devices (pcmk_delay_base), so the first node wins a fence race",
    source:
      'Pacemaker fencing docs: pcmk_delay_base default 0s; DOMAIN.md Real Corosync/Pacemaker here: pcmk_delay_base=5s on one device, the favoured node survived 5 of 5 runs',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'pcmkDelayMaxMs',
    type: 'ms',
    default: 0, // Pacemaker fencing docs: pcmk_delay_max default 0s
    describe:
      'random delay, up to this, of every fence action on every device (pcmk_delay_max); drawn per fencer and membership change',
    source:
      'Pacemaker fencing docs: pcmk_delay_max default 0s (DOMAIN.md Corosync / Pacemaker names it as a tie-breaker)',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'priorityFencingDelayMs',
    type: 'ms',
    default: 0, // Pacemaker options.c: priority-fencing-delay default 0
    describe:
      'extra delay of fencing the node that runs the resource group (priority-fencing-delay, with the group given a priority)',
    source:
      'Pacemaker lib/common/options.c: priority-fencing-delay default 0 (disabled); DOMAIN.md Corosync / Pacemaker names it as a tie-breaker',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'noQuorumPolicy',
    type: 'enum',
    values: ['stop', 'freeze', 'ignore'],
    default: 'stop', // DOMAIN.md Corosync / Pacemaker: no-quorum-policy stop
    describe:
      'what a partition without quorum does: stop its resources, keep them (freeze), or act as if quorate (ignore)',
    source: 'DOMAIN.md Corosync / Pacemaker: `no-quorum-policy` stop (Pacemaker lib/common/options.c)',
  },
  {
    key: 'dcDeadtimeMs',
    type: 'ms',
    default: 20_000, // Pacemaker options.c: dc-deadtime 20s
    describe: 'how long a starting node waits for an existing DC before electing itself',
    source: 'Pacemaker lib/common/options.c: dc-deadtime default 20s (not in DOMAIN.md)',
    unverified: true,
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'bootMs',
    type: 'ms',
    default: 60_000,
    unverified: true,
    describe: 'from power-on until corosync and pacemaker start on the node (BIOS, OS, services)',
    source: 'modelling choice: a server boots in about a minute; the lab starts the daemons at once',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'corosyncStartMs',
    type: 'ms',
    default: 500, // docs/models/pacemaker.md "Against the real cluster", PM-4: first membership 0.5 s after start
    describe:
      "from the daemons' start (after bootMs) until corosync forms its first membership and votequorum reports quorum",
    source:
      'docs/models/pacemaker.md "Against the real cluster", PM-4: the rebooted n2 reported its membership (inquorate) 0.5 s and 0.57 s after its daemons started (two conform runs); docs/models/pacemaker-lab.md PM-4: boot +13.5 s, inquorate +14.3 s (0.8 s, polled every 250 ms)',
    min: 0,
    max: 60_000,
    rangeSource: 'modelling choice: up to a minute',
  },
  {
    key: 'controllerStartMs',
    type: 'ms',
    default: 3600,
    unverified: true,
    describe:
      "from the daemons' start (after bootMs) until the Pacemaker controller acts: before it, the node reports membership and quorum but fences, starts and elects nothing",
    source:
      'inferred, not seen: docs/models/pacemaker.md "Against the real cluster", PM-3 (two conform runs): a booted node fenced its peer 29.2–29.5 s after its daemons started with a 5 s device delay, 24.2–24.3 s without (the model 29.1 and 24.1 s with 3.6 s + dc-deadtime 20 s + the delay + the fence); docs/models/pacemaker-lab.md PM-3: it asked 23–28 s after it booted (about 3 s); 3.6 s also keeps the decisions where the model made them before corosync and the controller were split',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'ipStartMs',
    type: 'ms',
    default: 100,
    unverified: true,
    describe: 'start of the floating IP (IPaddr2: address added, gratuitous ARP sent)',
    source: 'modelling choice: adding an address is near-instant',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'fsStartMs',
    type: 'ms',
    default: 2000,
    unverified: true,
    describe: 'start of the filesystem (Filesystem: fsck if needed, mount)',
    source: 'modelling choice: a clean journalled mount takes seconds',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
  {
    key: 'serviceStartMs',
    type: 'ms',
    default: 5000,
    unverified: true,
    describe: 'start of the service until its start operation (and first monitor) succeeds',
    source: 'modelling choice: a daemon that starts in seconds',
    min: 0,
    max: TEN_MINUTES_MS,
    rangeSource: RANGE_TEN_MINUTES,
  },
] as const satisfies readonly ConfigKey[];

/** The settings as the model's agents see them. */
export type PacemakerSettings = ConfigOf<typeof pacemakerKeys>;

/** Corosync's timings for a cluster of `nodes` nodes (DOMAIN.md Corosync / Pacemaker). */
export interface CorosyncTimings {
  readonly tokenMs: number;
  readonly consensusMs: number;
  readonly joinMs: number;
}

export function corosyncTimings(cfg: PacemakerSettings, nodes: number): CorosyncTimings {
  // DOMAIN.md: token + 650 ms per node above 2; consensus 1.2 × token.
  const tokenMs = cfg.tokenMs + cfg.tokenCoefficientMs * Math.max(0, nodes - 2);
  return { tokenMs, consensusMs: Math.round(1.2 * tokenMs), joinMs: cfg.joinMs };
}
