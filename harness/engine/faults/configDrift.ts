// A setting silently changes (e.g. HA re-enabled from the GUI resets its timeout). The model
// names its drifts and what each does to its configuration.
import type { FaultKind } from './kind.js';

export const configDrift: FaultKind = {
  name: 'config-drift',
  area: 'config',
  isRepair: false,
  targets: (_topo, vocabulary) => vocabulary.drifts,
  apply(ctx, target) {
    ctx.drift(target);
  },
  sentence: (target) => `configuration drifts: ${target}`,
};
