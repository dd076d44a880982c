import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from '../../src/cli/context.js';
import { runCli } from '../../src/cli/program.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh temporary working directory (no quantlab.config.json, no .env). */
export function tempDir(prefix = 'ql-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Runs the CLI in-process with captured output. `stop` resolves the stop signal (for `start`); by default
 * it never fires.
 */
export async function runCliCaptured(
  argv: string[],
  options: {
    env?: Record<string, string>;
    cwd?: string;
    stop?: Promise<string>;
    /** Sees stdout as it is written (for long-running verbs). */
    onStdout?: (text: string) => void;
  } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (text) => {
      stdout += text;
      options.onStdout?.(text);
    },
    stderr: (text) => {
      stderr += text;
    },
    env: { LOG_LEVEL: 'silent', ...options.env },
    cwd: options.cwd ?? tempDir(),
    isTty: false,
    stopSignal: () => options.stop ?? new Promise(() => {}),
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}
