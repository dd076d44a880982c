import type { Command } from 'commander';
import { COMMIT, VERSION } from '../../version.js';
import type { CommandContext } from '../context.js';

export function registerVersion(program: Command, ctx: CommandContext): void {
  program
    .command('version')
    .description('print the Quant Lab version')
    .action(() => {
      const info = { name: 'quantlab', version: VERSION, commit: COMMIT, node: process.version };
      ctx.print(info, () => `quantlab ${VERSION} (commit ${COMMIT}, node ${process.version})`);
    });
}
