import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
import { compressors } from 'hyparquet-compressors';
process.on('unhandledRejection', (e) => console.log('UNHANDLED', e?.message));
const f = process.argv[2];
const t = Date.now();
try {
  const file = await asyncBufferFromFile(f);
  const md = await parquetMetadataAsync(file);
  const rows = await parquetReadObjects({ file, metadata: md, compressors });
  console.log(
    'OK rows',
    rows.length,
    'of',
    md.num_rows,
    JSON.stringify(rows.slice(0, 3), (k, v) => (typeof v === 'bigint' ? String(v) : v)).slice(
      0,
      600,
    ),
  );
} catch (e) {
  console.log('ERR', e.message, e.stack.split('\n')[1]);
}
console.log('ms', Date.now() - t);
await new Promise((r) => setTimeout(r, 200));
