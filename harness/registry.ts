// Every built-in model, one line each.
import type { Model } from './model.js';
import { xenserverHa } from '../models/xenserver-ha/index.js';
import { keepalived } from '../models/keepalived/index.js';

export const MODELS: readonly Model[] = [
  xenserverHa,
  keepalived,
];

export function findModel(name: string): Model | undefined {
  return MODELS.find((m) => m.name === name);
}
