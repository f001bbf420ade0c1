import path from 'node:path';
import type { Command } from 'commander';
import type { LiveSessionOutcome } from '../live/live-session.js';
import { ShutdownController } from '../runtime/signals.js';
import type { LiveRunOptions } from '../runtime/live-options.js';
import { globalOptions } from './global-options.js';
import type { SessionCliOptions } from './option-schemas.js';
import { addCcxtOptions, addCredentialsOption, addRunOptions } from './run-options.js';

/** Adds the options `paper` and `live` share to a command. */
export function addSessionOptions(cmd: Command): Command {
  cmd.option('-b, --bundle <name>', 'history bundle (assets, and bars before today)', 'demo');
  return addCredentialsOption(addRunOptions(cmd, 'frequency', 'benchmark', 'param', 'config'))
    .option('--state-dir <dir>', 'journal folder (default ./live/<strategy>-<account>)')
    .option('--on-exit <what>', 'open orders on SIGINT/SIGTERM: cancel | keep', 'cancel')
    .option('--sessions <n>', 'stop after this many sessions (default: run until stopped)')
    .option('--until <date>', 'stop after this session YYYY-MM-DD')
    .option('--bar-grace <seconds>', "how long (market time) to wait for a minute's bars after it ends; a bar that arrives later, or one skipped, is reported stale", '5')
    .option('--daily-lead <minutes>', "daily frequency: run the day's bar this many minutes before the close", '0')
    .option('-o, --output <file>', 'write the session result (.json, .csv, .parquet, .duckdb)')
    .option('--html <file>', 'write the HTML tear sheet of the session');
}

/**
 * Runs a paper or live session command with SIGINT/SIGTERM handled from its first line to its
 * last write: a signal during startup stops the session as soon as it exists (it then winds down
 * per `--on-exit` and writes its result); one while results are written lets them finish; a
 * second signal forces the exit.
 */
export async function withSignals(run: (shutdown: ShutdownController) => Promise<void>): Promise<void> {
  const shutdown = new ShutdownController({}).install();
  try {
    await run(shutdown);
  } finally {
    shutdown.dispose();
  }
}

/** The runtime options shared by `paper` and `live`, from parsed CLI options. */
export async function runOptions(strategyFile: string, o: SessionCliOptions, cmd: Command, shutdown: ShutdownController): Promise<LiveRunOptions> {
  const global = globalOptions(cmd);
  const { createLogger } = await import('../runtime/logging.js');
  const logger = createLogger({ level: o.quiet && !global.logFile ? 'warn' : global.logLevel, file: global.logFile });
  shutdown.useLogger(logger);
  return {
    strategyFile, bundlesDir: global.bundlesDir, bundle: o.bundle, frequency: o.frequency, params: o.param, config: o.config,
    benchmark: o.benchmark, stateDir: o.stateDir, onExit: o.onExit, sessions: o.sessions, until: o.until,
    barGraceSeconds: o.barGrace, dailyLeadMinutes: o.dailyLead, shutdown, logger,
  };
}

/** The exchange options of a ccxt session as the runtime takes them. */
export function ccxtOptions(o: Pick<SessionCliOptions, 'exchange' | 'apiUrl' | 'streamUrl' | 'sandbox'>): { exchange?: string; apiUrl?: string; streamUrl?: string; sandbox?: boolean } {
  return { exchange: o.exchange, apiUrl: o.apiUrl, streamUrl: o.streamUrl, sandbox: o.sandbox };
}

/**
 * Prints the session's report (the backtest's tables, over the session's daily rows) and its
 * summary table; writes the result to `--output` or `<state dir>/session-<n>.json` (so
 * `ziplime report` reads it). A strategy error is thrown after that (exit 1).
 */
export async function finishSession(outcome: LiveSessionOutcome, o: SessionCliOptions): Promise<void> {
  const [{ emitResult }, { formatSessionSummary }] = await Promise.all([import('../report/index.js'), import('../report/session-summary.js')]);
  const output = o.output ?? path.join(path.dirname(outcome.summary.journal), `session-${outcome.incarnation}.json`);
  await emitResult(outcome.result, { output, html: o.html, print: !o.quiet && outcome.result.daily.length > 0 });
  if (!o.quiet) process.stdout.write(`${formatSessionSummary(outcome.summary)}\n`);
  if (outcome.error) throw outcome.error;
  // Anything a client library left open must not keep the process from exiting.
  setTimeout(() => process.exit(process.exitCode ?? 0), 3_000).unref();
}

/** Registers `ziplime live`. */
export function register(program: Command): void {
  const cmd = program
    .command('live')
    .description('trade a strategy file with real orders at a broker, on live bars')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .requiredOption('--broker <name>', 'broker: alpaca (keys from --credentials or APCA_API_KEY_ID / APCA_API_SECRET_KEY) | ccxt (--exchange; keys from --credentials or ZIPLIME_CCXT_API_KEY / ZIPLIME_CCXT_SECRET)')
    .option('--feed <name>', "where live bars come from (default and only choice: the broker's)")
    .option('--yes', "confirm trading real money: Alpaca's api.alpaca.markets, or an exchange's own (not sandbox, not loopback) hosts through ccxt", false);
  addCcxtOptions(addSessionOptions(cmd)).action((strategyFile: string, raw: Record<string, unknown>, command: Command) => withSignals(async (shutdown) => {
    const { liveOptionsSchema, parseOptions } = await import('./option-schemas.js');
    const o = parseOptions(liveOptionsSchema, { ...raw, quiet: globalOptions(command).quiet });
    const { runLive } = await import('../runtime/live.js');
    const outcome = await runLive({ ...(await runOptions(strategyFile, o, command, shutdown)), broker: o.broker, feed: o.feed, yes: o.yes, credentials: o.credentials, ccxt: ccxtOptions(o) });
    await finishSession(outcome, o);
  }));
}
