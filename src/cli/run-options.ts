import type { Command } from 'commander';

/** A run option every strategy run may take (`backtest`, `paper`, `live`); its schema is in `option-schemas.ts`. */
export type RunOptionName = 'capital' | 'frequency' | 'fill' | 'benchmark' | 'param' | 'config' | 'venueRules';

/** How each run option is declared to commander. */
const RUN_OPTIONS: Record<RunOptionName, (cmd: Command) => Command> = {
  capital: (cmd) => cmd.option('--capital <amount>', 'starting cash', '100000'),
  frequency: (cmd) => cmd.option('--frequency <f>', 'daily | minute', 'daily'),
  fill: (cmd) => cmd.option('--fill <policy>', 'next-close | next-open | same-close', 'next-close'),
  benchmark: (cmd) => cmd.option('--benchmark <symbol>', "benchmark symbol, or 'none' (default: the bundle's)"),
  param: (cmd) => cmd.option('--param <name=value>', 'strategy parameter, checked by its schema (repeatable): --param fast=5 --param symbols=AAPL,MSFT (a list) --param on=true', (v: string, acc: string[]) => [...acc, v], [] as string[]),
  config: (cmd) => cmd.option('--config <file>', 'JSON file of strategy parameters'),
  venueRules: (cmd) => cmd.option('--venue-rules <venue>', "reject the orders a venue would refuse (its order rules, applied by the simulated broker): alpaca; paper --feed ccxt also: ccxt (the exchange's markets)"),
};

/** Adds the named run options to `cmd`, in the order given. */
export function addRunOptions(cmd: Command, ...names: RunOptionName[]): Command {
  for (const name of names) RUN_OPTIONS[name](cmd);
  return cmd;
}

/** Help of `--credentials`, with the order in which each value is looked up. */
export const CREDENTIALS_HELP = 'Alpaca keys file: APCA_API_KEY_ID=… / APCA_API_SECRET_KEY=… lines (optionally APCA_API_BASE_URL, '
  + 'APCA_API_DATA_URL) or JSON {"keyId", "secretKey", "baseUrl"?, "dataUrl"?}; each value comes from this file, '
  + 'else the APCA_API_* variables, else the file named by $ZIPLIME_CREDENTIALS (ignored when this option is given). '
  + 'With ccxt: ZIPLIME_CCXT_API_KEY=… / ZIPLIME_CCXT_SECRET=… lines (optionally ZIPLIME_CCXT_API_URL) or JSON {"apiKey", "secret", "apiUrl"?}, '
  + 'else the ZIPLIME_CCXT_* variables, else the file named by $ZIPLIME_CCXT_CREDENTIALS';

/** Adds `--credentials <file>` (`paper`, `live`, `ingest --source alpaca`). */
export function addCredentialsOption(cmd: Command): Command {
  return cmd.option('--credentials <file>', CREDENTIALS_HELP);
}

/** Adds the exchange options of a ccxt venue (`paper --feed ccxt`, `live --broker ccxt`). */
export function addCcxtOptions(cmd: Command): Command {
  return cmd
    .option('--exchange <id>', 'ccxt: the exchange, e.g. binance (default: $ZIPLIME_CCXT_EXCHANGE)')
    .option('--api-url <url>', 'ccxt: send every REST request to this base URL, e.g. the BINANCE_API_URL `ziplime sim --protocol binance` prints (default: $ZIPLIME_CCXT_API_URL or $<EXCHANGE>_API_URL)')
    .option('--stream-url <url>', 'ccxt: stream bars over WebSocket from this URL (e.g. the BINANCE_STREAM_URL `ziplime sim --protocol binance` prints), polling REST when the socket fails; without it bars are polled')
    .option('--sandbox', "ccxt: the exchange's sandbox (testnet) hosts (default: $ZIPLIME_CCXT_SANDBOX)");
}
