import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RuleError, parseRule } from '../../electron/core/analysis/rule-parser.ts';
import {
  compileRule,
  matchRule,
  ruleColumns,
  type RuleColumn,
} from '../../electron/core/analysis/rule-sql.ts';
import { closeProjectDb, openProjectDb } from '../../electron/core/db/project-file.ts';
import { runImport } from '../../electron/core/importers/import-job.ts';
import { DATASETS, tempDir } from '../helpers.ts';

const COLUMNS = new Map<string, RuleColumn>([
  ['id', { sql: 'e.id', type: 'string' }],
  ['label', { sql: 'e.label', type: 'string' }],
  ['prediction', { sql: 'p.prediction', type: 'string' }],
  ['confidence', { sql: 'p.confidence', type: 'number' }],
  ['snr_db', { sql: 'e.m_1', type: 'number' }],
  ['device', { sql: 'e.m_2', type: 'string' }],
  ['odd name', { sql: 'e.m_3', type: 'string' }],
]);

const compile = (src: string) => compileRule(parseRule(src), COLUMNS);

/** Everything the compiler may write; what remains after removing these is user text. */
const SAFE_SQL =
  /e\.(?:id|label|input|m_\d+)|p\.(?:prediction|confidence|score)|\?|\bAND\b|\bOR\b|\bNOT\b|\bIN\b|\bIS\b|\bNULL\b|\bcoalesce\b|\binstr\b|[(),]|!=|<=|>=|=|<|>|\b0\b/g;

describe('rule language', () => {
  it('compiles comparisons, in, is null, contains, and/or/not with bound values', () => {
    expect(compile('snr_db < 5 and device = "phone"')).toEqual({
      where: '((e.m_1 < ?) AND (e.m_2 = ?))',
      params: [5, 'phone'],
    });
    expect(compile("device in ('phone', 'kiosk') or not (label == 'cat')")).toEqual({
      where: '((e.m_2 IN (?, ?)) OR (NOT coalesce((e.label = ?), 0)))',
      params: ['phone', 'kiosk', 'cat'],
    });
    expect(compile('`odd name` is not null AND id contains "42"')).toEqual({
      where: '((e.m_3 IS NOT NULL) AND (instr(e.id, ?) > 0))',
      params: ['42'],
    });
    expect(compile('device not in ("a") and confidence >= -0.5e1 and label <> 7')).toEqual({
      where: '(((e.m_2 NOT IN (?)) AND (p.confidence >= ?)) AND (e.label != ?))',
      params: ['a', -5, '7'],
    });
  });

  const errors: [string, RegExp, number][] = [
    ['', /empty/, 1],
    ['snr_db <', /expected a value .* found the end/, 9],
    ['snr_db < 5 and', /expected a column name/, 15],
    ['weather = "rain"', /unknown column "weather"/, 1],
    ['snr_db = "loud"', /number column/, 1],
    ['device = "phone', /unterminated string/, 10],
    ['(snr_db < 5', /expected "\)"/, 12],
    ['snr_db < 5)', /unexpected/, 11],
    ['device ~ "x"', /unexpected character "~"/, 8],
    ['device "x"', /expected an operator/, 8],
    ['label is nul', /expected "null"/, 10],
  ];
  for (const [src, message, position] of errors) {
    it(`"${src}" -> error at ${position}`, () => {
      let err: unknown;
      try {
        compile(src);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(RuleError);
      expect((err as RuleError).message).toMatch(message);
      expect((err as RuleError).position).toBe(position);
    });
  }

  it('refuses absurdly long and deep rules with a typed error', () => {
    expect(() => compile('('.repeat(100) + 'snr_db < 1' + ')'.repeat(100))).toThrow(RuleError);
    expect(() => compile(Array.from({ length: 300 }, () => 'snr_db < 1').join(' and '))).toThrow(
      RuleError,
    );
    expect(() => compile('x'.repeat(20_000))).toThrow(RuleError);
  });

  const hostile = fc.constantFrom(
    "'; DROP TABLE examples; --",
    '" OR 1=1 --',
    '`',
    "'",
    '"',
    '\u0000',
    ') OR (1=1',
    'sqlite_master',
    '/*',
    '*/',
    'UNION SELECT',
    'e.m_1',
    '?',
    '$1',
    ':name',
  );
  const token = fc.oneof(
    fc.constantFrom(
      'snr_db',
      'device',
      '`odd name`',
      'label',
      'confidence',
      'and',
      'or',
      'not',
      'in',
      'is',
      'null',
    ),
    fc.constantFrom(
      'contains',
      '(',
      ')',
      ',',
      '=',
      '!=',
      '<',
      '>=',
      '5',
      '-1.5e3',
      '"phone"',
      "'x'",
    ),
    hostile,
    fc.string({ maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.string({ maxLength: 8 }),
  );
  /** Well-formed rules whose values and quoted column names are hostile text. */
  const quote = (q: string) => (v: string) => `${q}${v.split(q).join(q + q)}${q}`;
  const hostileText = fc.oneof(
    hostile,
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  );
  const value = fc.oneof(
    hostileText.map(quote('"')),
    hostileText.map(quote("'")),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  );
  const columnName = fc.oneof(
    fc.constantFrom('snr_db', 'device', 'label', 'confidence', 'prediction', 'id'),
    hostileText.map(quote('`')),
  );
  const condition = fc.oneof(
    fc
      .tuple(columnName, fc.constantFrom('=', '!=', '<', '<=', '>', '>=', '<>', '=='), value)
      .map((t) => t.join(' ')),
    fc
      .tuple(
        columnName,
        fc.constantFrom('in', 'not in'),
        fc.array(value, { minLength: 1, maxLength: 4 }),
      )
      .map(([c, op, vs]) => `${c} ${op} (${vs.join(', ')})`),
    fc.tuple(columnName, fc.constantFrom('is null', 'is not null')).map((t) => t.join(' ')),
    fc.tuple(columnName, hostileText.map(quote('"'))).map(([c, v]) => `${c} contains ${v}`),
  );
  const { rule } = fc.letrec((tie) => ({
    rule: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      condition,
      fc.tuple(tie('rule'), fc.constantFrom('and', 'or'), tie('rule')).map((t) => t.join(' ')),
      tie('rule').map((r) => `not (${r})`),
    ),
  }));
  const source = fc.oneof(
    rule as fc.Arbitrary<string>,
    rule.map((r) => (r as string).slice(0, Math.max(1, (r as string).length - 3))),
    fc.array(token, { maxLength: 14 }).map((t) => t.join(' ')),
    fc.string({ maxLength: 60 }),
    fc.string({ unit: 'binary', maxLength: 30 }),
  );

  it('fuzz: never user text in the SQL, never an error other than RuleError', () => {
    let compiled = 0;
    fc.assert(
      fc.property(source, (src) => {
        try {
          const r = compile(src);
          compiled++;
          expect(r.where.replace(SAFE_SQL, '').trim()).toBe('');
          expect(r.where.split('?').length - 1).toBe(r.params.length);
        } catch (err) {
          if (!(err instanceof RuleError)) throw err;
        }
      }),
      { numRuns: 20_000, seed: 42 },
    );
    expect(compiled).toBeGreaterThan(100);
  });

  describe('on a real project', () => {
    const dir = tempDir();
    const project = join(dir, 'c10.headroom');

    it('matches the same examples as a filter in plain code', async () => {
      await runImport({ project, file: join(DATASETS, 'cifar10_test/cifar10_test.csv') });
      const db = openProjectDb(project);
      try {
        const cols = ruleColumns(db);
        const rule = compileRule(
          parseRule('class_group = "animal" and confidence < 0.6 and not correct = 1'),
          cols,
        );
        const hits = matchRule(db, rule, 1);
        const expected = db
          .prepare(
            `SELECT e.pos FROM examples e JOIN predictions p USING (pos)
              WHERE e.label IN ('bird','cat','deer','dog','frog','horse') AND p.confidence < 0.6 AND p.prediction != e.label`,
          )
          .pluck()
          .all();
        expect(hits.length).toBeGreaterThan(50);
        expect(hits.sort((a, b) => a - b)).toEqual(expected);
        // Fuzzed rules run on SQLite without any error but RuleError.
        fc.assert(
          fc.property(source, (src) => {
            try {
              matchRule(db, compileRule(parseRule(src), cols), 1);
            } catch (err) {
              if (!(err instanceof RuleError)) throw err;
            }
          }),
          { numRuns: 2000, seed: 7 },
        );
      } finally {
        closeProjectDb(db);
      }
    });
  });
});
