import type { Command } from 'commander';
import {
  assertSafeConfig,
  type Config,
  redactConfig,
  SETTINGS,
  tradingEnvironment,
} from '../../config/index.js';
import { QuantLabError } from '../../core/errors.js';
import type { CommandContext } from '../context.js';

export function registerConfig(program: Command, ctx: CommandContext): void {
  const config = program.command('config').description('inspect the configuration');
  config
    .command('show')
    .description('print the effective configuration, secrets redacted')
    .action(() => {
      const effective = ctx.config();
      const redacted = redactConfig(effective);
      let problem: QuantLabError | undefined;
      try {
        assertSafeConfig(effective);
      } catch (error) {
        if (!(error instanceof QuantLabError)) throw error;
        problem = error;
      }
      const environment = tradingEnvironment(effective);
      ctx.print({ config: redacted, tradingEnvironment: environment }, () => describe(redacted, environment));
      // Shown, but still refused: the same check stops `quantlab start`.
      if (problem) throw problem;
    });
}

function describe(config: Config, environment: string): string {
  const width = Math.max(...SETTINGS.map((s) => s.env.length));
  const lines = SETTINGS.map((setting) => {
    const [section, key] = setting.path;
    const value = (config[section] as Record<string, unknown>)[key];
    return `${setting.env.padEnd(width)}  ${value === undefined ? '(unset)' : String(value)}`;
  });
  return [`trading environment: ${environment}`, ...lines].join('\n');
}
