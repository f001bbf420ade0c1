/** `ziplime ingest --dataset NAME --path FILE`: adds a custom dataset to a bundle (see data/custom-dataset.ts). */
import { UsageError } from '../core/errors.js';
import { checkBundleName } from '../data/registry.js';
import { type DatasetIngest, ingestDataset } from '../data/custom-dataset.js';

/** Checks the options and adds dataset `name` from `path` to bundle `bundle` (default demo). */
export async function runDatasetIngest(options: { bundlesDir: string; bundle?: string; name: string; path?: string }): Promise<DatasetIngest> {
  if (!options.path) throw new UsageError('--dataset needs --path FILE: a CSV with symbol, asof_date and numeric columns');
  const bundle = checkBundleName(options.bundle ?? 'demo');
  return ingestDataset({ bundlesDir: options.bundlesDir, bundle, name: options.name, path: options.path });
}
