import { existsSync, statSync } from 'node:fs';
import { UsageError } from '../../core/errors.js';
import type { Stage } from '../ingest/stage.js';
import type { FileSourceOptions, IngestSource } from './source.js';
import { stageCsvFiles } from './csv-folder.js';
import { stageTableFile, tableFiles, type TableFormat } from './table-file.js';

/**
 * The `csv` and `parquet` sources: one file per symbol (symbol from the file name or
 * `--symbol`), a long table with a symbol column, or a folder of either.
 */
export class TableSource implements IngestSource {
  readonly description: string;
  readonly folder: string | undefined;

  constructor(private readonly format: TableFormat, private readonly options: FileSourceOptions) {
    this.description = `${format} ${options.path}`;
    this.folder = existsSync(options.path) && statSync(options.path).isDirectory() ? options.path : undefined;
  }

  async load(stage: Stage): Promise<void> {
    const files = await tableFiles(this.options.path, this.format);
    if (files.length > 1 && this.options.symbol) {
      throw new UsageError(`--symbol applies to one file, but ${this.options.path} holds ${files.length}; the file names give the symbols`);
    }
    if (this.format === 'csv' && files.length > 1) {
      const frequency = this.options.frequency ?? null;
      await stageCsvFiles(stage, files.map((file) => ({ file, frequency })), { columns: this.options.columns ?? {}, adjustWith: this.options.adjustWith });
      return;
    }
    for (const [i, file] of files.entries()) {
      stage.progress.file?.(file, i, files.length);
      await stageTableFile(stage, file, {
        format: this.format, symbol: this.options.symbol, columns: this.options.columns ?? {}, frequency: this.options.frequency ?? null,
        adjustWith: this.options.adjustWith,
      });
    }
  }
}
