// The fault vocabulary (SPEC §4), by name.
import { bondDown, bondUp } from './bond.js';
import { configDrift } from './configDrift.js';
import { haDisable } from './haDisable.js';
import { hostBoot, hostCrash } from './host.js';
import type { FaultKind, FaultName } from './kind.js';
import { linkCut, linkRestore } from './link.js';
import { nicDown, nicUp } from './nic.js';
import { heal, partition } from './partition.js';
import { pathDown, pathUp } from './path.js';
import { storageCleanStart, storageCleanStop } from './storageCleanStop.js';
import { storageHardPowerCycle, storagePowerRestored } from './storageHardPowerCycle.js';
import { switchDown, switchUp } from './switch.js';
import { resume, slowdown } from './slowdown.js';
import { appCrash } from './appCrash.js';
import { operatorStep } from './operatorStep.js';
import { psuFail, psuReplace } from './psu.js';
import { instanceFault } from './instanceFault.js';
import { liveMigrate } from './liveMigrate.js';
import { agentStart, agentStop } from './agent.js';
import { fenceDeviceDown, fenceDeviceUp } from './fenceDevice.js';

export type { FaultKind, FaultName, FaultStep, FaultContext, ModelVocabulary } from './kind.js';

const ALL: readonly FaultKind[] = [
  nicDown,
  nicUp,
  bondDown,
  bondUp,
  switchDown,
  switchUp,
  linkCut,
  linkRestore,
  partition,
  heal,
  hostCrash,
  hostBoot,
  storageHardPowerCycle,
  storagePowerRestored,
  storageCleanStop,
  storageCleanStart,
  pathDown,
  pathUp,
  configDrift,
  haDisable,
  slowdown,
  resume,
  appCrash,
  operatorStep,
  psuFail,
  psuReplace,
  instanceFault,
  liveMigrate,
  agentStop,
  agentStart,
  fenceDeviceDown,
  fenceDeviceUp,
];

export const FAULTS: Readonly<Record<FaultName, FaultKind>> = Object.fromEntries(ALL.map((k) => [k.name, k])) as Record<
  FaultName,
  FaultKind
>;

export function isFaultName(name: string): name is FaultName {
  return Object.prototype.hasOwnProperty.call(FAULTS, name);
}
