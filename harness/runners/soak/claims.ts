// The designs the documentation (README, docs/) calls clean, in one place: the soak marks these
// (target, property) pairs, makes any violation of them stand out and exits 1 for it. Each claim
// quotes where the documentation (or the preset's own verdict) makes it; a claim covers only the properties the text vouches for, and
// only up to the number of faults it vouches for (a single-fault design is not a two-fault one).
// Beyond that bound a violation is still a finding unless a cited product behaviour explains it
// (`KNOWN_BEHAVIOURS`). Change these lists when the documentation's claims change, never to silence a
// finding: an entry names the product behaviour and where it is documented.
import { FAULTS, type FaultName, type FaultStep } from '../../engine/faults/index.js';
import type { Config, ConfigValue, PropertyName } from '../../engine/model.js';

export interface CleanClaim {
  readonly model: string;
  readonly preset: string;
  /** The claim holds at these resolved settings only (absent: at every setting the soak runs). */
  readonly at?: Readonly<Record<string, ConfigValue>>;
  /** The properties it vouches for (absent: every property of the model but `except`). */
  readonly properties?: readonly PropertyName[];
  /** Properties it does not vouch for (a documented design SPOF the README or docs/ names). */
  readonly except?: readonly PropertyName[];
  /** Faults (repairs aside) the claim vouches for: no violation with this many or fewer. */
  readonly faults: number;
  /** Where the README or docs/ says so, and in what words. */
  readonly source: string;
}

/**
 * A product behaviour, documented, that violates a property on a clean design once more faults
 * strike than its claim covers (e.g. both management paths of one host cut: xhad fences it). A
 * violation is explained by it when its schedule has more faults than the claim's bound, every fault
 * is of one of `kinds`, and the checker's explanation matches `explanation` (a regular expression).
 */
export interface KnownBehaviour {
  readonly model: string;
  /** Presets it applies to (absent: every preset of the model). */
  readonly presets?: readonly string[];
  /** Settings it applies at (absent: every setting). */
  readonly at?: Readonly<Record<string, ConfigValue>>;
  readonly property: PropertyName;
  readonly kinds: readonly FaultName[];
  /** Every fault's target matches (a regular expression; absent: any target). */
  readonly targets?: string;
  readonly explanation?: string;
  /** The behaviour, and where the product's documentation (or a seed) states it. */
  readonly because: string;
}

/** What a soak target carries of a known behaviour (plain data: it crosses into worker threads). */
export interface KnownRef {
  readonly property: PropertyName;
  readonly kinds: readonly FaultName[];
  readonly targets?: string;
  readonly explanation?: string;
  readonly because: string;
}

export const CLEAN_CLAIMS: readonly CleanClaim[] = [
  {
    model: 'xenserver-ha',
    preset: 'bonded',
    faults: 1,
    source:
      'README "What the default check reports": "clean: no single NIC, switch, link, path or host failure breaks anything (XS-5)"',
  },
  {
    model: 'xenserver-ha',
    preset: 'bonded-mirrored-san',
    at: { timeoutMs: 120_000 },
    faults: 1,
    source: 'README "A finding in five minutes", step 4: "--set timeoutMs=120s   # exit 0"',
  },
  {
    model: 'xenserver-ha',
    preset: 'bonded-capacity',
    faults: 1,
    source:
      'docs/models/xenserver-ha.md presets: bonded-capacity "clean for single faults" (XS-13: a second host crash leaves best-effort VMs refused)',
  },
  {
    model: 'everrun',
    preset: 'crossover',
    except: ['servicesSurvive'],
    faults: 1,
    source:
      'docs/models/everrun.md presets: "every single fault holds; downtime 0 whenever any host can run"; its one production switch prodsw is a design SPOF the README names',
  },
  {
    model: 'avance',
    preset: 'pair',
    except: ['servicesSurvive'],
    faults: 1,
    source:
      'docs/models/avance.md presets: "every single fault holds, noAckedWriteLost included with nothing lost (AV-3)"; its one production switch prodsw is a design SPOF the README names',
  },
  {
    model: 'lifekeeper',
    preset: 'replicated-two-paths',
    properties: ['noDualActive', 'noAckedWriteLost'],
    faults: 1,
    source:
      'README: "with two paths (`replicated-two-paths`) no two active nodes" (LK-4); preset verdict: "one cut comm path is survived; LK-7: the backup\'s synchronous mirror … holds every acknowledged write"',
  },
  // serviceRestoredWithin is left out of these four: the README documents a SAN outage repaired
  // after a few seconds that leaves the resources out of service ("2 faults").
  ...(['p2v-many-to-1', 'v2p-1-to-many', 'v2v', 'multi-instance-aa'] as const).map((preset) => ({
    model: 'lifekeeper',
    preset,
    properties: [
      'noDualActive',
      'noUnnecessaryFence',
      'noPoolWideFence',
      'noFenceLoop',
      'noUnnecessaryFailover',
      'noAckedWriteLost',
    ] as PropertyName[],
    faults: 1,
    source:
      'docs/models/lifekeeper.md presets: "no single-fault violation" (serviceRestoredWithin excepted: a SAN outage is documented)',
  })),
  {
    model: 'vmware-ha',
    preset: 'three-hosts',
    at: { version: 'vsphere5.1+' },
    except: ['servicesSurvive'],
    faults: 1,
    source:
      'docs/models/vmware-ha.md presets: "no single-fault violation (5.1+)"; its one array san1 is a design SPOF the README names (VH-2)',
  },
];

const NETWORK: readonly FaultName[] = ['nic-down', 'link-cut', 'switch-down', 'bond-down', 'partition'];
const LIFEKEEPER_SHARED = ['p2v-many-to-1', 'v2p-1-to-many', 'v2v', 'multi-instance-aa'];

const XS = 'xenserver-ha';
const XS_POOLS = ['bonded', 'bonded-mirrored-san', 'bonded-capacity'];
const STORAGE: readonly FaultName[] = [
  'path-down',
  'link-cut',
  'nic-down',
  'storage-clean-stop',
  'storage-hard-powercycle',
];
const SEED_2009_LONE_SURVIVOR =
  'seed-2009: a host that sees no peer for T fences although the statefile is readable, so the lone survivor of two host failures fences, reboots and fences again (seed 004; XS-1)';

/** XenServer HA: what xhad (or seed 004's era) does when two faults strike the redundant pools. */
const XENSERVER_BEHAVIOURS: readonly KnownBehaviour[] = [
  {
    model: XS,
    presets: XS_POOLS,
    property: 'noUnnecessaryFence',
    kinds: NETWORK,
    explanation: 'not in the best partition|saw no peer on the management network',
    because:
      "both legs of one host's management bond lost (a NIC, cable or switch on each side): it is a partition of one, and the survival rules fence it although its VMs could run (DOMAIN.md xHA survival rule 1; seed 004: a host that cannot see its peers fences)",
  },
  ...(['noPoolWideFence', 'noUnnecessaryFence'] as const).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    property,
    kinds: ['switch-down'] as FaultName[],
    because:
      "both switches down for about T: every host loses its peers and its statefile and fences; a repair that lands within multipath's polling interval (or a heartbeat) of the deadline comes too late to count (DOMAIN.md xHA: T1 = T2 = T; multipath polling_interval 5–10 s)",
  })),
  ...(['serviceRestoredWithin', 'servicesSurvive'] as const).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    property,
    kinds: NETWORK,
    targets: 'vm|^sw\\d$',
    because:
      "both legs of one host's VM bond lost: its VMs are cut off from clients, and XenServer HA does not watch VM networks (it watches the management network and the statefile), so nobody restarts them (docs/models/xenserver-ha.md; seed 004 bonds the VM NICs for this reason)",
  })),
  {
    model: XS,
    presets: XS_POOLS,
    property: 'servicesSurvive',
    kinds: ['switch-down', 'storage-clean-stop', 'storage-hard-powercycle'],
    because:
      'both switches, or both storage nodes, lost: no host has a VM network or a live copy of its storage; no design with two of them survives both (SN-3: storage gone, the fences that follow are necessary)',
  },
  ...(['serviceRestoredWithin', 'servicesSurvive'] as const).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    at: { timeoutMs: 120_000 },
    property,
    kinds: [...STORAGE, 'switch-down'] as FaultName[],
    targets: 'san|\\.st\\d|^sw\\d$',
    because:
      "one host loses every storage path: it fences only once its statefile has been gone for T, and its VMs restart after the survivors' wait, about 2T + wait + boot: past a 300 s RTO at T = 120 s, the price of the timeout XS-7 needs (DOMAIN.md xHA: T2 = T, winners' wait 15 s + t)",
  })),
  ...(['noUnnecessaryFence', 'noPoolWideFence'] as const).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    property,
    kinds: [...STORAGE, 'switch-down'] as FaultName[],
    ...(property === 'noUnnecessaryFence' ? { explanation: 'statefile' } : {}),
    because:
      "a host (or every host) without a working storage path for about T fences when T runs out; a path or storage node repaired within multipath's polling interval (or a mirror's resync) before that, or in the very millisecond, is not in use yet (DOMAIN.md Multipath: polling_interval 5–10 s; xHA: T2 = T; seed 004: without statefile access a host fences)",
  })),
  ...(['serviceRestoredWithin', 'servicesSurvive'] as const).map((property) => ({
    model: XS,
    presets: ['bonded-capacity'],
    property,
    kinds: ['host-crash'] as FaultName[],
    because:
      'XS-13: beyond ha-host-failures-to-tolerate = 1 the pool is overcommitted; protected VMs restart only while room lasts and running VMs are not stopped to make room (seed 004: restarts depend on available resources and the restart priority)',
  })),
  ...(['serviceRestoredWithin', 'servicesSurvive'] as const).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    at: { timeoutMs: 120_000 },
    property,
    kinds: ['host-crash', 'storage-hard-powercycle'] as FaultName[],
    because:
      'a host fails again before its VMs are back, or a mirror node is hard power-cycled while they restart: each failure is noticed only after T and a hard power-cycle stalls I/O for the multipath failover, so at T = 120 s the two together outlast a 300 s RTO (DOMAIN.md xHA: T1 = T; Multipath: I/O stalls for replacement_timeout)',
  })),
  ...(
    ['noUnnecessaryFence', 'noPoolWideFence', 'noFenceLoop', 'serviceRestoredWithin', 'servicesSurvive'] as const
  ).map((property) => ({
    model: XS,
    presets: XS_POOLS,
    at: { profile: 'seed-2009' },
    property,
    kinds: ['host-crash'] as FaultName[],
    because: SEED_2009_LONE_SURVIVOR,
  })),
  {
    model: XS,
    presets: XS_POOLS,
    at: { profile: 'seed-2009' },
    property: 'noFenceLoop',
    kinds: [...NETWORK, 'storage-clean-stop', 'storage-hard-powercycle', 'path-down'],
    because:
      'seed-2009: a host isolated for good, or without statefile access for good, fences, reboots into the same state and fences again until an operator disables HA (seed 004; XS-2, XS-11)',
  },
];

export const KNOWN_BEHAVIOURS: readonly KnownBehaviour[] = [
  ...XENSERVER_BEHAVIOURS,
  ...(['noDualActive', 'noUnnecessaryFailover'] as const).map((property) => ({
    model: 'everrun',
    presets: ['crossover'],
    property,
    kinds: ['nic-down', 'link-cut'] as FaultName[],
    targets: 'hb',
    because:
      'both heartbeat links lost: without a quorum server each host runs its half of the pair on (DOMAIN.md everRun: a dedicated link and quorum servers; docs/models/everrun.md "No quorum", everRun VM 4, 2008)',
  })),
  {
    model: 'everrun',
    presets: ['crossover'],
    property: 'serviceRestoredWithin',
    kinds: ['host-crash', 'link-cut', 'nic-down', 'path-down'],
    explanation: 'not restored within its RTO',
    because:
      "the host still up lost its own production link or disk while its partner was down: the instances serve again only once the returning host has resynchronised through the partner (EV-5; its length resyncMs is an unverified modelling choice at the RTO's edge)",
  },
  ...(['noDualActive', 'noAckedWriteLost'] as const).map((property) => ({
    model: 'avance',
    presets: ['pair'],
    property,
    kinds: ['link-cut', 'nic-down', 'switch-down'] as FaultName[],
    because:
      "the private link and the active node's production link cut together: each node runs the instance on its own copy (no quorum in Avance; docs/models/avance.md: the two-fault split)",
  })),
  {
    model: 'avance',
    presets: ['pair'],
    property: 'serviceRestoredWithin',
    kinds: [
      'link-cut',
      'nic-down',
      'switch-down',
      'host-crash',
      'path-down',
      'storage-hard-powercycle',
      'storage-clean-stop',
    ],
    explanation: 'not restored within its RTO',
    because:
      "one node's copy left the mirror (private link cut, its disk lost even for a moment) and the other node then fails or loses production: a node cannot know what was written after its copy left, so Avance never starts the instance from it and waits for the other node (AV-3; docs/models/avance.md)",
  },
  ...(['noUnnecessaryFence', 'noUnnecessaryFailover'] as const).map((property) => ({
    model: 'lifekeeper',
    presets: LIFEKEEPER_SHARED,
    property,
    kinds: NETWORK,
    because:
      'every comm path cut: the backup takes the SCSI reservation and the primary that lost it halts (lkscsid(8) SCSIHALT; reservationBreak=reset, the default; SIOS "SCSI Reservations": without quorum servers can kill each other)',
  })),
  ...(['noDualActive', 'noAckedWriteLost'] as const).map((property) => ({
    model: 'lifekeeper',
    presets: ['replicated-two-paths'],
    property,
    kinds: NETWORK,
    because:
      'both comm paths cut with replicated storage and no witness: each node declares the other dead and runs the resource (DOMAIN.md LifeKeeper: a node is declared dead when all paths are dead, then quorum/witness checks; docs/models/lifekeeper.md LK-4, LK-7)',
  })),
  {
    model: 'lifekeeper',
    presets: ['replicated-two-paths'],
    property: 'noAckedWriteLost',
    kinds: [...NETWORK, 'host-crash'],
    because:
      "the mirror's only replication path cut, then the source lost: the backup brings its copy in service without the writes acknowledged since (docs/models/lifekeeper.md LK-7: a DataKeeper target that is behind but not resynchronising may take over; the SIOS documents forbid only a resynchronising one — a modelling choice)",
  },
  {
    model: 'vmware-ha',
    presets: ['three-hosts'],
    property: 'serviceRestoredWithin',
    kinds: [...NETWORK, 'host-crash'],
    targets: 'mgmt|^h\\d$',
    because:
      "the management network lost and a host failed: every surviving host is isolated, and an isolated host restarts nobody's VMs, so the failed host's VMs wait for the network (DOMAIN.md vSphere HA: isolation declared ≈ 30 s after heartbeats stop; restarts need a master that can reach the failed host's datastore heartbeats and its peers)",
  },
  {
    model: 'vmware-ha',
    presets: ['three-hosts'],
    property: 'serviceRestoredWithin',
    kinds: ['path-down'],
    because:
      'a host that lost every path to its datastore still heartbeats on the management network: it is neither failed nor isolated, so HA restarts nothing (DOMAIN.md vSphere HA: only network and datastore heartbeats both gone mark a host failed; component protection for lost storage is not modelled)',
  },
  {
    model: 'vmware-ha',
    presets: ['three-hosts'],
    property: 'serviceRestoredWithin',
    kinds: NETWORK,
    targets: '\\.vm|vmsw',
    because:
      'a host\'s VM network cut on every path: vSphere HA watches management and datastore heartbeats, not VM networks, so the VM is neither down nor restarted (docs/models/vmware-ha.md: "HA does not watch the VM network")',
  },
];

const applies = (at: Readonly<Record<string, ConfigValue>> | undefined, config: Config) =>
  Object.entries(at ?? {}).every(([k, v]) => config[k] === v);

/** Faults of a schedule: every step but repairs (and the world's own follow-ups). */
export function faultCount(schedule: readonly FaultStep[]): number {
  let n = 0;
  for (const s of schedule) if (!FAULTS[s.fault].isRepair) n++;
  return n;
}

export interface CleanOf {
  /** The properties of a target the README vouches for (empty: none, the target is not called clean). */
  readonly properties: PropertyName[];
  readonly sources: string[];
  /** Faults the claims vouch for (the smallest bound of the claims that apply; 0 when none does). */
  readonly faults: number;
  /** The known behaviours that may explain a violation beyond that bound. */
  readonly known: KnownRef[];
}

export function claimedClean(
  claims: readonly CleanClaim[],
  model: string,
  preset: string,
  config: Config,
  properties: readonly PropertyName[],
  known: readonly KnownBehaviour[] = KNOWN_BEHAVIOURS,
): CleanOf {
  const mine = claims.filter((c) => c.model === model && c.preset === preset && applies(c.at, config));
  const covered = properties.filter((p) =>
    mine.some((c) => (c.properties === undefined || c.properties.includes(p)) && !(c.except ?? []).includes(p)),
  );
  const refs = known
    .filter(
      (k) =>
        k.model === model &&
        (k.presets === undefined || k.presets.includes(preset)) &&
        applies(k.at, config) &&
        covered.includes(k.property),
    )
    .map(({ property, kinds, targets, explanation, because }) => ({
      property,
      kinds,
      ...(targets === undefined ? {} : { targets }),
      ...(explanation === undefined ? {} : { explanation }),
      because,
    }));
  return {
    properties: covered,
    sources: mine.map((c) => c.source),
    faults: mine.length === 0 ? 0 : Math.min(...mine.map((c) => c.faults)),
    known: refs,
  };
}

/**
 * The known behaviour (its index in `known`) that explains a violation of `property` on a clean
 * target, or -1: within the claim's bound nothing does.
 */
export function explainedBy(
  known: readonly KnownRef[],
  bound: number,
  property: PropertyName,
  schedule: readonly FaultStep[],
  explanation: string,
): number {
  if (faultCount(schedule) <= bound) return -1;
  return known.findIndex(
    (k) =>
      k.property === property &&
      schedule.every(
        (s) =>
          FAULTS[s.fault].isRepair ||
          (k.kinds.includes(s.fault) && (k.targets === undefined || new RegExp(k.targets).test(s.target))),
      ) &&
      (k.explanation === undefined || new RegExp(k.explanation).test(explanation)),
  );
}
