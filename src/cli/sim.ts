import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/** Registers `ziplime sim`. */
export function register(program: Command): void {
  program
    .command('sim')
    .description('run a local exchange simulator (Alpaca or Binance spot protocol: REST + streams) replaying a bundle\'s minute bars')
    .option('-b, --bundle <name>', 'bundle to replay (needs minute bars)', 'demo')
    .option('--protocol <name>', 'alpaca | binance (Binance spot\'s REST and streams, for ccxt)', 'alpaca')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--speed <x>', 'simulated minutes per real minute (60 = a minute per second; 0 = manual)', '60')
    .option('--start <date>', 'start at this session\'s open (YYYY-MM-DD) or instant (RFC 3339); default: the first minute bars')
    .option('--latency <ms>', 'latency added to every REST answer', '0')
    .option('--key <key>', 'accepted API key (APCA-API-KEY-ID / X-MBX-APIKEY)', 'test')
    .option('--secret <secret>', 'accepted API secret (APCA-API-SECRET-KEY / the HMAC key)', 'test')
    .option('--cash <amount>', 'starting cash of the simulated account', '100000')
    .option('--partial-fills <ratio>', 'cap each execution at this fraction of the order (e.g. 0.5)')
    .action(async (opts: Record<string, string | undefined>, cmd: Command) => {
      const { startSimCommand, exportLines, untilSignal } = await import('../runtime/sim.js');
      const { createLogger } = await import('../runtime/logging.js');
      const { simNumbers } = await import('./sim-options.js');
      const g = globalOptions(cmd);
      const sim = await startSimCommand({
        bundlesDir: g.bundlesDir, bundle: opts.bundle, start: opts.start, key: opts.key, secret: opts.secret, ...simNumbers(opts),
        logger: createLogger({ level: g.logLevel === 'info' ? 'warn' : g.logLevel, file: g.logFile }),
      });
      const stop = untilSignal();
      process.stdout.write(`${exportLines(sim).join('\n')}\n`);
      const streams = sim.protocol === 'binance'
        ? 'REST /api/v3, klines ws://…/ws/<symbol>@kline_1m, user data ws://…/ws/<listenKey>'
        : 'trade stream ws://…/stream, data stream ws://…/v2/iex (JSON or MessagePack)';
      process.stderr.write(
        `# ${sim.protocol === 'binance' ? 'Binance' : 'Alpaca'} simulator on ${sim.baseUrl}: bundle '${opts.bundle}' from ${new Date(sim.startMs).toISOString()} at ${opts.speed}x; `
        + `${streams}; admin POST /_sim/faults, /_sim/advance. Ctrl-C to stop.\n`,
      );
      await stop;
      await sim.close();
    });
}
