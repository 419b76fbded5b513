import { extname } from 'node:path';
import type { FileFormat } from '../../../shared/imports.ts';
import { HeadroomError } from '../errors.ts';
import { openCsvSource } from './csv-source.ts';
import { openJsonlSource } from './jsonl-source.ts';
import type { RecordSource } from './types.ts';

const BY_EXTENSION: Record<string, FileFormat> = {
  '.csv': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.jsonl': 'jsonl',
  '.ndjson': 'jsonl',
  '.parquet': 'parquet',
  '.pq': 'parquet',
};

export function formatOf(path: string, chosen?: FileFormat): FileFormat {
  if (chosen) return chosen;
  const ext = extname(path).toLowerCase();
  const f = Object.hasOwn(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : undefined;
  if (!f) {
    throw new HeadroomError(
      'UNSUPPORTED_FORMAT',
      `${path}: unknown file type "${ext || '(none)'}": Headroom reads .csv, .tsv, .jsonl and .parquet files (or choose the format explicitly).`,
    );
  }
  return f;
}

export async function openSource(
  path: string,
  format: FileFormat,
  encoding: string | undefined,
): Promise<RecordSource> {
  switch (format) {
    case 'csv':
      return openCsvSource(path, encoding ? { encoding } : {});
    case 'tsv':
      return openCsvSource(path, { delimiter: '\t', ...(encoding ? { encoding } : {}) });
    case 'jsonl':
      return openJsonlSource(path, encoding ? { encoding } : {});
    case 'parquet': {
      // Loaded on demand: the Parquet reader and its worker are only needed for Parquet files.
      const { openParquetSource } = await import('./parquet-source.ts');
      return openParquetSource(path);
    }
  }
}
