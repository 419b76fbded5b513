// One import in a fresh process, for the benchmark: prints {ms, rows, maxRssMb} as JSON.
import { runImport } from '../../electron/core/importers/import-job.ts';

const [file, project, ...rest] = process.argv.slice(2);
if (!file || !project) {
  console.error('usage: node test/bench/import-once.ts FILE PROJECT [--as KIND]');
  process.exit(2);
}
const kind = rest[0] === '--as' ? rest[1] : undefined;
const t = performance.now();
const s = await runImport({
  project,
  file,
  ...(kind ? { kind: kind as 'tags' } : {}),
});
const ms = performance.now() - t;
console.log(
  JSON.stringify({
    ms,
    rows: s.rowsImported,
    rejected: s.rowsRejected,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
