import { type Command, Option } from 'commander';
import { redactUrl } from '../../config/index.js';
import { VERSION } from '../../version.js';
import type { CommandContext } from '../context.js';
import { parsePort } from '../parse.js';

export function registerStart(program: Command, ctx: CommandContext): void {
  program
    .command('start')
    .description('migrate the database, then run the server and engine until SIGINT/SIGTERM')
    .addOption(new Option('--port <n>', 'HTTP port (PORT, default 8000)').argParser(parsePort))
    .option('--host <host>', 'address to bind (HOST, default 127.0.0.1)')
    .action(async (options: { port?: number; host?: string }) => {
      const config = ctx.config({
        server: {
          ...(options.port === undefined ? {} : { port: options.port }),
          ...(options.host === undefined ? {} : { host: options.host }),
        },
      });
      const logger = ctx.logger(config);
      // Loaded here, not at the top: fastify and the runtime cost every other verb ~100 ms at start.
      const { startPlatform } = await import('../../runtime/index.js');
      const platform = await startPlatform({ config, logger, cwd: ctx.io.cwd });
      // Listen for SIGINT/SIGTERM before saying we are up: a signal sent on seeing the address is handled.
      const stopped = ctx.io.stopSignal();
      const summary = { address: platform.address, environment: platform.environment, version: VERSION };
      ctx.print(
        summary,
        () =>
          `Quant Lab ${VERSION} listening on ${platform.address} (${platform.environment}, ${redactUrl(config.database.url)})`,
      );
      const signal = await stopped;
      await platform.stop(`received ${signal}`);
    });
}
