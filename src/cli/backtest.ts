import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime backtest`. */
export function register(program: Command): void {
  program.command('backtest').description('backtest (not built yet)').action(() => {
    throw new UsageError('`ziplime backtest` is not available in this build');
  });
}
