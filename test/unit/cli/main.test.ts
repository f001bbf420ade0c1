import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';

const ALL = ['ingest', 'bundles', 'clean', 'backtest', 'report', 'sim', 'paper', 'live', 'sweep', 'pipeline', 'worker'];
const commands = async (args: string[]) => (await buildProgram(args)).commands.map((c) => c.name());

describe('buildProgram', () => {
  it('registers only the command the line runs, past global options and their values', async () => {
    expect(await commands(['backtest', 'a.ts'])).toEqual(['backtest']);
    expect(await commands(['--bundles-dir', 'data', '-q', 'sweep', 'a.ts'])).toEqual(['sweep']);
    // `backtest` here is the log file's name; the command is `bundles`
    expect(await commands(['--log-file', 'backtest', '--log-level', 'warn', 'bundles'])).toEqual(['bundles']);
  });

  it('registers every command, in help order, for help, version, no command or an unknown one', async () => {
    for (const args of [['--help'], ['--version'], [], ['help', 'backtest'], ['backtset']]) expect(await commands(args)).toEqual(ALL);
  });
});
