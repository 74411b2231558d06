// An operator takes one step of a written procedure (a deployment, a switchover), possibly out of
// order. The model names its steps; every agent is told.
import type { FaultKind } from './kind.js';

export const operatorStep: FaultKind = {
  name: 'operator-step',
  area: 'operator',
  isRepair: false,
  targets: (_topo, vocabulary) => vocabulary.operatorSteps,
  apply(ctx, target) {
    ctx.signalAll({ type: 'OPERATOR', step: target });
  },
  sentence: (target) => `the operator ${target.replace(/-/g, ' ')}`,
};
