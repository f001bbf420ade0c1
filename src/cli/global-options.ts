import path from 'node:path';
import type { Command } from 'commander';
import type { LogLevel } from '../runtime/logging.js';

/** Options every command accepts (set on the root program). */
export interface GlobalOptions {
  bundlesDir: string;
  logLevel: LogLevel;
  logFile: string | undefined;
  verbose: boolean;
  /** `-q/--quiet`: print nothing but errors and warnings (files asked for are still written). */
  quiet: boolean;
}

/** The global options as seen from any (sub)command (`main.ts` gives `--bundles-dir` its env default). */
export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Partial<GlobalOptions> & { bundlesDir: string };
  return {
    bundlesDir: path.resolve(o.bundlesDir),
    logLevel: o.logLevel ?? (o.verbose ? 'debug' : 'info'),
    logFile: o.logFile,
    verbose: Boolean(o.verbose),
    quiet: Boolean((o as { quiet?: boolean }).quiet),
  };
}
