// The `run` command that replays one schedule on one target: findings about a run that never settles
// print it beside their trace file (which holds the run only up to its stop), a plan of `--step` lines.
import { defaultsFor, resolveConfig } from '../engine/config.js';
import type { FaultStep } from '../engine/faults/index.js';
import type { Config, Model } from '../engine/model.js';
import type { Target } from '../engine/target.js';
import { formatExactMs } from '../engine/time.js';

/** `120s`, `1500ms`, `10min`: a duration as `--set` and plan lines read it. */
function durationArg(ms: number): string {
  return formatExactMs(ms).replace(' ', '');
}

/** `--set k=v` for every setting that differs from what the target starts from without any. */
function settingArgs(model: Model, config: Config, base: Config): string[] {
  return model.keys.flatMap((k) => {
    const v = config[k.key];
    if (v === base[k.key]) return [];
    return ['--set', `${k.key}=${k.type === 'ms' && typeof v === 'number' ? durationArg(v) : String(v)}`];
  });
}

const quote = (s: string) => (/^[\w.=:,@+-]+$/.test(s) ? s : `'${s}'`);

/** A target from a topology file knows its file (TopologyTarget); a preset target does not need one. */
export function reproduceCommand(target: Target & { readonly file?: string }, schedule: readonly FaultStep[]): string {
  const where = target.preset
    ? ['--model', target.model.name, '--preset', target.preset.name]
    : ['--topology', target.file ?? `${target.topology.name}.yaml`];
  // A file's own settings are repeated as --set: harmless, and the command stays right if the file changes.
  const base = target.preset
    ? resolveConfig(target.model, target.preset.config ?? {})
    : defaultsFor(target.model, target.config);
  const steps = schedule.flatMap((s) => ['--step', `at ${durationArg(s.at)}: ${s.fault} ${s.target}`]);
  return [
    'npx hafault run',
    ...[...where, ...settingArgs(target.model, target.config, base), ...steps].map(quote),
  ].join(' ');
}
