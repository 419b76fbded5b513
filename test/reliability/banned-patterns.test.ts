import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';
import { recordFigure } from './figures.ts';
import { builtRenderer } from './renderer-build.ts';

/**
 * Reliability S-02 and S-16: a scan for banned patterns over our sources and the built renderer
 * (every hit fails unless test/reliability/security-allowlist.txt lists it with a reason), and
 * the production build ships no source maps.
 */
const BANNED: [string, RegExp][] = [
  ['nodeIntegration: true', /nodeIntegration\s*:\s*true/g],
  ['contextIsolation: false', /contextIsolation\s*:\s*false/g],
  ['sandbox: false', /sandbox\s*:\s*false/g],
  ['webSecurity: false', /webSecurity\s*:\s*false/g],
  ['allowRunningInsecureContent', /allowRunningInsecureContent/g],
  ['experimentalFeatures', /experimentalFeatures/g],
  ['enableBlinkFeatures', /enableBlinkFeatures/g],
  ['webviewTag: true', /webviewTag\s*:\s*true/g],
  ['@electron/remote', /@electron\/remote/g],
  ['@electron-toolkit/preload', /@electron-toolkit\/preload/g],
  ['registerFileProtocol', /registerFileProtocol/g],
  ['loadFile(', /\bloadFile\(/g],
  ["'file://", /['"`]file:\/\//g],
  ['exposeInMainWorld(ipcRenderer)', /exposeInMainWorld\([^)]*ipcRenderer/g],
  ['shell.openExternal', /shell\.openExternal/g],
  ['dangerouslySetInnerHTML', /dangerouslySetInnerHTML/g],
  ['.innerHTML =', /\.innerHTML\s*=/g],
  ['eval(', /(?<![\w.$])eval\(/g],
  ['new Function(', /new\s+Function\(/g],
  ['http: URL', /http:\/\//g],
];

interface Allowed {
  glob: RegExp;
  pattern: string;
  context: string;
  reason: string;
}

function readAllowlist(): Allowed[] {
  const text = readFileSync(join(import.meta.dirname, 'security-allowlist.txt'), 'utf8');
  return text
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => {
      const [glob, pattern, context, reason] = l.split(' | ').map((s) => s.trim());
      if (!glob || !pattern || !context || !reason) throw new Error(`bad allowlist line: ${l}`);
      const re = new RegExp(
        `^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`,
      );
      return { glob: re, pattern, context, reason };
    });
}

function files(root: string, exts: RegExp): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root, { withFileTypes: true })) {
    const p = join(root, e.name);
    if (e.isDirectory()) out.push(...files(p, exts));
    else if (exts.test(e.name)) out.push(p);
  }
  return out;
}

interface Hit {
  file: string;
  pattern: string;
  context: string;
}

function scan(path: string, name: string): Hit[] {
  const text = readFileSync(path, 'utf8');
  const hits: Hit[] = [];
  for (const [pattern, re] of BANNED) {
    for (const m of text.matchAll(re)) {
      const i = m.index;
      // A source line, or 80 characters around the hit in a minified bundle.
      const start = Math.max(text.lastIndexOf('\n', i) + 1, i - 80);
      const nl = text.indexOf('\n', i);
      const end = Math.min(nl === -1 ? text.length : nl, i + 80);
      hits.push({ file: name, pattern, context: text.slice(start, end) });
    }
  }
  return hits;
}

describe('banned patterns and source maps (S-02, S-16)', () => {
  const allow = readAllowlist();
  const used = new Set<Allowed>();
  let build = '';
  const counted = { files: 0, hits: 0, allowed: 0 };

  beforeAll(() => {
    build = builtRenderer();
  }, 120_000);

  function unexplained(hits: Hit[]): Hit[] {
    counted.hits += hits.length;
    return hits.filter((h) => {
      const entry = allow.find(
        (a) => a.glob.test(h.file) && a.pattern === h.pattern && h.context.includes(a.context),
      );
      if (entry) {
        used.add(entry);
        counted.allowed++;
      }
      return !entry;
    });
  }

  it('sources: no banned pattern outside the allowlist', () => {
    const sources = ['electron', 'shared', 'renderer'].flatMap((d) =>
      files(join(REPO, d), /\.(ts|tsx|mts|mjs|js|html)$/),
    );
    expect(sources.length).toBeGreaterThan(50);
    counted.files += sources.length;
    const hits = sources.flatMap((f) => scan(f, relative(REPO, f)));
    expect(unexplained(hits)).toEqual([]);
  });

  it('the built renderer: no banned pattern outside the allowlist', () => {
    const built = files(build, /\.(js|html|css)$/);
    expect(built.some((f) => f.endsWith('.js'))).toBe(true);
    counted.files += built.length;
    const hits = built.flatMap((f) => scan(f, `build/${relative(build, f)}`));
    expect(unexplained(hits)).toEqual([]);
  });

  it('every write transaction is BEGIN IMMEDIATE: no deferred read->write upgrade (D-06)', () => {
    for (const f of files(join(REPO, 'electron'), /\.ts$/)) {
      const text = readFileSync(f, 'utf8');
      const name = relative(REPO, f);
      expect(text, name).not.toMatch(/exec\(\s*['"`]BEGIN(?! IMMEDIATE)/);
      expect(text, name).not.toMatch(/pragma\(\s*['"`]locking_mode/); // one place decides locking
      const opened = [...text.matchAll(/\.transaction\(/g)].length;
      const immediate = [...text.matchAll(/\.immediate\(\)/g)].length;
      expect(immediate, `${name}: every db.transaction(...) runs .immediate()`).toBe(opened);
    }
  });

  it('every allowlist entry is still needed', () => {
    expect(allow.filter((a) => !used.has(a)).map((a) => `${a.pattern}: ${a.context}`)).toEqual([]);
  });

  it('the production build ships no source maps (S-16)', () => {
    const all = files(build, /./);
    expect(all.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of all) {
      if (statSync(f).size > 50_000_000) continue;
      expect(readFileSync(f, 'utf8'), f).not.toMatch(/sourceMappingURL/);
    }
    recordFigure(
      'banned-patterns',
      `0 unexplained hits in ${counted.files} files (sources and built renderer; ${counted.allowed} allowlisted with a reason); 0 source maps in the build`,
    );
  });
});
