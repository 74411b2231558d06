// Whatever a real run creates is removed afterwards, even when a step fails or the run is
// interrupted. Each live run registers a synchronous teardown here; SIGINT / SIGTERM (and process
// exit) run every registered teardown before the process goes. Handlers are installed only while a
// run is live, so the rest of the program keeps the default signal behaviour.
type Teardown = () => void;

const live = new Set<Teardown>();
let installed = false;

function runAll(): void {
  for (const teardown of [...live]) {
    live.delete(teardown);
    try {
      teardown();
    } catch {
      // keep going: the next run's resources must be removed too
    }
  }
}

function onSignal(signal: NodeJS.Signals): void {
  runAll();
  uninstall();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', runAll);
}

function uninstall(): void {
  if (!installed) return;
  installed = false;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  process.off('exit', runAll);
}

/**
 * Registers a synchronous teardown for interruptions; returns the function that unregisters it
 * (the run itself tears down asynchronously, so that other runs in this process keep their timing).
 */
export function registerTeardown(teardown: Teardown): () => void {
  live.add(teardown);
  install();
  return () => {
    live.delete(teardown);
    if (live.size === 0) uninstall();
  };
}
