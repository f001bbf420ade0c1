import type { Command } from 'commander';
import { z } from 'zod';
import { addSessionOptions, finishSession, parseOptions, runOptions, sessionOptionsSchema } from './live.js';

const paperSchema = sessionOptionsSchema.extend({
  feed: z.enum(['alpaca'], { message: "the only feed is 'alpaca'" }),
  capital: z.coerce.number().positive('must be a positive amount').finite(),
  fill: z.enum(['next-close', 'next-open', 'same-close']),
});

/** Registers `ziplime paper`. */
export function register(program: Command): void {
  const cmd = program
    .command('paper')
    .description('paper-trade a strategy file on live bars with the simulated broker')
    .argument('<strategy>', 'strategy file (.ts or .js)')
    .option('--feed <name>', 'where live bars come from: alpaca (credentials from APCA_API_KEY_ID / APCA_API_SECRET_KEY)', 'alpaca')
    .option('--capital <amount>', 'starting cash', '100000')
    .option('--fill <policy>', 'next-close | next-open | same-close', 'next-close');
  addSessionOptions(cmd).action(async (strategyFile: string, raw: Record<string, unknown>, command: Command) => {
    const o = parseOptions(paperSchema, raw);
    const { runPaper } = await import('../runtime/paper.js');
    const outcome = await runPaper({ ...(await runOptions(strategyFile, o, command)), feed: o.feed, capital: o.capital, fill: o.fill });
    await finishSession(outcome, o);
  });
}
