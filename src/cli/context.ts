import { type Config, type ConfigLayer, loadConfig, secretValues } from '../config/index.js';
import { createLogger, type Logger } from '../logging/index.js';

/** Where the CLI reads and writes; injectable so commands can be tested in-process. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** True when stderr is a terminal (progress bars, pretty logs). */
  isTty: boolean;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); long-running verbs wait on it. */
  stopSignal(): Promise<string>;
}

/** Options every verb accepts (declared on the root command). */
export interface GlobalOptions {
  json?: boolean;
  config?: string;
  logLevel?: string;
}

export interface CommandContext {
  io: CliIo;
  globals(): GlobalOptions;
  /** Loads and validates the configuration with the global options and the verb's own flags applied. */
  config(flags?: ConfigLayer): Config;
  logger(config: Config): Logger;
  /** Prints a result: JSON on stdout with `--json`, else the human text. */
  print(result: unknown, human: () => string): void;
}

export function createContext(io: CliIo, globals: () => GlobalOptions): CommandContext {
  return {
    io,
    globals,
    config(flags = {}) {
      const { config: configFile, logLevel } = globals();
      const withLevel: ConfigLayer = logLevel
        ? { ...flags, log: { ...flags.log, level: logLevel as never } }
        : flags;
      return loadConfig({
        env: io.env,
        cwd: io.cwd,
        ...(configFile ? { configFile } : {}),
        flags: withLevel,
      });
    },
    logger(config) {
      return createLogger({ level: config.log.level, secrets: secretValues(config), pretty: io.isTty });
    },
    print(result, human) {
      if (globals().json) io.stdout(`${JSON.stringify(result, null, 2)}\n`);
      else io.stdout(`${human()}\n`);
    },
  };
}
