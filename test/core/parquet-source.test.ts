import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parquetMetadataAsync } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import {
  liveParquetWorkers,
  openParquetSource,
  type ParquetOptions,
} from '../../electron/core/importers/parquet-source.ts';
import {
  decimalText,
  f16round,
  float16Text,
  float32Text,
} from '../../electron/core/importers/parquet-values.ts';
import type { RowReject } from '../../electron/core/importers/types.ts';
import { readSimpleCsv, REPO, SHARED, tempDir } from '../helpers.ts';
import { recordFigure } from '../reliability/figures.ts';
import { WatchedChild } from '../watched-child.ts';

const CIFAR = join(SHARED, 'datasets/cifar10_test/cifar10_test');
const BAD_DATA = join(SHARED, 'corpora/parquet-testing/bad_data');
const GOOD_DATA = join(SHARED, 'corpora/parquet-testing/data');
const SOURCE = resolve(REPO, 'electron/core/importers/parquet-source.ts');

/** parquet-testing files whose decided outcome held (the figure of npm run test:reliability). */
const corpus = { bad: 0, badAll: 0, good: 0, goodAll: 0 };
afterAll(() => {
  if (corpus.badAll + corpus.goodAll === 0) return;
  recordFigure(
    'parquet-testing',
    `${corpus.bad + corpus.good}/${corpus.badAll + corpus.goodAll} decided outcomes (bad_data ${corpus.bad}/${corpus.badAll}, data ${corpus.good}/${corpus.goodAll})`,
  );
});

interface ReadAll {
  header: readonly string[];
  totalBytes: number;
  rows: (string | null)[][];
  lines: number[];
  rejects: RowReject[];
  batchSizes: number[];
  bytes: number[];
}

async function readAll(path: string, options?: ParquetOptions): Promise<ReadAll> {
  const src = await openParquetSource(path, options);
  const out: ReadAll = {
    header: src.header,
    totalBytes: src.totalBytes,
    rows: [],
    lines: [],
    rejects: [],
    batchSizes: [],
    bytes: [],
  };
  for await (const b of src.batches()) {
    out.rows.push(...b.rows);
    out.lines.push(...b.lines);
    out.rejects.push(...b.rejects);
    out.batchSizes.push(b.rows.length + b.rejects.length);
    out.bytes.push(b.bytesRead);
  }
  return out;
}

/** The error `fn` rejects with (fails the test when it resolves). */
async function failure(fn: () => Promise<unknown>): Promise<HeadroomError> {
  const outcome = await fn().then(
    (v) => ({ ok: true as const, v }),
    (err: unknown) => ({ ok: false as const, err }),
  );
  if (outcome.ok) throw new Error(`expected an error, got ${JSON.stringify(outcome.v)}`);
  expect(outcome.err).toBeInstanceOf(HeadroomError);
  return outcome.err as HeadroomError;
}

/** Row count from the footer, read independently of the source (hyparquet on the whole file). */
async function footerRows(path: string): Promise<number> {
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  return Number((await parquetMetadataAsync(ab)).num_rows);
}

/** Null counts per column from the footer's statistics (undefined where a chunk has none). */
async function footerNulls(path: string): Promise<Map<string, number | undefined>> {
  const buf = readFileSync(path);
  const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
  const md = await parquetMetadataAsync(ab);
  const out = new Map<string, number | undefined>();
  for (const rg of md.row_groups) {
    for (const c of rg.columns) {
      const name = c.meta_data?.path_in_schema.join('.') ?? '';
      const n = c.meta_data?.statistics?.null_count;
      const prev = out.has(name) ? out.get(name) : 0;
      out.set(name, prev === undefined || n === undefined ? undefined : prev + Number(n));
    }
  }
  return out;
}

describe('CIFAR-10 Parquet (zstd) against its CSV', () => {
  const csv = readSimpleCsv(`${CIFAR}.csv`);
  const csvHeader = (readFileSync(`${CIFAR}.csv`, 'utf8').split(/\r?\n/, 1)[0] ?? '').split(',');

  it('has the CSV header, 10,000 rows, 92.94% accuracy and the same ids', async () => {
    const r = await readAll(`${CIFAR}.parquet`);
    expect(r.header).toEqual(csvHeader);
    expect(r.rows).toHaveLength(10_000);
    expect(r.rejects).toEqual([]);
    expect(r.lines).toEqual(Array.from({ length: 10_000 }, (_, i) => i + 1));
    const col = (name: string) => r.header.indexOf(name);
    const [id, label, prediction] = [col('id'), col('label'), col('prediction')];
    expect(r.rows.filter((row) => row[label] === row[prediction])).toHaveLength(9_294);
    const ids = r.rows.map((row) => row[id]);
    for (const v of ids) expect(typeof v).toBe('string');
    expect(ids).toEqual(csv.map((rec) => rec.id));
    // Every cell: the CSV's text, with an empty CSV cell as null (Parquet null).
    const expected = csv.map((rec) => csvHeader.map((h) => (rec[h] === '' ? null : rec[h])));
    expect(r.rows).toEqual(expected);
    expect(liveParquetWorkers()).toBe(0);
  });

  it('streams in batches of batchRows with monotonic progress ending at totalBytes', async () => {
    const r = await readAll(`${CIFAR}.parquet`, { batchRows: 999 });
    expect(r.batchSizes).toEqual([...Array<number>(10).fill(999), 10]);
    expect(r.rows).toHaveLength(10_000);
    for (let i = 1; i < r.bytes.length; i++) {
      expect(r.bytes[i]).toBeGreaterThanOrEqual(r.bytes[i - 1] as number);
    }
    expect(r.bytes.at(-1)).toBe(r.totalBytes);
    expect(r.totalBytes).toBe(readFileSync(`${CIFAR}.parquet`).length);
  });
});

describe('bad_data corpus: refused with BAD_FORMAT, quickly, without a crash', () => {
  const files = readdirSync(BAD_DATA).filter((f) => f.endsWith('.parquet'));

  it('has the files we expect', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  corpus.badAll = files.length;
  for (const f of files) {
    it(f, async () => {
      if (f === 'ARROW-GH-43605.parquet') {
        // Not corrupt for us: its dictionary indices are RLE with bit width 0, which the spec
        // allows for a one-entry dictionary (Arrow once refused it; DuckDB and fixed Arrow read
        // 21,186 zeros). The values are all 0.
        const r = await readAll(join(BAD_DATA, f));
        expect(r.header).toEqual(['min_fl']);
        expect(r.rows).toHaveLength(21_186);
        expect(r.rejects).toEqual([]);
        expect(r.rows.every((row) => row[0] === '0')).toBe(true);
      } else {
        const err = await failure(() => readAll(join(BAD_DATA, f)));
        expect(err.code).toBe('BAD_FORMAT');
        expect(err.message).toContain(join(BAD_DATA, f));
        expect(err.message).toMatch(/not a readable Parquet file \(.+\)/);
        // Refused by the decoder's own checks, not by the watchdog that stops a decoder which
        // stops answering (a wall-clock bound here would measure the machine, not the reader).
        expect(err.message).not.toContain('did not answer');
      }
      expect(liveParquetWorkers()).toBe(0);
      corpus.bad++;
    });
  }
});

describe('damaged and wrong inputs', () => {
  const dir = tempDir('headroom-parquet-');
  const good = readFileSync(`${CIFAR}.parquet`);

  it('a truncated copy is BAD_FORMAT', async () => {
    const p = join(dir, 'truncated.parquet');
    writeFileSync(p, good.subarray(0, Math.floor(good.length / 2)));
    const err = await failure(() => readAll(p));
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toMatch(/truncated/);
    const p2 = join(dir, 'truncated-by-one.parquet');
    writeFileSync(p2, good.subarray(0, good.length - 1));
    expect((await failure(() => readAll(p2))).code).toBe('BAD_FORMAT');
  });

  it('a zero-byte file is EMPTY_FILE', async () => {
    const p = join(dir, 'empty.parquet');
    writeFileSync(p, '');
    expect((await failure(() => readAll(p))).code).toBe('EMPTY_FILE');
  });

  it('a text file named .parquet is BAD_FORMAT', async () => {
    const p = join(dir, 'text.parquet');
    writeFileSync(p, readFileSync(`${CIFAR}.csv`).subarray(0, 5000));
    const err = await failure(() => readAll(p));
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toMatch(/PAR1/);
    const tiny = join(dir, 'tiny.parquet');
    writeFileSync(tiny, 'PAR1');
    expect((await failure(() => readAll(tiny))).message).toMatch(/too short/);
  });

  it('bit flips in the marker and the footer length are BAD_FORMAT', async () => {
    for (const at of [1, good.length - 7, good.length - 6]) {
      const p = join(dir, `flip-${at}.parquet`);
      const copy = Buffer.from(good);
      copy[at] = (copy[at] as number) ^ 0x40;
      writeFileSync(p, copy);
      expect((await failure(() => readAll(p))).code).toBe('BAD_FORMAT');
    }
  });

  // No hang: each read ends with rows or a HeadroomError, the decoder's watchdog (timeoutMs)
  // bounding every wait for it. Wall-clock time is not asserted (it depends on the machine's load).
  it(
    'random byte damage anywhere gives rows or a HeadroomError, the watchdog at 5 s',
    { timeout: 600_000 },
    async () => {
      let seed = 12345;
      const rand = () => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const sources = [good, readFileSync(join(GOOD_DATA, 'alltypes_plain.parquet'))];
      let failed = 0;
      for (let i = 0; i < 40; i++) {
        const src = sources[i % 2] as Buffer;
        const copy = Buffer.from(src);
        // Damage the footer half of the time (where the schema and offsets are).
        const from = i % 4 < 2 ? Math.max(0, copy.length - 600) : 0;
        for (let k = 0; k < 3; k++) {
          const at = from + Math.floor(rand() * (copy.length - from));
          copy[at] = (copy[at] as number) ^ (1 << Math.floor(rand() * 8));
        }
        const p = join(dir, `random-${i}.parquet`);
        writeFileSync(p, copy);
        try {
          const r = await readAll(p, { timeoutMs: 5_000 });
          for (const row of r.rows) expect(row).toHaveLength(r.header.length);
        } catch (err) {
          expect(err).toBeInstanceOf(HeadroomError);
          failed++;
        }
      }
      expect(failed).toBeGreaterThan(0);
      expect(liveParquetWorkers()).toBe(0);
    },
  );

  it('a directory is NOT_A_FILE and a missing path NOT_FOUND', async () => {
    const d = join(dir, 'folder.parquet');
    mkdirSync(d);
    expect((await failure(() => readAll(d))).code).toBe('NOT_A_FILE');
    expect((await failure(() => readAll(join(dir, 'missing.parquet')))).code).toBe('NOT_FOUND');
  });

  it('a file changed during the import is FILE_CHANGED', async () => {
    const p = join(dir, 'changing.parquet');
    copyFileSync(`${CIFAR}.parquet`, p);
    const src = await openParquetSource(p, { batchRows: 1000 });
    const err = await failure(async () => {
      let n = 0;
      for await (const b of src.batches()) {
        if (n++ === 0) appendFileSync(p, 'more');
        expect(b.rows.length).toBeGreaterThan(0);
      }
    });
    expect(err.code).toBe('FILE_CHANGED');
    expect(liveParquetWorkers()).toBe(0);
  });

  it('a file truncated before decoding is FILE_CHANGED', async () => {
    const p = join(dir, 'shrinking.parquet');
    copyFileSync(`${CIFAR}.parquet`, p);
    const src = await openParquetSource(p);
    writeFileSync(p, good.subarray(0, 1000)); // same inode, now shorter
    const err = await failure(async () => {
      for await (const _ of src.batches()) void _;
    });
    expect(err.code).toBe('FILE_CHANGED');
  });
});

describe('parquet-testing data/: valid files', () => {
  const files = readdirSync(GOOD_DATA).filter((f) => f.endsWith('.parquet'));
  corpus.goodAll = files.length;

  for (const f of files) {
    const path = join(GOOD_DATA, f);
    if (f === 'nation.dict-malformed.parquet') {
      // Malformed on purpose despite its folder: Arrow's tests call it
      // nation_dict_truncated_data_page and expect a read error.
      it(`${f} is refused (its data page is truncated)`, async () => {
        expect((await failure(() => readAll(path))).code).toBe('BAD_FORMAT');
        corpus.good++;
      });
      continue;
    }
    it(`${f}: every row of the footer's count, nulls as null`, async () => {
      const r = await readAll(path);
      expect(r.rows.length + r.rejects.length).toBe(await footerRows(path));
      const rowNumbers = [...r.lines, ...r.rejects.map((x) => x.line)].sort((a, b) => a - b);
      expect(rowNumbers).toEqual(Array.from({ length: rowNumbers.length }, (_, i) => i + 1));
      if (r.rejects.length === 0) {
        for (const [name, n] of await footerNulls(path)) {
          const j = r.header.indexOf(name);
          if (n === undefined || j < 0) continue;
          expect(r.rows.filter((row) => row[j] === null).length, name).toBe(n);
        }
      }
      for (const row of r.rows) {
        for (const v of row) expect(v === null || typeof v === 'string').toBe(true);
      }
      corpus.good++;
    });
  }

  it('alltypes_plain.parquet: ints, bigint, float32, double, bool, unannotated text, INT96', async () => {
    const r = await readAll(join(GOOD_DATA, 'alltypes_plain.parquet'));
    expect(r.header).toEqual([
      'id',
      'bool_col',
      'tinyint_col',
      'smallint_col',
      'int_col',
      'bigint_col',
      'float_col',
      'double_col',
      'date_string_col',
      'string_col',
      'timestamp_col',
    ]);
    expect(r.rows.map((row) => row[0])).toEqual(['4', '5', '6', '7', '2', '3', '0', '1']);
    expect(r.rows[1]).toEqual([
      '5',
      'false',
      '1',
      '1',
      '1',
      '10',
      '1.1', // float32 1.1 (1.100000023841858 as a double): its shortest float32 text
      '10.1',
      '03/01/09',
      '1',
      '2009-03-01T00:01:00.000Z',
    ]);
    expect(r.rows[6]).toEqual([
      '0',
      'true',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '01/01/09',
      '0',
      '2009-01-01T00:00:00.000Z',
    ]);
  });

  it('single_nan.parquet holds a null (pyarrow wrote the NaN as null: null_count 1)', async () => {
    const r = await readAll(join(GOOD_DATA, 'single_nan.parquet'));
    expect(r.header).toEqual(['mycol']);
    expect(r.rows).toEqual([[null]]);
  });

  it('float16: signs and nulls; a NaN rejects its row (never the text "NaN")', async () => {
    const r = await readAll(join(GOOD_DATA, 'float16_nonzeros_and_nans.parquet'));
    expect(r.rows.map((row) => row[0])).toEqual([null, '1', '-2', '0', '-1', '0', '2']);
    expect(r.rejects).toEqual([
      {
        line: 4,
        column: r.header[0],
        reason: expect.stringMatching(/^NaN is not a value/) as unknown,
      },
    ]);
    const z = await readAll(join(GOOD_DATA, 'float16_zeros_and_nans.parquet'));
    expect(z.rows.map((row) => row[0])).toEqual([null, '0']);
    expect(z.rejects.map((x) => x.line)).toEqual([3]);
  });

  it('DECIMAL(4,2) in a BYTE_ARRAY is exact text with its scale', async () => {
    const r = await readAll(join(GOOD_DATA, 'byte_array_decimal.parquet'));
    expect(r.rows.map((row) => row[0])).toEqual(
      Array.from({ length: 24 }, (_, i) => `${i + 1}.00`),
    );
  });

  it('an all-null data page v2 (no value bytes) reads as null', async () => {
    const r = await readAll(join(GOOD_DATA, 'datapage_v2_empty_datapage.snappy.parquet'));
    expect(r.rows).toEqual([[null]]);
  });

  it('nested columns stay in the header; a non-null nested value rejects its row', async () => {
    const r = await readAll(join(GOOD_DATA, 'datapage_v2.snappy.parquet'));
    expect(r.header).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(r.rows).toEqual([
      ['abc', '2', '3', 'true', null],
      ['abc', '3', '4', 'true', null],
    ]);
    expect(r.lines).toEqual([2, 3]);
    expect(r.rejects).toEqual(
      [1, 4, 5].map((line) => ({
        line,
        column: 'e',
        reason: 'nested value (list, map or struct) not supported',
      })),
    );
    const s = await readAll(join(GOOD_DATA, 'nulls.snappy.parquet'));
    expect(s.header).toEqual(['b_struct']);
    expect(s.rows).toEqual([]);
    expect(s.rejects).toHaveLength(8);
  });
});

describe('value text', () => {
  it('float32: shortest text at float32 precision', () => {
    expect(float32Text(Math.fround(0.1))).toBe('0.1');
    expect(float32Text(Math.fround(1 / 3))).toBe('0.33333334');
    expect(float32Text(Math.fround(3.4e38))).toBe('3.4e+38');
    expect(float32Text(Math.fround(1e-45))).toBe('1e-45');
    expect(float32Text(16777216)).toBe('16777216');
    // Not values: the record is rejected with the reason.
    expect(float32Text(NaN)).toMatchObject({
      reason: expect.stringMatching(/^NaN is not a value/),
    });
    expect(float32Text(-Infinity)).toMatchObject({ reason: 'an infinite number is not a value' });
    for (const x of [0.2, 123.456, 1e-7, 6.02e23, -0.5]) {
      const f = Math.fround(x);
      expect(Math.fround(Number(float32Text(f)))).toBe(f);
    }
  });

  it('float16: shortest text at float16 precision', () => {
    expect(f16round(0.1)).toBe(0.0999755859375);
    expect(float16Text(0.0999755859375)).toBe('0.1');
    expect(float16Text(65504)).toBe('65500');
    expect(f16round(65520)).toBe(Infinity);
    expect(f16round(2 ** -24)).toBe(2 ** -24);
    expect(float16Text(2 ** -24)).toBe('6e-8');
    expect(float16Text(Infinity)).toMatchObject({ reason: 'an infinite number is not a value' });
  });

  it('decimal: exact, any width, negative, with the scale kept', () => {
    expect(decimalText(123, 2)).toBe('1.23');
    expect(decimalText(-5, 3)).toBe('-0.005');
    expect(decimalText(0, 2)).toBe('0.00');
    expect(decimalText(12345678901234567890n, 0)).toBe('12345678901234567890');
    expect(decimalText(new Uint8Array([0xff, 0x85]), 2)).toBe('-1.23');
    expect(decimalText(new Uint8Array([0x00, 0x80]), 1)).toBe('12.8');
    expect(decimalText(new Uint8Array(0), 0)).toBe('0');
    const big = new Uint8Array(16).fill(0xff);
    big[0] = 0x7f; // 2^127 - 1
    expect(decimalText(big, 10)).toBe('17014118346046923173168730371.5884105727');
  });
});

describe('the worker never outlives the source', () => {
  it('breaking out of for await stops it', async () => {
    const src = await openParquetSource(`${CIFAR}.parquet`, { batchRows: 100 });
    expect(liveParquetWorkers()).toBe(1);
    for await (const b of src.batches()) {
      expect(b.rows).toHaveLength(100);
      break;
    }
    expect(liveParquetWorkers()).toBe(0);
    await src.close(); // again: fine
  });

  it('close() before, during and after iteration, twice', async () => {
    const a = await openParquetSource(`${CIFAR}.parquet`);
    await Promise.all([a.close(), a.close()]);
    expect(liveParquetWorkers()).toBe(0);

    const b = await openParquetSource(`${CIFAR}.parquet`, { batchRows: 10 });
    const it = b.batches()[Symbol.asyncIterator]();
    expect((await it.next()).done).toBe(false);
    await b.close();
    expect(liveParquetWorkers()).toBe(0);
    expect((await failure(() => it.next())).code).toBe('CANCELLED');
    await b.close();
  });

  it('an abandoned source does not keep the process alive', async () => {
    // The watchdog is set an hour away, so a worker that kept the process alive would hang this
    // test (vitest's timeout) rather than end when the watchdog fires; no wall-clock bound.
    const script = `
      const { openParquetSource } = await import(${JSON.stringify(pathToFileURL(SOURCE).href)});
      const src = await openParquetSource(${JSON.stringify(`${CIFAR}.parquet`)}, { batchRows: 10, timeoutMs: 3_600_000 });
      const it = src.batches()[Symbol.asyncIterator]();
      const first = await it.next();
      console.log('rows', first.value.rows.length);
    `;
    const child = new WatchedChild(['--input-type=module', '-e', script]);
    await child.waitFor((l) => l === 'rows 10');
    await child.exited;
    expect(child.process.exitCode, child.stderrText).toBe(0);
  });

  for (const fault of ['throw', 'reject', 'exit', 'hang', 'oom'] as const) {
    it(`a worker that ${fault}s becomes BAD_FORMAT`, async () => {
      const err = await failure(() =>
        // Only the hanging worker meets the watchdog; the others fail by themselves, so their
        // watchdog is far away and a busy machine (a slow worker start) cannot pre-empt them.
        readAll(`${CIFAR}.parquet`, {
          testFault: fault,
          timeoutMs: fault === 'hang' ? 1_500 : 60_000,
          maxHeapMb: 64,
        }),
      );
      expect(err.code).toBe('BAD_FORMAT');
      expect(err.message).toMatch(
        {
          throw: /crashed: injected uncaught exception/,
          reject: /crashed: injected unhandled rejection/,
          exit: /stopped \(exit code 3\)/,
          hang: /did not answer for 1.5 s/,
          oom: /more than 64 MB of memory/,
        }[fault],
      );
      expect(liveParquetWorkers()).toBe(0);
    });
  }

  it('a heap too small for the file is BAD_FORMAT at open', async () => {
    const err = await failure(() => readAll(`${CIFAR}.parquet`, { maxHeapMb: 4 }));
    expect(err.code).toBe('BAD_FORMAT');
    expect(liveParquetWorkers()).toBe(0);
  });
});
