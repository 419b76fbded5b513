import Database from 'better-sqlite3';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../shared/imports.ts';
import { HeadroomError, quote } from '../../electron/core/errors.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { LineSplitter } from '../../electron/core/importers/line-splitter.ts';
import { writeParquet } from '../fixtures/parquet-file.ts';
import { tempDir } from '../helpers.ts';

/**
 * Hostile input, round 2 (issue #13, points 2, 4 and 6): lines and values too long to hold, values
 * accepted silently as something they do not print as, deep nesting, and long user text quoted
 * whole in error messages. Every case is a real file imported into a real project in a temp folder.
 */
const dir = tempDir('headroom-hostile-');
const Mi = 1024 * 1024;
let n = 0;

/** Writes `content` as `name` and imports it into a new project. */
async function importFile(
  name: string,
  content: string | Buffer,
  extra: { strict?: boolean } = {},
): Promise<{ summary: ImportSummary; project: string }> {
  const file = join(dir, name);
  if (content !== '') writeFileSync(file, content);
  const project = join(dir, `p${++n}.headroom`);
  const summary = await runImport({ project, file, ...extra });
  return { summary, project };
}

/** The error an import fails with; checks no project was left behind. */
async function importError(name: string, content: string | Buffer): Promise<HeadroomError> {
  const project = join(dir, `p${n + 1}.headroom`);
  const err = await importFile(name, content).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(HeadroomError);
  expect(existsSync(project), 'a failed first import leaves no project').toBe(false);
  return err as HeadroomError;
}

const rejectsOf = (s: ImportSummary) =>
  s.rejects.map((r) => ({ line: r.line, column: r.column, reason: r.reason }));

function storedIds(project: string): string[] {
  const db = new Database(project, { readonly: true });
  try {
    return (db.prepare('SELECT id FROM examples ORDER BY pos').all() as { id: string }[]).map(
      (r) => r.id,
    );
  } finally {
    db.close();
  }
}

describe('long lines and long values (point 2)', () => {
  it('splitting a 20 MB line fed in 64 KiB chunks searches each character once', () => {
    const total = 20 * Mi;
    const piece = 64 * 1024;
    const splitter = new LineSplitter(join(dir, 'x.jsonl'));
    const lines: string[] = [];
    const body = 'a'.repeat(piece);
    for (let fed = 0; fed < total; fed += piece) {
      for (const l of splitter.push(body)) lines.push(l.text);
    }
    for (const l of splitter.push('\r\nshort\n')) lines.push(l.text);
    expect(lines.map((l) => l.length)).toEqual([total, 5]);
    // Linear: every character fed is searched for a line break once (a quadratic splitter
    // searches the unfinished line again with every chunk: about 320 chunks x 10 MB here).
    expect(splitter.scanned).toBe(total + 8);
  });

  it('a JSON line of 20 MB imports whole', async () => {
    const input = 'x'.repeat(20 * Mi);
    const { summary, project } = await importFile(
      'long-line.jsonl',
      `{"id": "a", "label": "cat", "prediction": "cat", "input": "${input}"}\n{"id": "b", "label": "dog", "prediction": "cat", "input": "y"}\n`,
    );
    expect(summary.rowsImported).toBe(2);
    const db = new Database(project, { readonly: true });
    const row = db.prepare("SELECT length(input) AS n FROM examples WHERE id = 'a'").get();
    db.close();
    expect(row).toEqual({ n: input.length });
  });

  it('a JSON line over 64 Mi characters is refused, naming the file, the line and the limit', async () => {
    const err = await importError(
      'too-long-line.jsonl',
      `{"id": "a", "label": "cat", "prediction": "cat"}\n{"id": "b", "label": "cat", "prediction": "cat", "input": "${'x'.repeat(64 * Mi)}"}\n`,
    );
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toContain(join(dir, 'too-long-line.jsonl'));
    expect(err.message).toMatch(/line 2 is longer than 64 Mi characters .*67,108,864/);
  });

  it('a CSV record over 64 Mi characters (in quotes, over several lines) is refused', async () => {
    const half = 'x'.repeat(32 * Mi + 1);
    const err = await importError(
      'too-long-record.csv',
      `id,label,prediction,input\n1,cat,cat,ok\n2,cat,cat,"${half}\n${half}"\n`,
    );
    expect(err.code).toBe('BAD_FORMAT');
    expect(err.message).toContain(join(dir, 'too-long-record.csv'));
    expect(err.message).toMatch(/line 3 is longer than 64 Mi characters/);
  });

  it('a value over 32 Mi characters rejects its row with line and column (CSV, JSONL, Parquet)', async () => {
    const big = 'x'.repeat(32 * Mi + 5);
    const reason = /value of 33,554,437 characters is longer than the limit of 32 Mi characters/;
    const csv = await importFile(
      'long-field.csv',
      `id,label,prediction,input\n1,cat,cat,ok\n2,cat,cat,${big}\n3,dog,dog,"${big}"\n4,dog,cat,ok\n`,
    );
    expect(csv.summary.rowsImported).toBe(2);
    expect(rejectsOf(csv.summary)).toEqual([
      { line: 3, column: 'input', reason: expect.stringMatching(reason) as unknown },
      { line: 4, column: 'input', reason: expect.stringMatching(reason) as unknown },
    ]);
    const jsonl = await importFile(
      'long-field.jsonl',
      `{"id": "1", "label": "cat", "prediction": "cat", "input": "ok"}\n{"id": "2", "label": "cat", "prediction": "cat", "input": "${big}"}\n`,
    );
    expect(rejectsOf(jsonl.summary)).toEqual([
      { line: 2, column: 'input', reason: expect.stringMatching(reason) as unknown },
    ]);
    const file = join(dir, 'long-field.parquet');
    writeParquet(file, [
      { name: 'id', type: 'string', values: ['1', '2'] },
      { name: 'label', type: 'string', values: ['cat', 'cat'] },
      { name: 'input', type: 'string', values: ['ok', big] },
    ]);
    const parquet = await importFile('long-field.parquet', '');
    expect(rejectsOf(parquet.summary)).toEqual([
      { line: 2, column: 'input', reason: expect.stringMatching(reason) as unknown },
    ]);
  });
});

describe('nothing accepted silently (point 4)', () => {
  it('a NUL inside a value rejects its row (CSV, JSONL raw and escaped)', async () => {
    const csv = await importFile(
      'nul.csv',
      'id,label,prediction\n1,ca\u0000t,cat\n2,cat,cat\n3,dog,d\u0000og\n',
    );
    expect(rejectsOf(csv.summary)).toEqual([
      {
        line: 2,
        column: 'label',
        reason: expect.stringMatching(/NUL character \(U\+0000\) at character 3/) as unknown,
      },
      { line: 4, column: 'prediction', reason: expect.stringMatching(/NUL/) as unknown },
    ]);
    const jsonl = await importFile(
      'nul.jsonl',
      '{"id": "1", "label": "ca\\u0000t", "prediction": "cat"}\n{"id": "2", "label": "cat", "prediction": "cat"}\n{"id": "3", "label": "dog", "prediction": "d\u0000og"}\n',
    );
    expect(rejectsOf(jsonl.summary)).toEqual([
      { line: 1, column: 'label', reason: expect.stringMatching(/NUL/) as unknown },
      // a raw control character is not allowed in a JSON string: invalid JSON, as before
      { line: 3, column: null, reason: expect.stringMatching(/^invalid JSON/) as unknown },
    ]);
    expect(storedIds(jsonl.project)).toEqual(['2']);
  });

  it('a byte-order mark in the middle of a file (two files joined) rejects its row', async () => {
    const part = (ids: number[]) =>
      `\uFEFFid,label,prediction\n${ids.map((i) => `${i},cat,cat\n`).join('')}`;
    const { summary, project } = await importFile('joined.csv', part([1, 2]) + part([3]));
    expect(rejectsOf(summary)).toEqual([
      {
        line: 4,
        column: 'id',
        reason: expect.stringMatching(/byte-order mark \(U\+FEFF\) at character 1/) as unknown,
      },
    ]);
    expect(storedIds(project)).toEqual(['1', '2', '3']);
    const jsonl = await importFile(
      'bom-value.jsonl',
      [
        '{"id": "1", "label": "cat", "prediction": "cat"}',
        '{"id": "\\ufeff2", "label": "cat", "prediction": "cat"}',
        '\uFEFF{"id": "3", "label": "cat", "prediction": "cat"}',
        '\uFEFF',
      ].join('\n'),
    );
    expect(rejectsOf(jsonl.summary)).toEqual([
      { line: 2, column: 'id', reason: expect.stringMatching(/byte-order mark/) as unknown },
      {
        line: 3,
        column: null,
        reason: expect.stringMatching(
          /^invalid JSON .*; the line contains a byte-order mark/,
        ) as unknown,
      },
      { line: 4, column: null, reason: expect.stringMatching(/byte-order mark/) as unknown },
    ]);
  });

  it('a NUL or a BOM in a column name refuses the file', async () => {
    const err = await importError('nul-header.csv', 'id,label,prediction,no\u0000te\n1,a,a,x\n');
    expect(err.code).toBe('BAD_HEADER');
    expect(err.message).toMatch(/column 4, "no\\u0000te", contains a NUL character/);
  });

  it('a problem in the CSV header refuses the file (the next line never becomes the header)', async () => {
    const err = await importError(
      'bad-header.csv',
      'id,"label" x,prediction\n1,cat,dog\n2,dog,dog\n',
    );
    expect(err.code).toBe('BAD_HEADER');
    expect(err.message).toMatch(/the header line \(line 1\), column 2: text after closing quote/);
  });

  it('numbers that underflow to 0 or overflow to Infinity reject their row', async () => {
    const { summary } = await importFile(
      'range.csv',
      'id,label,prediction,confidence,snr\n1,a,a,0.5,1\n2,a,a,1e-400,2\n3,a,a,0.5,1e400\n4,a,a,0e-400,-1e400\n5,a,a,4.9e-324,3\n',
    );
    expect(summary.rowsImported).toBe(2);
    expect(rejectsOf(summary)).toEqual([
      {
        line: 3,
        column: 'confidence',
        reason: expect.stringMatching(/"1e-400" is too small .*stored as 0/) as unknown,
      },
      {
        line: 4,
        column: 'snr',
        reason: expect.stringMatching(/"1e400" is too large .*stored as Infinity/) as unknown,
      },
      {
        line: 5,
        column: 'snr',
        reason: expect.stringMatching(/"-1e400" is too large .*stored as -Infinity/) as unknown,
      },
    ]);
    const jsonl = await importFile(
      'range.jsonl',
      '{"id": "1", "label": "a", "prediction": "a", "confidence": 1e-400}\n{"id": "2", "label": "a", "prediction": "a", "confidence": 0.5}\n',
    );
    expect(rejectsOf(jsonl.summary)).toEqual([
      { line: 1, column: 'confidence', reason: expect.stringMatching(/too small/) as unknown },
    ]);
  });

  it('Parquet: a NaN or infinite id, a NUL in a class reject their rows (never the id "NaN")', async () => {
    const file = join(dir, 'nan.parquet');
    writeParquet(file, [
      { name: 'id', type: 'double', values: [1, NaN, 3, Infinity, 5] },
      { name: 'label', type: 'string', values: ['cat', 'dog', 'ca\u0000t', 'dog', 'dog'] },
    ]);
    const { summary, project } = await importFile('nan.parquet', '');
    expect(rejectsOf(summary)).toEqual([
      { line: 2, column: 'id', reason: expect.stringMatching(/^NaN is not a value/) as unknown },
      { line: 3, column: 'label', reason: expect.stringMatching(/NUL character/) as unknown },
      { line: 4, column: 'id', reason: 'an infinite number is not a value' },
    ]);
    expect(storedIds(project)).toEqual(['1', '5']);
  });

  it('JSONL: a key twice in one object rejects the line (escaped spellings too)', async () => {
    const { summary, project } = await importFile(
      'duplicate-keys.jsonl',
      [
        '{"id": "1", "label": "cat", "prediction": "cat"}',
        '{"id": "2", "label": "cat", "prediction": "cat", "label": "dog"}',
        '{"id": "3", "label": "cat", "prediction": "cat", "\\u006cabel": "dog"}',
        '{"id": "4", "label": "cat", "prediction": "cat", "note": {"label": 1, "label": 2}}',
        '{"id": "5", "label": "a\\"label\\": ", "prediction": "cat"}',
      ].join('\n'),
    );
    expect(rejectsOf(summary)).toEqual([
      {
        line: 2,
        column: 'label',
        reason: expect.stringMatching(/the field "label" appears twice/) as unknown,
      },
      { line: 3, column: 'label', reason: expect.stringMatching(/appears twice/) as unknown },
      // a nested object is its own matter (rejected as nested, not as a repeated key)
      { line: 4, column: 'note', reason: expect.stringMatching(/nested/) as unknown },
    ]);
    expect(storedIds(project)).toEqual(['1', '5']);
  });
});

describe('deep nesting and long quotes (point 6)', () => {
  it('valid JSON nested 10,000 deep is "nested too deeply", invalid deep JSON is invalid JSON', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const { summary } = await importFile(
      'deep.jsonl',
      [
        '{"id": "1", "label": "cat", "prediction": "cat"}',
        `{"id": "2", "label": "cat", "prediction": "cat", "note": ${deep}}`,
        `{"id": "3", "label": "cat", "prediction": "cat", "note": ${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
        `{"id": "4", "label": ${'['.repeat(100_000)}`,
        `{"id": "5", "label": "cat", "prediction": "cat", "note": ${'['.repeat(127)}${']'.repeat(127)}}`, // 128 deep with the object
      ].join('\n'),
    );
    expect(rejectsOf(summary)).toEqual([
      { line: 2, column: null, reason: 'nested too deeply (limit 128)' },
      { line: 3, column: null, reason: 'nested too deeply (limit 128)' },
      { line: 4, column: null, reason: expect.stringMatching(/^invalid JSON/) as unknown },
      { line: 5, column: 'note', reason: expect.stringMatching(/nested arrays/) as unknown },
    ]);
  });

  it('quote() escapes what would not print and cuts long text with its length', () => {
    expect(quote('cat')).toBe('"cat"');
    expect(quote('ca\u0000t "x"\uFEFF')).toBe('"ca\\u0000t \\"x\\"\\ufeff"');
    expect(quote('a'.repeat(200))).toBe(`"${'a'.repeat(200)}"`);
    expect(quote('a'.repeat(201))).toBe(`"${'a'.repeat(200)}…" (201 characters)`);
    // a surrogate pair is never split: the cut moves back one character
    expect(quote(`${'a'.repeat(199)}😀tail`)).toBe(`"${'a'.repeat(199)}…" (205 characters)`);
  });

  const longName = 'n'.repeat(Mi);
  const longValue = 'v'.repeat(Mi);
  /** A message quotes at most ~200 characters of any one piece of user text. */
  const short = (message: string) => {
    expect(message.length).toBeLessThan(1000);
    expect(message).toContain('…" (1,048,576 characters)');
  };

  it('a 1 MB column name is quoted cut, with its length', async () => {
    const dup = await importError('long-header.csv', `id,label,${longName},${longName}\n1,a,b,c\n`);
    expect(dup.code).toBe('BAD_HEADER');
    short(dup.message);
    expect(dup.message).toMatch(/duplicate column name "n{200}…" \(1,048,576 characters\)/);
    const noLabel = await importError('long-header-no-label.csv', `id,${longName}\n1,a\n`);
    expect(noLabel.code).toBe('BAD_MAPPING');
    short(noLabel.message);
  });

  it('a 1 MB value is quoted cut in row reasons and in the import error', async () => {
    const { summary } = await importFile(
      'long-value.csv',
      `id,label,prediction,confidence\n1,a,a,${longValue}\n2,a,a,0.5\n${longValue},a,a,0.5\n${longValue},a,a,0.5\n`,
    );
    expect(summary.rejects.map((r) => r.line)).toEqual([2, 5]);
    for (const r of summary.rejects) short(r.reason);
    const err = await importError(
      'long-value-only.csv',
      `id,label,prediction,confidence\n1,a,a,${longValue}\n`,
    );
    expect(err.code).toBe('NOTHING_IMPORTED');
    short(err.message);
    const strict = await importFile(
      'long-value-strict.csv',
      `id,label,prediction,confidence\n1,a,a,${longValue}\n2,a,a,0.5\n`,
      { strict: true },
    ).then(
      () => null,
      (e: unknown) => e as HeadroomError,
    );
    expect(strict?.code).toBe('STRICT_REJECTS');
    short(strict?.message ?? '');
  });
});
