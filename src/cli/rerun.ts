import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import type { RunResult } from '../model/results.js';
import type { BacktestOptions } from '../runtime/backtest.js';

/** The `backtest` options a rerun takes from the results file (giving one of them as well is an error). */
const TAKEN = ['bundle', 'start', 'end', 'capital', 'frequency', 'fill', 'benchmark', 'param', 'config'] as const;

const kebab = (key: string): string => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * The run options of `ziplime backtest --rerun FILE`: the strategy file, params, bundle (and
 * version), period, capital, frequency, fill policy and benchmark the result recorded. A strategy
 * file changed since (its sha256 differs) is run anyway, with a warning through `warn`.
 */
export async function rerunOptions(
  file: string, cmd: Command, warn: (message: string) => void,
): Promise<Pick<BacktestOptions, 'strategyFile' | 'bundle' | 'bundleVersion' | 'start' | 'end' | 'capital' | 'frequency' | 'fill' | 'benchmark' | 'paramValues'>> {
  for (const name of TAKEN) {
    if (cmd.getOptionValueSource(name) === 'cli') throw new UsageError(`--rerun takes --${kebab(name)} from ${file}; drop --${kebab(name)}`);
  }
  const { readResult } = await import('../report/read-result.js');
  const previous: RunResult = await readResult(file);
  const s = previous.settings;
  if (previous.mode !== 'backtest' || !s?.strategyFile) {
    throw new UsageError(`${file}: no backtest settings recorded (written by an older ziplime, or by paper/live); run \`ziplime backtest STRATEGY …\` instead`);
  }
  if (!existsSync(s.strategyFile)) throw new UsageError(`${file}: its strategy file ${s.strategyFile} is gone; restore it or run another file`);
  const { compileStrategy } = await import('../strategy/load/compile-strategy.js');
  if (s.strategyHash && (await compileStrategy(s.strategyFile)).hash !== s.strategyHash) {
    warn(`strategy file ${s.strategyFile} changed since the run (its sha256 differs); the results may differ`);
  }
  return {
    strategyFile: s.strategyFile, bundle: previous.bundle, ...(s.bundleVersion ? { bundleVersion: s.bundleVersion } : {}),
    start: previous.start, end: previous.end, capital: previous.capital, frequency: previous.frequency, fill: previous.fill,
    benchmark: s.benchmark ?? 'none', paramValues: s.params,
  };
}
