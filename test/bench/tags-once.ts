// One step of `npm run bench:tags` in a fresh process (so its peak RSS is its own); prints one
// JSON line. Steps:
//   import TAGS PROJECT        the tag file imported into the project (the engine, in-process)
//   edit PROJECT ROWS          through the service as the app calls it, on an opened project whose
//                              index is loaded: tag 100k examples by id (durable), undo, redo,
//                              untag the same 100k
//   baseline-import TAGS DB    better-sqlite3 alone: the file's (tag_id, pos) pairs inserted in
//                              one transaction (the file read and split outside the time)
//   baseline-edit DB ROWS      better-sqlite3 alone: 100k (tag_id, pos) pairs inserted in one
//                              durable transaction (WAL, synchronous = FULL, as the app's writes)
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { createService } from '../../electron/core/handlers/service.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';

const [step, ...args] = process.argv.slice(2);
const maxRssMb = () => process.resourceUsage().maxRSS / 1024;
/** CPU milliseconds (user + system) of this process since `from`: steadier than wall time on a busy machine. */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from);
  return (u.user + u.system) / 1000;
};
const EDIT_SIZE = 100_000;

/** The ids the edit step tags: 100k spread over the project (every 7th, wrapping), as analysis-bench. */
function editIds(rows: number): string[] {
  return Array.from({ length: EDIT_SIZE }, (_, i) => String(1 + ((i * 7) % rows)));
}

async function must<T>(
  p: Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>,
): Promise<T> {
  const env = await p;
  if (!env.ok) throw new Error(env.error?.message);
  return env.value as T;
}

/** The generated tag file's pairs: ids are 1..N, so pos = id - 1; tags numbered by first sight. */
function pairsOf(file: string): Int32Array {
  const text = readFileSync(file, 'utf8');
  const tagIds = new Map<string, number>();
  const lines = text.split('\n');
  const out = new Int32Array((lines.length - 1) * 2);
  let k = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.length === 0) continue;
    const comma = line.indexOf(',');
    const tag = line.slice(comma + 1);
    let t = tagIds.get(tag);
    if (t === undefined) tagIds.set(tag, (t = tagIds.size + 1));
    out[k++] = t;
    out[k++] = Number(line.slice(0, comma)) - 1;
  }
  return out.subarray(0, k);
}

function plainDb(path: string): Database.Database {
  rmSync(path, { force: true });
  rmSync(`${path}-wal`, { force: true });
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(
    'CREATE TABLE m (tag_id INTEGER NOT NULL, pos INTEGER NOT NULL, PRIMARY KEY (tag_id, pos)) STRICT, WITHOUT ROWID',
  );
  return db;
}

if (step === 'import') {
  const [file, project] = args as [string, string];
  const t = performance.now();
  const c = process.cpuUsage();
  const s = await runImport({ project, file, kind: 'tags' });
  const ms = performance.now() - t;
  console.log(JSON.stringify({ ms, cpu: cpuMs(c), rows: s.rowsImported, maxRssMb: maxRssMb() }));
} else if (step === 'edit') {
  const [project, rows] = args as [string, string];
  const ids = editIds(Number(rows));
  const service = createService();
  await must(service.dispatch('project.open', { path: project }));
  await must(service.dispatch('slices.report', {}));
  const tag = `bench-${Date.now()}`;
  const cpu: Record<string, number> = {};
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<[number, T]> => {
    const t = performance.now();
    const c = process.cpuUsage();
    const v = await fn();
    cpu[what] = cpuMs(c);
    return [performance.now() - t, v];
  };
  const [applyMs, applied] = await timed('apply', () =>
    must<{ added: number }>(service.dispatch('tags.apply', { tag, ids })),
  );
  const [undoMs] = await timed('undo', () => must(service.dispatch('tags.undo', {})));
  const [redoMs] = await timed('redo', () => must(service.dispatch('tags.redo', {})));
  const [removeMs, removed] = await timed('remove', () =>
    must<{ removed: number }>(service.dispatch('tags.remove', { tag, ids })),
  );
  const [reportMs] = await timed('report', () => must(service.dispatch('slices.report', {})));
  // Leave the project as it was for the next run (the tag goes to the trash, out of the table).
  await must(service.dispatch('tags.delete', { tag }));
  service.close();
  console.log(
    JSON.stringify({
      applyMs,
      undoMs,
      redoMs,
      removeMs,
      reportMs,
      cpu,
      added: applied.added,
      removed: removed.removed,
      maxRssMb: maxRssMb(),
    }),
  );
} else if (step === 'baseline-import') {
  const [file, path] = args as [string, string];
  const pairs = pairsOf(file);
  // Sorted by (tag, pos), as the primary key wants them.
  const order = Array.from({ length: pairs.length / 2 }, (_, i) => i).sort(
    (a, b) => (pairs[2 * a] as number) - (pairs[2 * b] as number) || a - b,
  );
  const db = plainDb(path);
  const insert = db.prepare('INSERT INTO m VALUES (?, ?)');
  const t = performance.now();
  const c = process.cpuUsage();
  db.transaction(() => {
    for (const i of order) insert.run(pairs[2 * i], pairs[2 * i + 1]);
  })();
  const ms = performance.now() - t;
  const cpu = cpuMs(c);
  db.close();
  console.log(JSON.stringify({ ms, cpu, rows: order.length, maxRssMb: maxRssMb() }));
} else if (step === 'baseline-edit') {
  const [path, rows] = args as [string, string];
  const positions = editIds(Number(rows))
    .map((id) => Number(id) - 1)
    .sort((a, b) => a - b);
  const db = plainDb(path);
  const insert = db.prepare('INSERT OR IGNORE INTO m VALUES (1, ?)');
  const t = performance.now();
  const c = process.cpuUsage();
  db.transaction(() => {
    for (const p of positions) insert.run(p);
  }).immediate();
  const ms = performance.now() - t;
  const cpu = cpuMs(c);
  db.close();
  console.log(JSON.stringify({ ms, cpu, maxRssMb: maxRssMb() }));
} else {
  console.error(
    'usage: node test/bench/tags-once.ts import|edit|baseline-import|baseline-edit ...',
  );
  process.exit(2);
}
