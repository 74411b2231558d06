// The deployment of a Neverfail pair as an operator procedure (seeds 000, 001): the primary is
// installed, cloned and rebooted (its downtime window), then the clone is restored into the
// secondary, whose network is reconfigured before it reboots and synchronises. Each server reacts
// to the steps that concern it and refuses steps taken out of order; a restored clone carries the
// primary's name and public IP until its network is reconfigured.
import type { OperatorStep } from '../../harness/engine/model.js';
import { BOOT, note, startApp, startTimer, stopApp, type Draft } from './context.js';

/** The written procedure, in order (seed 000's abbreviation of the vendor's, plus its test switchover). */
export const DEPLOYMENT_STEPS: readonly OperatorStep[] = [
  {
    name: 'installs-neverfail-on-primary',
    describe: 'Install Neverfail on the primary (its application stops: the downtime window opens)',
  },
  { name: 'clones-primary', describe: 'Clone the primary with NT Backup' },
  {
    name: 'reboots-primary',
    describe: 'Reboot the primary; it serves again as the active server (the downtime window closes)',
  },
  { name: 'installs-neverfail-on-secondary', describe: 'Install Neverfail on the secondary' },
  {
    name: 'restores-clone-on-secondary',
    describe: "Restore the primary's clone into the secondary: it gets the primary's name and public IP",
  },
  {
    name: 'reconfigures-secondary-network',
    describe: "Configure the secondary's network: public IP filtered, DNS registration and NetBIOS off",
  },
  { name: 'reboots-secondary', describe: 'Reboot the secondary; the pair then synchronises (a lengthy process)' },
  { name: 'switches-over', describe: 'Switch over to the secondary to test it (seed 000)' },
];

/** The planned switchover, the one step of the `neverfail` model's procedure. */
export const SWITCHOVER = 'switches-over';

/** Which server each deployment step is taken on. */
const OWNER: Readonly<Record<string, string>> = {
  'installs-neverfail-on-primary': 'primary',
  'clones-primary': 'primary',
  'reboots-primary': 'primary',
  'installs-neverfail-on-secondary': 'secondary',
  'restores-clone-on-secondary': 'secondary',
  'reconfigures-secondary-network': 'secondary',
  'reboots-secondary': 'secondary',
};

/** Roles a server has before Neverfail runs on it. */
export const DEPLOYMENT_ROLES: ReadonlySet<string> = new Set([
  'unprotected',
  'installing',
  'cloned',
  'bare',
  'installed',
  'restored',
  'configured',
  'deploy-reboot',
]);

/** The role a deployment step leads to from `role`, with its effects on the draft; `role` itself when it does nothing. */
export function deploymentStep(role: string, d: Draft, step: string): string {
  if (OWNER[step] !== d.cfg.identity) return role;
  const next = take(role, d, step);
  if (next === role)
    note(d, `the operator's step ${step} is refused here (${role}): the procedure's earlier steps are not done`);
  return next;
}

function take(role: string, d: Draft, step: string): string {
  switch (`${role} ${step}`) {
    case 'unprotected installs-neverfail-on-primary':
      stopApp(d, 'planned');
      note(d, "installs Neverfail: the application stops, the primary's downtime window opens");
      return 'installing';
    case 'installing clones-primary':
      d.out.push({ do: 'send', to: d.cfg.peerAgent, event: { type: 'CLONE_READY' } });
      note(d, 'clones the primary (NT Backup)');
      return 'cloned';
    case 'cloned reboots-primary':
    case 'configured reboots-secondary':
      startTimer(d, BOOT, d.cfg.bootMs);
      note(d, `reboots the ${d.cfg.identity}`);
      return 'deploy-reboot';
    case 'bare installs-neverfail-on-secondary':
      note(d, 'installs Neverfail on the secondary');
      return 'installed';
    case 'installed restores-clone-on-secondary':
      if (!d.cloneReady) return 'installed';
      startApp(d, 'takeover');
      note(d, "restores the primary's clone: the secondary now carries the primary's name and public IP");
      return 'restored';
    case 'restored reconfigures-secondary-network':
      stopApp(d, 'planned');
      note(d, 'network reconfigured: public IP filtered, DNS registration and NetBIOS off');
      return 'configured';
    default:
      return role;
  }
}

/** A deployment reboot ends: the primary serves again; Neverfail starts on the secondary, unsynchronised. */
export function finishDeployReboot(d: Draft): string {
  d.phase = '';
  if (d.cfg.identity === 'primary') {
    startApp(d, 'restart');
    d.wasActive = true;
    note(d, 'back from its reboot: the primary serves again as the active server, its downtime window closes');
    return 'active';
  }
  note(d, 'Neverfail starts on the secondary: passive, to be synchronised');
  return 'unsynced';
}
