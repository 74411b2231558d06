// Every built-in model, one line each.
import type { Model } from '../harness/engine/model.js';
import { xenserverHa } from './xenserver-ha/index.js';
import { everrun } from './everrun/index.js';
import { avance } from './avance/index.js';
import { lifekeeper } from './lifekeeper/index.js';
import { vmwareHa } from './vmware-ha/index.js';
import { neverfail, neverfailDeployment } from './neverfail/index.js';
import { keepalived } from './keepalived/index.js';
import { pacemaker } from './pacemaker/index.js';
import { keepalivedBinding } from './keepalived/conformBinding.js';
import { pacemakerBinding } from './pacemaker/conformBinding.js';
import type { ConformBinding } from '../harness/lab/product.js';

export const MODELS: readonly Model[] = [
  xenserverHa,
  everrun,
  avance,
  lifekeeper,
  vmwareHa,
  neverfail,
  neverfailDeployment,
  keepalived,
  pacemaker,
];

export function findModel(name: string): Model | undefined {
  return MODELS.find((m) => m.name === name);
}

/** Models with a real counterpart that `hafault conform` can run: one line each. */
export const CONFORM_BINDINGS: readonly ConformBinding[] = [keepalivedBinding, pacemakerBinding];

export function findBinding(model: string): ConformBinding | undefined {
  return CONFORM_BINDINGS.find((b) => b.model === model);
}
