import type { CliIo } from './context.js';

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
        const onSignal = (signal: NodeJS.Signals) => {
          // A second signal while shutting down forces the exit.
          process.once(signal, () => {
            process.stderr.write(`quantlab: second ${signal}, exiting now\n`);
            process.exit(1);
          });
          resolve(signal);
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
      }),
  };
}
