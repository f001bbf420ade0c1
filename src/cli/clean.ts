import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime clean`. */
export function register(program: Command): void {
  program.command('clean').description('clean (not built yet)').action(() => {
    throw new UsageError('`ziplime clean` is not available in this build');
  });
}
