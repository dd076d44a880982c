import type { CliIo } from './context.js';

const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** The real process: stdout/stderr, environment, and SIGINT/SIGTERM as the stop signal. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTty: process.stderr.isTTY === true,
    stopSignal: () =>
      new Promise((resolve) => {
        const onFirst = (signal: NodeJS.Signals) => {
          for (const s of STOP_SIGNALS) process.off(s, onFirst);
          // A second signal while shutting down forces the exit (a stuck shutdown must stay stoppable).
          for (const s of STOP_SIGNALS) {
            process.once(s, () => {
              process.stderr.write(`quantlab: ${s} during shutdown, exiting now\n`);
              process.exit(1);
            });
          }
          resolve(signal);
        };
        for (const s of STOP_SIGNALS) process.on(s, onFirst);
      }),
  };
}
