import { type ChildProcess, spawn } from 'node:child_process';

export const BIN = new URL('../../bin/quantlab.js', import.meta.url).pathname;

export interface SpawnedCli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<number | null>;
}

/** Spawns the built `quantlab` command the way a user runs it. */
export function spawnCli(args: string[], options: { cwd: string; env?: Record<string, string> }): SpawnedCli {
  const child = spawn(process.execPath, [BIN, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk) => {
    out += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    err += chunk;
  });
  // 'close', not 'exit': the output written just before exiting is only complete once stdio has closed.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves when `predicate(stdout)` holds, rejecting after `timeoutMs` or when the process exits first. */
export async function waitForOutput(
  cli: SpawnedCli,
  predicate: (stdout: string) => boolean,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (predicate(cli.stdout())) return;
    if (cli.child.exitCode !== null) throw new Error(`exited ${cli.child.exitCode}: ${cli.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms; stderr: ${cli.stderr()}`);
}
