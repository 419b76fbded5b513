import { parquetMetadataAsync } from 'hyparquet';
import { asyncBufferFromFile } from 'hyparquet/src/node.js';
const f = process.argv[2];
const file = await asyncBufferFromFile(f);
const md = await parquetMetadataAsync(file);
console.log(
  JSON.stringify(
    md,
    (k, v) =>
      typeof v === 'bigint'
        ? String(v)
        : typeof v === 'number' && !Number.isFinite(v)
          ? String(v)
          : v,
    1,
  ),
);
const buf = Buffer.from(await file.slice(0));
console.log(buf.toString('hex'));
