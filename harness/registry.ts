// Every built-in model, one line each.
import type { Model } from './model.js';
import { xenserverHa } from '../models/xenserver-ha/index.js';
import { everrun } from '../models/everrun/index.js';
import { avance } from '../models/avance/index.js';
import { lifekeeper } from '../models/lifekeeper/index.js';
import { vmwareHa } from '../models/vmware-ha/index.js';
import { neverfail, neverfailDeployment } from '../models/neverfail/index.js';
import { keepalived } from '../models/keepalived/index.js';

export const MODELS: readonly Model[] = [
  xenserverHa,
  everrun,
  avance,
  lifekeeper,
  vmwareHa,
  neverfail,
  neverfailDeployment,
  keepalived,
];

export function findModel(name: string): Model | undefined {
  return MODELS.find((m) => m.name === name);
}
