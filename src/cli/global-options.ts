import path from 'node:path';
import type { Command } from 'commander';
import type { LogLevel } from '../runtime/logging.js';

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  bundlesDir: string;
  logLevel: LogLevel;
  logFile: string | undefined;
  verbose: boolean;
}

/** The global options as seen from any (sub)command, with the env fallback applied. */
export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions>;
  return {
    bundlesDir: path.resolve(o.bundlesDir ?? process.env.ZIPLIME_BUNDLES_DIR ?? 'bundles'),
    logLevel: o.logLevel ?? (o.verbose ? 'debug' : 'info'),
    logFile: o.logFile,
    verbose: Boolean(o.verbose),
  };
}
