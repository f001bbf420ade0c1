import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime sim`. */
export function register(program: Command): void {
  program.command('sim').description('sim (not built yet)').action(() => {
    throw new UsageError('`ziplime sim` is not available in this build');
  });
}
