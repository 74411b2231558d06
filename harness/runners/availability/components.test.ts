import { describe, expect, it } from 'vitest';
import { compileTopology } from '../../engine/compile.js';
import { findModel, MODELS } from '../../../models/registry.js';
import { FAULTS } from '../../engine/faults/index.js';
import { vocabularyOf } from '../../engine/generators.js';
import { failureModel } from './components.js';
import { DEFAULT_RATES } from './rates.js';
import type { ComponentKind, FailureModel, RatesTable } from './types.js';

function presetModel(model: string, preset: string, rates: RatesTable = DEFAULT_RATES): FailureModel {
  const m = findModel(model)!;
  const p = m.presets.find((x) => x.name === preset)!;
  return failureModel(m, compileTopology(p.topology), rates);
}

function idsOf(fm: FailureModel, kind: ComponentKind): string[] {
  return fm.components.filter((c) => c.kind === kind).map((c) => c.id);
}

const R = DEFAULT_RATES.kinds;

describe('failureModel on xenserver-ha bonded', () => {
  const fm = presetModel('xenserver-ha', 'bonded');

  it('lists the components the model can fail, by the ids traces use', () => {
    expect(idsOf(fm, 'host')).toEqual(['h1', 'h2', 'h3']);
    expect(idsOf(fm, 'switch')).toEqual(['sw1', 'sw2']);
    expect(idsOf(fm, 'link')).toEqual(['sw1-sw2']);
    expect(idsOf(fm, 'bond-member')).toEqual(
      ['h1', 'h2', 'h3'].flatMap((h) => ['mgmt0', 'mgmt1', 'vm0', 'vm1'].map((n) => `${h}.${n}`)),
    );
    expect(idsOf(fm, 'nic')).toEqual(['h1', 'h2', 'h3'].flatMap((h) => [`${h}.st0`, `${h}.st1`]));
    expect(idsOf(fm, 'storage-power-cycle')).toEqual(['san1']);
    expect(idsOf(fm, 'storage-restart')).toEqual(['san1:restart']);
    expect(idsOf(fm, 'storage-path')).toHaveLength(6);
    expect(idsOf(fm, 'operator-step')).toEqual(['ha-reenable-gui']);
    // Not in xenserver-ha's fault list: no PSU, hang, application crash or fence device components.
    for (const k of ['psu', 'host-hang', 'app-crash', 'fence-device'] as const) expect(idsOf(fm, k)).toEqual([]);
  });

  it('names the faults that fail and repair each component', () => {
    const by = (id: string) => fm.components.find((c) => c.id === id)!;
    expect(by('h2')).toMatchObject({ fail: 'host-crash', target: 'h2', repair: 'host-boot' });
    expect(by('h1.mgmt1')).toMatchObject({ fail: 'nic-down', target: 'h1.mgmt1', repair: 'nic-up' });
    expect(by('san1')).toMatchObject({ fail: 'storage-hard-powercycle', repair: null, perYear: 0.046 });
    expect(by('san1:restart')).toMatchObject({
      fail: 'storage-clean-stop',
      target: 'san1',
      repair: 'storage-clean-start',
    });
    expect(by('ha-reenable-gui')).toMatchObject({ fail: 'config-drift', target: 'ha-reenable-gui', repair: null });
  });

  it('totals the rates by hand', () => {
    const total =
      3 * R.host.perYear +
      12 * R['bond-member'].perYear +
      6 * R.nic.perYear +
      2 * R.switch.perYear +
      R.link.perYear +
      R['storage-power-cycle'].perYear +
      R['storage-restart'].perYear +
      6 * R['storage-path'].perYear +
      R['operator-step'].perYear;
    expect(fm.totalPerYear).toBeCloseTo(total, 12);
    expect(fm.groups).toEqual([]);
    expect(fm.operatorRestore).toBe(DEFAULT_RATES.operatorRestore);
  });

  it('overrides one component by id, then splits common cause out of its kind', () => {
    const rates: RatesTable = {
      ...DEFAULT_RATES,
      components: { sw1: { perYear: 0.5, repair: { shape: 'fixed', ms: 60_000 } } },
      commonCause: { beta: 0.1, kinds: ['switch'] },
    };
    const cc = presetModel('xenserver-ha', 'bonded', rates);
    const sw = cc.components.filter((c) => c.kind === 'switch');
    expect(sw.map((c) => c.perYear)).toEqual([0.9 * 0.5, 0.9 * R.switch.perYear]);
    expect(sw[0].repairTime).toEqual({ shape: 'fixed', ms: 60_000 });
    expect(sw[1].repairTime).toEqual(R.switch.repair);
    expect(cc.groups).toEqual([
      { kind: 'switch', members: sw.map((c) => cc.components.indexOf(c)), perYear: 0.1 * R.switch.perYear },
    ]);
    const sum = cc.components.reduce((a, c) => a + c.perYear, 0) + cc.groups[0].perYear;
    expect(cc.totalPerYear).toBeCloseTo(sum, 12);
  });

  it('without kinds, correlates every kind with two or more components and leaves the rest whole', () => {
    const cc = presetModel('xenserver-ha', 'bonded', { ...DEFAULT_RATES, commonCause: { beta: 0.2 } });
    expect(cc.groups.map((g) => g.kind)).toEqual(['host', 'nic', 'bond-member', 'switch', 'storage-path']);
    expect(cc.components.find((c) => c.id === 'sw1-sw2')!.perYear).toBe(R.link.perYear);
    expect(cc.components.find((c) => c.id === 'h1')!.perYear).toBeCloseTo(0.8 * R.host.perYear, 12);
    // β moves rate from components to groups: Λ falls by (n − 1)·β·λ per kind, never rises.
    expect(cc.totalPerYear).toBeLessThan(fm.totalPerYear);
  });

  it('keeps only the kinds asked for', () => {
    const m = findModel('xenserver-ha')!;
    const only = failureModel(m, compileTopology(m.presets.find((p) => p.name === 'bonded')!.topology), DEFAULT_RATES, {
      kinds: ['host', 'switch'],
    });
    expect(only.components.map((c) => c.id)).toEqual(['h1', 'h2', 'h3', 'sw1', 'sw2']);
  });
});

describe('failureModel on other models', () => {
  it('pacemaker: fence devices, host hangs, NIC cables through link-cut (it has no nic-down)', () => {
    const fm = presetModel('pacemaker', 'two-node');
    expect(idsOf(fm, 'fence-device')).toEqual(['bmc-n1', 'bmc-n2']);
    expect(idsOf(fm, 'host-hang')).toEqual(['n1:hang', 'n2:hang']);
    const nics = fm.components.filter((c) => c.kind === 'nic');
    expect(nics.map((c) => [c.id, c.fail])).toEqual([
      ['n1.eth0-lan', 'link-cut'],
      ['n2.eth0-lan', 'link-cut'],
    ]);
    expect(idsOf(fm, 'switch')).toEqual([]);
  });

  it('lifekeeper: an application crash per protected service, at its home host, instantaneous', () => {
    const m = findModel('lifekeeper')!;
    const compiled = compileTopology(m.presets[0].topology);
    const fm = failureModel(m, compiled, DEFAULT_RATES);
    const crashes = fm.components.filter((c) => c.kind === 'app-crash');
    const protectedServices = compiled.services.filter((s) => s.priority !== 'unprotected');
    expect(protectedServices.length).toBeGreaterThan(0);
    expect(crashes.map((c) => c.target)).toEqual(protectedServices.map((s) => `${s.id}@${compiled.hostIds[s.home]}`));
    for (const c of crashes)
      expect(c).toMatchObject({ fail: 'app-crash', repair: null, repairTime: { shape: 'fixed', ms: 0 } });
  });

  it('avance: power supplies of hosts with two or more', () => {
    const m = findModel('avance')!;
    const fm = failureModel(m, compileTopology(m.presets[0].topology), DEFAULT_RATES);
    const psus = fm.components.filter((c) => c.kind === 'psu');
    expect(psus.length).toBeGreaterThan(0);
    for (const p of psus) expect(p).toMatchObject({ fail: 'psu-fail', repair: 'psu-replace' });
    expect(psus.every((p) => /\.psu\d+$/.test(p.id))).toBe(true);
  });
});

describe('failureModel on every preset', () => {
  for (const m of MODELS)
    for (const p of m.presets)
      it(`${m.name}/${p.name}: every component is a target its fault accepts, ids unique, Λ the sum`, () => {
        const topo = compileTopology(p.topology);
        const fm = failureModel(m, topo, { ...DEFAULT_RATES, commonCause: { beta: 0.1 } });
        expect(fm.components.length).toBeGreaterThan(0);
        for (const c of fm.components) {
          expect(m.faults).toContain(c.fail);
          expect(FAULTS[c.fail].targets(topo, vocabularyOf(m))).toContain(c.target);
          if (c.repair !== null) expect(c.repair).toBe(FAULTS[c.fail].repairedBy);
        }
        expect(new Set(fm.components.map((c) => c.id)).size).toBe(fm.components.length);
        const sum = fm.components.reduce((a, c) => a + c.perYear, 0) + fm.groups.reduce((a, g) => a + g.perYear, 0);
        expect(fm.totalPerYear).toBeCloseTo(sum, 12);
        for (const g of fm.groups) for (const i of g.members) expect(fm.components[i].kind).toBe(g.kind);
      });
});
