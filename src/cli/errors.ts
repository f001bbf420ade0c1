import { CommanderError } from './commander.js';
import { ExitCode, ZiplimeError } from '../core/errors.js';

/**
 * Prints an error as one line on stderr (the stack only with `--verbose`) and returns the exit
 * code: 2 for usage and input errors, 1 for everything else.
 */
export function reportError(err: unknown, verbose: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return ExitCode.ok;
    return ExitCode.usage; // commander already printed its message
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`ziplime: ${message.split('\n')[0]}\n`);
  if (verbose && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  else if (!(err instanceof ZiplimeError)) process.stderr.write('ziplime: (run again with --verbose for the stack trace)\n');
  return err instanceof ZiplimeError ? err.exitCode : ExitCode.failure;
}
