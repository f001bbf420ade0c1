import { InputError, UsageError } from '../../core/errors.js';
import { CsvDirSource } from './csvdir.js';
import { DemoSource } from './demo.js';
import { DemoCryptoSource } from './demo-crypto.js';
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

/** A source and the `extra` options it reads. */
interface RegisteredSource {
  readonly factory: SourceFactory;
  readonly extraOptions: readonly string[];
}

const sources = new Map<string, RegisteredSource>([
  ['demo', { factory: (o) => new DemoSource({ seed: o.seed }), extraOptions: [] }],
  ['demo-crypto', { factory: (o) => new DemoCryptoSource({ seed: o.seed }), extraOptions: [] }],
  ['csvdir', { factory: (o) => new CsvDirSource(requirePath('csvdir', o)), extraOptions: [] }],
  ['csv', { factory: (o) => new TableSource('csv', requirePath('csv', o)), extraOptions: [] }],
  ['parquet', { factory: (o) => new TableSource('parquet', requirePath('parquet', o)), extraOptions: [] }],
]);

/**
 * Adds (or replaces) a source under `name`, e.g. a broker's historical bars; `extraOptions`
 * names the keys of `SourceOptions.extra` it reads (the command-line flags only it accepts).
 */
export function registerSource(name: string, factory: SourceFactory, extraOptions: readonly string[] = []): void {
  sources.set(name, { factory, extraOptions });
}

/** Names `--source` accepts. */
export function sourceNames(): string[] {
  return [...sources.keys()];
}

/** Refuses `extra` options that source `name` does not read, naming the sources that do. */
function checkExtraOptions(name: string, source: RegisteredSource, extra: SourceOptions['extra'] = {}): void {
  const stray = Object.keys(extra).filter((k) => extra[k] !== undefined && !source.extraOptions.includes(k));
  if (stray.length === 0) return;
  const owners = sourceNames().filter((n) => sources.get(n)!.extraOptions.includes(stray[0]!));
  const flags = stray.map((k) => `--${k}`).join(', ');
  const where = owners.length > 0 ? ` only with --source ${owners.join(' or ')}` : '';
  throw new UsageError(`${flags} ${stray.length === 1 ? 'is' : 'are'} used${where}, not with --source ${name}`);
}

/** The source called `name`; an unknown name is an input error listing the known ones. */
export function createSource(name: string, options: SourceOptions): IngestSource {
  const source = sources.get(name);
  if (!source) throw new InputError(`unknown source '${name}'`, undefined, `choose one of ${sourceNames().join(', ')}`);
  checkExtraOptions(name, source, options.extra);
  return source.factory(options);
}

export type { IngestSource, FileSourceOptions, ColumnOverrides } from './source.js';
