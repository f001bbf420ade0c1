import { Command, Option } from 'commander';
import { reportError } from './errors.js';
import { register as registerIngest } from './ingest.js';
import { register as registerBundles } from './bundles.js';
import { register as registerClean } from './clean.js';
import { register as registerBacktest } from './backtest.js';
import { register as registerReport } from './report.js';
import { register as registerSim } from './sim.js';
import { register as registerPaper } from './paper.js';
import { register as registerLive } from './live.js';
import { register as registerSweep } from './sweep.js';
import { register as registerPipeline } from './pipeline.js';
import { register as registerWorker } from './worker.js';

/** Builds the `ziplime` program. Command modules stay light: heavy work is imported in actions. */
export function buildProgram(): Command {
  const program = new Command('ziplime')
    .description('Backtest and live-trade one TypeScript strategy file')
    .version('0.1.0')
    .option('--bundles-dir <dir>', 'where bundles live (env ZIPLIME_BUNDLES_DIR)', process.env.ZIPLIME_BUNDLES_DIR ?? './bundles')
    .addOption(new Option('--log-level <level>', 'log level').choices(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']))
    .option('--log-file <file>', 'write JSON log lines to this file instead of stderr')
    .option('--verbose', 'more logging and stack traces on errors', false)
    .option('-q, --quiet', 'print nothing but errors and warnings (files asked for are still written)', false)
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerIngest, registerBundles, registerClean, registerBacktest, registerReport, registerSim, registerPaper, registerLive, registerSweep, registerPipeline, registerWorker]) {
    register(program);
  }
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err, argv.includes('--verbose'));
  }
}
