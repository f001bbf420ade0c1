import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime report`. */
export function register(program: Command): void {
  program.command('report').description('report (not built yet)').action(() => {
    throw new UsageError('`ziplime report` is not available in this build');
  });
}
