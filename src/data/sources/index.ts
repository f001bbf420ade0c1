import { InputError, UsageError } from '../../core/errors.js';
import { CsvDirSource } from './csvdir.js';
import { DemoSource } from './demo.js';
import type { FileSourceOptions, IngestSource } from './source.js';
import { TableSource } from './table-source.js';

/** Everything `ziplime ingest` may pass to a source; each source reads what it needs. */
export interface SourceOptions extends Partial<FileSourceOptions> {
  /** Demo market seed. */
  seed?: number;
  /** Further options of sources registered later (e.g. symbols, start, end for a broker's history). */
  extra?: Readonly<Record<string, string | undefined>>;
}

/** Builds a source from its options. */
export type SourceFactory = (options: SourceOptions) => IngestSource;

function requirePath(name: string, options: SourceOptions): FileSourceOptions {
  if (!options.path) throw new UsageError(`--source ${name} needs --path <file or folder>`);
  return { ...options, path: options.path };
}

const factories = new Map<string, SourceFactory>([
  ['demo', (o) => new DemoSource({ seed: o.seed })],
  ['csvdir', (o) => new CsvDirSource(requirePath('csvdir', o))],
  ['csv', (o) => new TableSource('csv', requirePath('csv', o))],
  ['parquet', (o) => new TableSource('parquet', requirePath('parquet', o))],
]);

/** Adds (or replaces) a source under `name`, e.g. a broker's historical bars. */
export function registerSource(name: string, factory: SourceFactory): void {
  factories.set(name, factory);
}

/** Names `--source` accepts. */
export function sourceNames(): string[] {
  return [...factories.keys()];
}

/** The source called `name`; an unknown name is an input error listing the known ones. */
export function createSource(name: string, options: SourceOptions): IngestSource {
  const factory = factories.get(name);
  if (!factory) throw new InputError(`unknown source '${name}'`, undefined, `choose one of ${sourceNames().join(', ')}`);
  return factory(options);
}

export type { IngestSource, FileSourceOptions, ColumnOverrides } from './source.js';
