import type { Command } from 'commander';
import { addSessionOptions, ccxtOptions, finishSession, runOptions, withSignals } from './live.js';
import { addCcxtOptions, addRunOptions } from './run-options.js';
import { globalOptions } from './global-options.js';

/** Registers `ziplime paper`. */
export function register(program: Command): void {
  const cmd = program
    .command('paper')
    .description('paper-trade a strategy file on live bars with the simulated broker')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .option('--feed <name>', 'where live bars come from: alpaca (keys from --credentials or APCA_API_KEY_ID / APCA_API_SECRET_KEY) | ccxt (--exchange; public market data, no keys)', 'alpaca');
  addCcxtOptions(addSessionOptions(addRunOptions(cmd, 'capital', 'fill', 'venueRules'))).action((strategyFile: string, raw: Record<string, unknown>, command: Command) => withSignals(async (shutdown) => {
    const { paperOptionsSchema, parseOptions } = await import('./option-schemas.js');
    const o = parseOptions(paperOptionsSchema, { ...raw, quiet: globalOptions(command).quiet });
    const { runPaper } = await import('../runtime/paper.js');
    const outcome = await runPaper({ ...(await runOptions(strategyFile, o, command, shutdown)), feed: o.feed, capital: o.capital, fill: o.fill, venueRules: o.venueRules, credentials: o.credentials, ccxt: ccxtOptions(o) });
    await finishSession(outcome, o);
  }));
}
