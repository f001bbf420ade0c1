import type { Command } from 'commander';
import { globalOptions } from './global-options.js';

/** Registers `ziplime sim`. */
export function register(program: Command): void {
  program
    .command('sim')
    .description('run a local Alpaca-compatible server (REST + streams) replaying a bundle\'s minute bars')
    .option('-b, --bundle <name>', 'bundle to replay (needs minute bars)', 'demo')
    .option('--port <port>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--speed <x>', 'simulated minutes per real minute (60 = a minute per second; 0 = manual)', '60')
    .option('--start <date>', 'start at this session\'s open (YYYY-MM-DD) or instant (RFC 3339); default: the first minute bars')
    .option('--latency <ms>', 'latency added to every REST answer', '0')
    .option('--key <key>', 'accepted APCA-API-KEY-ID', 'test')
    .option('--secret <secret>', 'accepted APCA-API-SECRET-KEY', 'test')
    .option('--cash <amount>', 'starting cash of the simulated account', '100000')
    .option('--partial-fills <ratio>', 'cap each execution at this fraction of the order (e.g. 0.5)')
    .action(async (opts: Record<string, string | undefined>, cmd: Command) => {
      const { startSimCommand, exportLines, untilSignal } = await import('../runtime/sim.js');
      const { createLogger } = await import('../runtime/logging.js');
      const g = globalOptions(cmd);
      const sim = await startSimCommand({
        bundlesDir: g.bundlesDir, bundle: opts.bundle, port: opts.port, speed: opts.speed, start: opts.start, latency: opts.latency,
        key: opts.key, secret: opts.secret, cash: opts.cash, partialFills: opts.partialFills,
        logger: createLogger({ level: g.logLevel === 'info' ? 'warn' : g.logLevel, file: g.logFile }),
      });
      const stop = untilSignal();
      process.stdout.write(`${exportLines(sim).join('\n')}\n`);
      process.stderr.write(
        `# Alpaca simulator on ${sim.baseUrl}: bundle '${opts.bundle}' from ${new Date(sim.startMs).toISOString()} at ${opts.speed}x; `
        + 'trade stream ws://…/stream, data stream ws://…/v2/iex; admin POST /_sim/faults, /_sim/advance. Ctrl-C to stop.\n',
      );
      await stop;
      await sim.close();
    });
}
