// Signal policy belongs to the owning script (demo, test runner, cli), never to the library: a test file that
// starts a private sandbox must not change how its process reacts to Ctrl-C. Owners opt in with this.
interface Stoppable {
  stop(): Promise<void>;
}

const EXIT_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };

// On SIGINT/SIGTERM: run extraCleanup (e.g. close the HTTP server), stop the sandbox, exit 128+signal.
// A second signal, or a cleanup stuck for 10 s, exits at once; the 'exit' hook then SIGKILLs the servers.
// Returns a function that removes the handlers.
export function stopOnSignals(sandbox: Stoppable, extraCleanup?: () => unknown): () => void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const code = EXIT_CODES[signal] ?? 1;
    if (stopping) process.exit(code);
    stopping = true;
    setTimeout(() => process.exit(code), 10_000).unref();
    void (async () => {
      try {
        await extraCleanup?.();
      } catch (err) {
        console.error('cleanup failed:', err);
      }
      try {
        await sandbox.stop();
      } catch (err) {
        console.error('sandbox stop failed:', err);
      }
      process.exit(code);
    })();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
}
