import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';

/** Registers `ziplime ingest`. */
export function register(program: Command): void {
  program.command('ingest').description('ingest (not built yet)').action(() => {
    throw new UsageError('`ziplime ingest` is not available in this build');
  });
}
