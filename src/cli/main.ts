import { Command, Option } from './commander.js';
import { reportError } from './errors.js';

/** A command module: registers its command on the program. */
interface CommandModule {
  register(program: Command): void;
}

/** The command modules by command name, in the order `--help` lists them. */
const COMMANDS: Readonly<Record<string, () => Promise<CommandModule>>> = {
  ingest: () => import('./ingest.js'),
  bundles: () => import('./bundles.js'),
  clean: () => import('./clean.js'),
  backtest: () => import('./backtest.js'),
  report: () => import('./report.js'),
  sim: () => import('./sim.js'),
  paper: () => import('./paper.js'),
  live: () => import('./live.js'),
  sweep: () => import('./sweep.js'),
  pipeline: () => import('./pipeline.js'),
  worker: () => import('./worker.js'),
};

/** Global options followed by a value (that word is not the command). */
const VALUE_OPTIONS = new Set(['--bundles-dir', '--log-level', '--log-file']);

/** The command `args` (without `node` and the script) run: its first word that is not a global option or its value, if one of ours. */
function commandNamed(args: readonly string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (VALUE_OPTIONS.has(arg)) i++;
    else if (!arg.startsWith('-')) return Object.hasOwn(COMMANDS, arg) ? arg : undefined;
  }
  return undefined;
}

/**
 * Builds the `ziplime` program for the command line `args` (without `node` and the script): with
 * only the command they run when they name one (a start loads one command module), else with every
 * command (help, version, an unknown command). Command modules stay light: heavy work is imported
 * in actions.
 */
export async function buildProgram(args: readonly string[] = []): Promise<Command> {
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
  const named = commandNamed(args);
  for (const command of await Promise.all((named ? [named] : Object.keys(COMMANDS)).map((name) => COMMANDS[name]!()))) {
    command.register(program);
  }
  program.commands.forEach((c) => c.exitOverride());
  return program;
}

/** Runs the command line; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const program = await buildProgram(argv.slice(2));
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    return reportError(err, argv.includes('--verbose'));
  }
}
