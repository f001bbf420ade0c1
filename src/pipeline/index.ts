/** zipline's Pipeline API: datasets, factors, filters, classifiers and the chunked engine. */
export { Pipeline, type PipelineSpec } from './pipeline.js';
export { BoundColumn, Classifier, Factor, Filter, Term, type CrossOptions, type DayArgs, type RankOptions, type RowsArgs, type TermInput, type TermOptions } from './terms.js';
export { EquityPricing, Dataset, type CustomDataset } from './datasets.js';
export { CustomClassifier, CustomFactor, CustomFilter, customFactor, type ComputeFn } from './custom.js';
export {
  AnnualizedVolatility, AverageDollarVolume, DailyReturns, ExponentialWeightedMovingAverage, MaxDrawdown, PercentChange, RSI, Returns,
  SimpleMovingAverage, VWAP, type EwmaDecay, type WindowOptions,
} from './factors.js';
export { BollingerBands, RollingLinearRegressionOfReturns, RollingPearsonOfReturns, SimpleBeta } from './statistical.js';
export { AllPresent, StaticAssets } from './filters.js';
export { Window } from './window.js';
export { runPipeline, type PipelineFrame, type RunPipelineOptions } from './engine.js';
export { ArraySource, type ArrayColumns } from './array-source.js';
export type { Adjustment, PipelineSource } from '../ports/pipeline-source.js';
