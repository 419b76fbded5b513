// One import in a fresh process, for the benchmark: prints {ms, rows, maxRssMb} as JSON.
// --ids checked: the id index in place while rows go in (the way before migration 015).
import { importWithIdCheck, runImport } from '../../electron/core/importers/import-job.ts';

const [file, project, ...rest] = process.argv.slice(2);
if (!file || !project) {
  console.error('usage: node test/bench/import-once.ts FILE PROJECT [--as KIND] [--ids checked]');
  process.exit(2);
}
const option = (name: string) => {
  const i = rest.indexOf(name);
  return i >= 0 ? rest[i + 1] : undefined;
};
const kind = option('--as');
const req = { project, file, ...(kind ? { kind: kind as 'tags' } : {}) };
const t = performance.now();
const s =
  option('--ids') === 'checked'
    ? await importWithIdCheck(req, {}, 'checked')
    : await runImport(req);
const ms = performance.now() - t;
console.log(
  JSON.stringify({
    ms,
    rows: s.rowsImported,
    rejected: s.rowsRejected,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
