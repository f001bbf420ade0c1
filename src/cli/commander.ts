import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type * as CommanderPackage from 'commander';
import { requireWithCodeCache } from '../core/cached-require.js';

/**
 * commander for the command line: from the one file the build bundles it into
 * (`dist/cli/commander.cjs`, loaded with its V8 code cache — see `scripts/bundle-deps.mjs`), or
 * from the package when running from the sources. The program and its errors come from here, so
 * `instanceof CommanderError` holds for what `Command` throws.
 */
function load(): typeof CommanderPackage {
  const bundled = fileURLToPath(new URL('./commander.cjs', import.meta.url));
  if (existsSync(bundled)) return requireWithCodeCache(bundled) as typeof CommanderPackage;
  return createRequire(import.meta.url)('commander') as typeof CommanderPackage;
}

const commander = load();

export const { Command, Option, CommanderError } = commander;
export type Command = CommanderPackage.Command;
export type Option = CommanderPackage.Option;
export type CommanderError = CommanderPackage.CommanderError;
