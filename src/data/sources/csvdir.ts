import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../../core/errors.js';
import type { Frequency } from '../../model/bar.js';
import type { Stage } from '../ingest/stage.js';
import type { FileSourceOptions, IngestSource } from './source.js';
import { stageCsvFiles } from './csv-folder.js';
import { tableFiles } from './table-file.js';

const FOLDERS: readonly Frequency[] = ['daily', 'minute'];

/**
 * zipline's csvdir layout: `<dir>/daily/<SYMBOL>.csv` and/or `<dir>/minute/<SYMBOL>.csv` with
 * `date,open,high,low,close,volume[,dividend,split]`; the folder gives the frequency, the file
 * name the symbol. `split` 7.0 is a 7-for-1 split effective that date; `dividend` an amount
 * going ex that date.
 */
export class CsvDirSource implements IngestSource {
  readonly description: string;
  readonly folder: string;

  constructor(private readonly options: FileSourceOptions) {
    this.description = `csvdir ${options.path}`;
    this.folder = options.path;
  }

  async load(stage: Stage): Promise<void> {
    const dir = this.options.path;
    const jobs: { file: string; frequency: Frequency }[] = [];
    for (const frequency of FOLDERS) {
      const sub = path.join(dir, frequency);
      if (existsSync(sub)) for (const file of await tableFiles(sub, 'csv')) jobs.push({ file, frequency });
    }
    if (jobs.length === 0) {
      throw new InputError('no CSV files in daily/ or minute/', { file: dir }, 'csvdir expects <dir>/daily/<SYMBOL>.csv and/or <dir>/minute/<SYMBOL>.csv');
    }
    await stageCsvFiles(stage, jobs, { columns: this.options.columns ?? {}, adjustWith: this.options.adjustWith });
  }
}
