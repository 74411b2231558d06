// `hafault models`: the built-in models and the user's (hafault.config.*, `--model FILE`: marked with
// the file they come from), their presets, settings (with defaults and sources), faults and properties.
import { defaultsFor, rangeText } from '../engine/config.js';
import { catalogueModels, userModelFile } from '../runners/userModels/catalogue.js';
import { formatMs } from '../engine/time.js';
import type { ConfigKey, Model } from '../engine/model.js';

function keyJson(model: Model, k: ConfigKey) {
  const defaults = defaultsFor(model, {});
  return {
    key: k.key,
    type: k.type,
    ...(k.values ? { values: k.values } : {}),
    default: defaults[k.key],
    ...(typeof k.default === 'function' && k.key !== 'profile' ? { defaultDependsOnOtherSettings: true } : {}),
    describe: k.describe,
    source: k.source,
    unverified: k.unverified === true,
    ...(k.type === 'ms' || k.type === 'number' ? { min: k.min, max: k.max, rangeSource: k.rangeSource } : {}),
  };
}

/** `models`: every model in the catalogue, or `only` these. */
export function modelsJson(models: readonly Model[] = catalogueModels()) {
  return {
    models: models.map((m) => ({
      name: m.name,
      ...(userModelFile(m.name) !== undefined ? { userFile: userModelFile(m.name) } : {}),
      version: m.version,
      summary: m.summary,
      presets: m.presets.map((p) => ({
        name: p.name,
        describe: p.describe,
        verdict: p.verdict,
        faults: p.faults ?? m.faults,
        config: p.config ?? {},
      })),
      keys: m.keys.map((k) => keyJson(m, k)),
      faults: m.faults,
      drifts: m.drifts.map((d) => ({ name: d.name, describe: d.describe })),
      operatorSteps: (m.operatorSteps ?? []).map((st) => ({ name: st.name, describe: st.describe })),
      properties: m.properties,
    })),
  };
}

export function renderModels(models: readonly Model[] = catalogueModels()): string {
  const out: string[] = [];
  for (const m of models) {
    const defaults = defaultsFor(m, {});
    const file = userModelFile(m.name);
    out.push(`${m.name} ${m.version} — ${m.summary}`, ...(file !== undefined ? [`  your model, from ${file}`] : []));
    out.push('', '  presets:');
    for (const p of m.presets) out.push(`    ${p.name.padEnd(22)} ${p.describe}`, `    ${''.padEnd(22)} ${p.verdict}`);
    out.push('', '  settings (--set key=value):');
    for (const k of m.keys) {
      const d = defaults[k.key];
      const shown = k.type === 'ms' && typeof d === 'number' ? formatMs(d) : String(d);
      out.push(
        `    ${k.key.padEnd(18)} default ${shown}${typeof k.default === 'function' && k.key !== 'profile' ? ' (depends on other settings)' : ''}${k.unverified ? ' [unverified]' : ''}`,
      );
      out.push(`    ${''.padEnd(18)} ${k.describe}`, `    ${''.padEnd(18)} source: ${k.source}`);
      if (k.type === 'ms' || k.type === 'number') out.push(`    ${''.padEnd(18)} range: ${rangeText(k)}`);
    }
    out.push('', `  faults drawn: ${m.faults.join(', ')}`);
    if (m.drifts.length > 0)
      out.push(`  config drifts: ${m.drifts.map((d) => `${d.name} (${d.describe})`).join('; ')}`);
    if ((m.operatorSteps ?? []).length > 0) {
      out.push('  procedure (operator-step targets, in written order):');
      for (const st of m.operatorSteps!) out.push(`    ${st.name.padEnd(32)} ${st.describe}`);
    }
    out.push(`  properties: ${m.properties.join(', ')}`, '');
  }
  return out.join('\n');
}
