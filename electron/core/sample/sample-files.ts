import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../write-file-atomic.ts';
import { generateSampleCsv } from './sample-data.ts';

/** Where the sample's file and project live inside the config folder. */
export function samplePaths(configDir: string): { csv: string; project: string } {
  const dir = join(configDir, 'sample');
  return { csv: join(dir, 'headroom-sample.csv'), project: join(dir, 'sample.headroom') };
}

/** Writes the sample file unless the same bytes are already there (the cache). */
export function ensureSampleCsv(configDir: string): string {
  const { csv } = samplePaths(configDir);
  const text = generateSampleCsv();
  let cached: string | null = null;
  try {
    cached = readFileSync(csv, 'utf8');
  } catch {
    // not written yet
  }
  if (cached !== text) {
    mkdirSync(join(configDir, 'sample'), { recursive: true });
    writeFileAtomic(csv, text);
  }
  return csv;
}
