// Settings of the simulated world itself, read by the fault vocabulary (ModelInstance.world): every
// model offers them with one definition, so they mean the same in every model.
import type { NumericKey } from './model.js';

export const storageRebootKey = {
  key: 'storageRebootMs',
  type: 'ms',
  default: 180_000,
  describe: 'Time a hard power-cycled storage node (or array) needs to boot',
  source: 'modelling choice (a server with a RAID controller boots in minutes)',
  unverified: true,
  min: 1,
  max: 3_600_000,
  rangeSource:
    'modelling choice: an array that needs longer than an hour to boot is out of scope, and runs stay finite',
} as const satisfies NumericKey;
