import { InvalidArgumentError } from 'commander';

/** Commander argument parser for a TCP port (0 = any free port). */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65_535) throw new InvalidArgumentError('expected a port number 0–65535');
  return port;
}
