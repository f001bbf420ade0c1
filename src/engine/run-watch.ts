import type { Engine, EngineOutcome } from './engine.js';
import { toStrategyError } from './strategy-error.js';

/** A run watched by its process: give `signal` to the engine, then `run` it. */
export interface RunWatch {
  /** Aborted by Ctrl-C (the external signal) or by a rejection the strategy did not await. */
  readonly signal: AbortSignal;
  run<P, S>(engine: Engine<P, S>): Promise<EngineOutcome>;
}

/**
 * Watches a run that owns its process (the CLI):
 * - a promise the strategy did not await that rejects (an un-awaited order refused, say) fails
 *   the run at the next session end, as if the strategy had thrown it (file:line, partial result);
 * - when the event loop drains while the engine still waits (a hook whose promise never settles),
 *   the run ends as failed with `strategy never settled in <hook> at <time>`.
 * `external` (Ctrl-C) interrupts it. The listeners are removed when the run ends.
 */
export function watchRun(external: AbortSignal | undefined, strategyFile: string | undefined): RunWatch {
  const failure = new AbortController();
  const signal = external ? AbortSignal.any([external, failure.signal]) : failure.signal;
  return {
    signal,
    async run(engine) {
      let drained!: () => void;
      const stalled = new Promise<'stalled'>((resolve) => { drained = () => resolve('stalled'); });
      const onRejection = (reason: unknown): void => {
        if (!failure.signal.aborted) failure.abort(toStrategyError(reason, strategyFile, engine.now, 'a promise it did not await'));
      };
      process.on('unhandledRejection', onRejection);
      process.on('beforeExit', drained);
      try {
        const outcome = await Promise.race([engine.run(), stalled]);
        return outcome === 'stalled' ? engine.neverSettled() : outcome;
      } finally {
        process.off('unhandledRejection', onRejection);
        process.off('beforeExit', drained);
      }
    },
  };
}
