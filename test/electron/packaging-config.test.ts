import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';

// js-yaml is the parser electron-builder itself reads this file with (a dependency of it).
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface BuilderConfig {
  directories: { output: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
}

const config = yaml.load(readFileSync(join(REPO, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
};

describe('packaging configuration (S-12)', () => {
  it('sets every Electron fuse to its hardened value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      grantFileProtocolExtraPrivileges: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
    });
  });

  it('packs the Vite output into an asar with better-sqlite3 unpacked, into release/', () => {
    expect(config.asar).toBe(true);
    expect(config.asarUnpack).toContain('node_modules/better-sqlite3/**');
    expect(config.directories.output).toBe('release');
    expect(config.files).toContain('out/**');
    expect(config.files).toContain('!**/*.map');
    expect(pkg.main).toBe('out/electron/main.js');
  });

  it('npm run dist builds first, then packages with this file', () => {
    expect(pkg.scripts.dist).toMatch(
      /^npm run build && electron-builder .*--config electron-builder\.yml/,
    );
  });
});
