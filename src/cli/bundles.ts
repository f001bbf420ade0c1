import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime bundles`. */
export function register(program: Command): void {
  program.command('bundles').description('bundles (not built yet)').action(() => {
    throw new UsageError('`ziplime bundles` is not available in this build');
  });
}
