// What a topology file holds, as TypeScript: the engine's Topology (durations may be written as
// `300s`) plus the HA product, its settings, its environment and the fault kinds to draw. The
// key tables below list every field; a test compares them with the JSON Schema, and the
// `satisfies` clauses make the compiler compare them with the types, so the two cannot drift.
import type { FaultName } from '../../engine/faults/index.js';
import type { ConfigValue } from '../../engine/model.js';
import type {
  BondSpec,
  FenceDeviceSpec,
  HostSpec,
  LinkSpec,
  NetworkRole,
  NicSpec,
  PathSpec,
  RestartPriority,
  ServiceSpec,
  StorageNodeSpec,
  StorageSpec,
  SwitchSpec,
  Topology,
} from '../../engine/topology.js';

export interface FileServiceSpec extends Omit<ServiceSpec, 'rtoMs'> {
  /** Milliseconds, or a duration such as `300s`. */
  readonly rtoMs?: number | string;
}

export interface FileFenceDeviceSpec extends Omit<FenceDeviceSpec, 'actionMs'> {
  /** Milliseconds, or a duration such as `5s`. */
  readonly actionMs?: number | string;
}

export interface TopologyFileData extends Omit<Topology, 'services' | 'fenceDevices'> {
  readonly $schema?: string;
  /** The HA product (a registered model name). */
  readonly model: string;
  readonly settings?: Readonly<Record<string, ConfigValue>>;
  /** Per world setting: `{min, max}` or a list of values the environment is known to span. */
  readonly environment?: Readonly<
    Record<string, { readonly min: ConfigValue; readonly max: ConfigValue } | readonly ConfigValue[]>
  >;
  readonly faults?: readonly FaultName[];
  readonly services: readonly FileServiceSpec[];
  readonly fenceDevices?: readonly FileFenceDeviceSpec[];
}

/** A parsed environment range (durations in ms). `values` when the file listed them. */
export interface EnvironmentRange {
  readonly key: string;
  readonly min: number;
  readonly max: number;
  readonly values?: readonly number[];
}

type Fields<T> = { readonly [K in keyof Required<T>]: boolean };
/** Keys whose value is required (true) or optional (false). */
type RequiredFlags<T> = { readonly [K in keyof Required<T>]: undefined extends T[K] ? false : true };

const fields =
  <T>() =>
  <F extends Fields<T>>(f: F & RequiredFlags<T> & Record<Exclude<keyof F, keyof T>, never>) =>
    f;

/** Every object type of the file: field → required? (checked against the types by the compiler). */
export const FILE_FIELDS = {
  top: fields<TopologyFileData>()({
    $schema: false,
    name: true,
    description: false,
    model: true,
    settings: false,
    environment: false,
    faults: false,
    hosts: true,
    switches: true,
    links: false,
    storage: false,
    services: true,
    fenceDevices: false,
  }),
  host: fields<HostSpec>()({
    id: true,
    nics: true,
    bonds: false,
    capacity: false,
    runsOn: false,
    powerSupplies: false,
    os: false,
  }),
  nic: fields<NicSpec>()({ id: true, network: true, switch: false, independent: false }),
  bond: fields<BondSpec>()({ id: true, network: true, nics: true }),
  switch: fields<SwitchSpec>()({ id: true }),
  link: fields<LinkSpec>()({ a: true, b: true }),
  storage: fields<StorageSpec>()({ nodes: true, mirror: false, paths: true }),
  storageNode: fields<StorageNodeSpec>()({ id: true }),
  path: fields<PathSpec>()({ host: true, node: true, nic: false }),
  fenceDevice: fields<FileFenceDeviceSpec>()({ id: true, host: true, switch: true, network: false, actionMs: false }),
  service: fields<FileServiceSpec>()({
    id: true,
    home: true,
    priority: true,
    order: false,
    needs: false,
    rtoMs: false,
    os: false,
    backups: false,
  }),
} as const;

/** Enumerations of the types, listed once (compile errors when a value is added to a type). */
export const NETWORK_ROLES = Object.keys({ management: 1, vm: 1, storage: 1, channel: 1, public: 1 } satisfies Record<
  NetworkRole,
  1
>);
export const RESTART_PRIORITIES = Object.keys({ restart: 1, 'best-effort': 1, unprotected: 1 } satisfies Record<
  RestartPriority,
  1
>);
