// The failing parts of a design, as the simulator names them, each with its rate and repair time:
// what an availability run draws its failure histories from. Components come from the compiled
// topology through the same target lists the fault vocabulary uses, so an id here is an id in a trace.
// A kind is included only if the model's fault list has the fault that fails it: a model that does not
// simulate (say) PSUs would otherwise be charged failures it cannot show the consequences of, or
// shown none of them and look better than it is — either way the figure would not be the model's.
import type { CompiledTopology } from '../../engine/compile.js';
import { FAULTS, type FaultName, type ModelVocabulary } from '../../engine/faults/index.js';
import { vocabularyOf } from '../../engine/generators.js';
import type { Model } from '../../engine/model.js';
import type { CommonCauseGroup, Component, ComponentKind, FailureModel, KindRate, RatesTable } from './types.js';

/** Every kind, in the order components are listed. */
export const COMPONENT_KINDS: readonly ComponentKind[] = [
  'host',
  'psu',
  'nic',
  'bond-member',
  'switch',
  'link',
  'storage-power-cycle',
  'storage-restart',
  'storage-path',
  'host-hang',
  'app-crash',
  'operator-step',
  'fence-device',
];

/** A component before rates: what fails, by which fault, and what undoes it. */
interface Part {
  readonly id: string;
  readonly kind: ComponentKind;
  readonly fail: FaultName;
  readonly target: string;
  readonly repair: FaultName | null;
}

function partsOf(kind: ComponentKind, fail: FaultName, targets: readonly string[], suffix = ''): Part[] {
  return targets.map((target) => ({
    id: `${target}${suffix}`,
    kind,
    fail,
    target,
    repair: FAULTS[fail].repairedBy ?? null,
  }));
}

/**
 * NICs (with their cable to the switch: both cut the carrier, so they are one component). A model
 * that simulates NIC failures fails the NIC; one that simulates only cable cuts fails its cable.
 */
function nicParts(
  kind: ComponentKind,
  topo: CompiledTopology,
  faults: readonly FaultName[],
  chosen: (nic: number) => boolean,
): Part[] {
  const nics = topo.nics.filter((_, i) => chosen(i));
  if (faults.includes('nic-down'))
    return partsOf(
      kind,
      'nic-down',
      nics.map((n) => n.id),
    );
  const cables = nics.flatMap((n) =>
    n.link >= 0 && topo.links[n.link].kind === 'nic-switch' ? [topo.links[n.link].id] : [],
  );
  return partsOf(kind, 'link-cut', cables);
}

/**
 * The parts of one kind. Ids are the fault targets; the two kinds that share a target with another
 * kind get a suffix (`h1:hang`, `san1:restart`) so a rates file can override each on its own.
 */
function kindParts(
  kind: ComponentKind,
  topo: CompiledTopology,
  vocabulary: ModelVocabulary,
  faults: readonly FaultName[],
): Part[] {
  const targets = (fault: FaultName) => FAULTS[fault].targets(topo, vocabulary);
  const bonded = new Set(topo.bonds.flatMap((b) => b.nics));
  switch (kind) {
    case 'host':
      // A VM host (runsOn) fails with the physical host under it; its own guest crashes are not a
      // hardware rate, so only physical hosts are charged one.
      return partsOf(
        kind,
        'host-crash',
        topo.hostIds.filter((_, h) => topo.parentOf[h] < 0),
      );
    case 'psu':
      return partsOf(kind, 'psu-fail', targets('psu-fail'));
    case 'nic':
      return nicParts(kind, topo, faults, (i) => !bonded.has(i));
    case 'bond-member':
      return nicParts(kind, topo, faults, (i) => bonded.has(i));
    case 'switch':
      return partsOf(kind, 'switch-down', targets('switch-down'));
    case 'link':
      // Links between devices; a NIC's own cable to its switch is part of the NIC (both cut its carrier).
      return partsOf(
        kind,
        'link-cut',
        topo.links.filter((l) => l.kind !== 'nic-switch').map((l) => l.id),
      );
    case 'storage-power-cycle':
      // Nothing to inject as a repair: the world brings the node back after storageRebootMs.
      return partsOf(kind, 'storage-hard-powercycle', targets('storage-hard-powercycle')).map((p) => ({
        ...p,
        repair: null,
      }));
    case 'storage-restart':
      return partsOf(kind, 'storage-clean-stop', targets('storage-clean-stop'), ':restart');
    case 'storage-path':
      return partsOf(kind, 'path-down', targets('path-down'));
    case 'host-hang':
      return partsOf(kind, 'slowdown', topo.hostIds, ':hang');
    case 'app-crash':
      // At the service's home host, where it runs in a healthy world; the design restarts it. An
      // unprotected service is not the design's to restore: its crashes are not charged to it.
      return partsOf(
        kind,
        'app-crash',
        topo.services.filter((s) => s.priority !== 'unprotected').map((s) => `${s.id}@${topo.hostIds[s.home]}`),
      );
    case 'operator-step':
      // A drift is undone by the episode's end (the next episode starts from a healthy world).
      return [
        ...partsOf(kind, 'config-drift', targets('config-drift')),
        ...partsOf(kind, 'operator-step', targets('operator-step')),
      ];
    case 'fence-device':
      return partsOf(kind, 'fence-device-down', targets('fence-device-down'));
  }
}

/** The fault each kind needs in the model's fault list (operator steps: either of two). */
const FAILS_WITH: Readonly<Record<ComponentKind, readonly FaultName[]>> = {
  host: ['host-crash'],
  psu: ['psu-fail'],
  nic: ['nic-down', 'link-cut'],
  'bond-member': ['nic-down', 'link-cut'],
  switch: ['switch-down'],
  link: ['link-cut'],
  'storage-power-cycle': ['storage-hard-powercycle'],
  'storage-restart': ['storage-clean-stop'],
  'storage-path': ['path-down'],
  'host-hang': ['slowdown'],
  'app-crash': ['app-crash'],
  'operator-step': ['config-drift', 'operator-step'],
  'fence-device': ['fence-device-down'],
};

function withRates(part: Part, rates: RatesTable): Component {
  const own: Partial<KindRate> = Object.prototype.hasOwnProperty.call(rates.components, part.id)
    ? rates.components[part.id]
    : {};
  const kind = rates.kinds[part.kind];
  return { ...part, perYear: own.perYear ?? kind.perYear, repairTime: own.repair ?? kind.repair };
}

/** The design's components with their rates, their common-cause groups and the total rate Λ. */
export function failureModel(
  model: Model,
  topo: CompiledTopology,
  rates: RatesTable,
  options?: { readonly kinds?: readonly ComponentKind[] },
): FailureModel {
  const vocabulary = vocabularyOf(model);
  const allowed = options?.kinds ?? COMPONENT_KINDS;
  const kinds = COMPONENT_KINDS.filter(
    (k) => allowed.includes(k) && FAILS_WITH[k].some((f) => model.faults.includes(f)),
  );
  const parts = kinds.flatMap((k) =>
    kindParts(k, topo, vocabulary, model.faults).filter((p) => model.faults.includes(p.fail)),
  );
  const independent = parts.map((p) => withRates(p, rates));
  const { components, groups } = commonCause(independent, rates);
  const totalPerYear =
    components.reduce((sum, c) => sum + c.perYear, 0) + groups.reduce((sum, g) => sum + g.perYear, 0);
  return { components, groups, totalPerYear, operatorRestore: rates.operatorRestore };
}

/**
 * Beta-factor split: in each chosen kind, a fraction β of every member's rate becomes one group event
 * (rate β·λ, λ the kind's rate) that fails all members at once; each keeps (1 − β) of its own rate.
 * A kind with one component has nothing to correlate and is left whole.
 */
function commonCause(
  independent: readonly Component[],
  rates: RatesTable,
): { components: Component[]; groups: CommonCauseGroup[] } {
  const cc = rates.commonCause;
  const membersOf = (kind: ComponentKind) => independent.flatMap((c, i) => (c.kind === kind ? [i] : []));
  if (cc === null || cc.beta <= 0) return { components: [...independent], groups: [] };
  const chosen = COMPONENT_KINDS.filter((k) => (cc.kinds ?? COMPONENT_KINDS).includes(k) && membersOf(k).length >= 2);
  const groups = chosen
    .map((kind) => ({ kind, members: membersOf(kind), perYear: cc.beta * rates.kinds[kind].perYear }))
    .filter((g) => g.perYear > 0);
  const split = new Set(groups.map((g) => g.kind));
  const components = independent.map((c) => (split.has(c.kind) ? { ...c, perYear: (1 - cc.beta) * c.perYear } : c));
  return { components, groups };
}
