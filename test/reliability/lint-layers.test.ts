import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';

/**
 * The layers (eslint-layers.js) under the repository's own ESLint config: probe files are written
 * into each layer's folder (a __probe__ folder, removed afterwards) and linted with the ESLint
 * Node API. Every illegal import must fail with `layers/allowed-imports`; the legal ones pass.
 */
const RULE = 'layers/allowed-imports';
const PROBE = '__probe__';

interface Probe {
  name: string;
  /** repo-relative folder of the layer the probe sits in */
  layer: string;
  code: string;
}

const ILLEGAL: Probe[] = [
  {
    name: 'core -> cli',
    layer: 'electron/core',
    code: "import { main } from '../../cli/main.ts';",
  },
  {
    name: 'core -> server',
    layer: 'electron/core',
    code: "import { startBrowserServer } from '../../server/browser-server.ts';",
  },
  {
    name: 'core -> host',
    layer: 'electron/core',
    code: "import '../../host/entry.ts';",
  },
  {
    name: 'core -> main',
    layer: 'electron/core',
    code: "import { buildMenu } from '../../main/menu-template.ts';",
  },
  {
    name: 'core -> renderer',
    layer: 'electron/core',
    code: "import { App } from '../../../renderer/src/App.tsx';",
  },
  {
    name: 'main -> core',
    layer: 'electron/main',
    code: "import { createService } from '../../core/handlers/service.ts';",
  },
  {
    name: 'main -> cli',
    layer: 'electron/main',
    code: "import { main } from '../../cli/main.ts';",
  },
  {
    name: 'main -> server',
    layer: 'electron/main',
    code: "import { startBrowserServer } from '../../server/browser-server.ts';",
  },
  {
    name: 'main -> better-sqlite3',
    layer: 'electron/main',
    code: "import Database from 'better-sqlite3';",
  },
  { name: 'shared -> fs', layer: 'shared', code: "import { readFileSync } from 'node:fs';" },
  { name: 'shared -> fs (bare)', layer: 'shared', code: "import { readFileSync } from 'fs';" },
  {
    name: 'shared -> better-sqlite3',
    layer: 'shared',
    code: "import Database from 'better-sqlite3';",
  },
  {
    name: 'shared -> electron/core',
    layer: 'shared',
    code: "import { HeadroomError } from '../../electron/core/errors.ts';",
  },
  {
    name: 'renderer -> node:fs',
    layer: 'renderer/src',
    code: "import { readFileSync } from 'node:fs';",
  },
  { name: 'renderer -> fs', layer: 'renderer/src', code: "import { readFileSync } from 'fs';" },
  {
    name: 'renderer -> electron/core (static)',
    layer: 'renderer/src',
    code: "import { createService } from '../../../electron/core/handlers/service.ts';",
  },
  {
    name: 'renderer -> electron/core (type only)',
    layer: 'renderer/src',
    code: "import type { Service } from '../../../electron/core/handlers/service.ts';",
  },
  {
    name: 'renderer -> electron/core (dynamic import())',
    layer: 'renderer/src',
    code: "export const load = () => import('../../../electron/core/handlers/service.ts');",
  },
  {
    name: 'renderer -> electron (package)',
    layer: 'renderer/src',
    code: "import { ipcRenderer } from 'electron';",
  },
  {
    name: 'renderer -> import() with a computed source',
    layer: 'renderer/src',
    code: 'export const load = (p: string) => import(p);',
  },
  {
    name: 'preload -> core',
    layer: 'electron/preload',
    code: "import { createService } from '../../core/handlers/service.ts';",
  },
  {
    name: 'preload -> shared (a value, not a type)',
    layer: 'electron/preload',
    code: "import { dialogRequestSchema } from '../../../shared/desktop.ts';",
  },
  {
    name: 'cli -> renderer',
    layer: 'electron/cli',
    code: "export { App } from '../../../renderer/src/App.tsx';",
  },
  {
    name: 'cli -> server (only cmd-serve.ts may)',
    layer: 'electron/cli',
    code: "import { startBrowserServer } from '../../server/browser-server.ts';",
  },
  {
    name: 'server -> main (require())',
    layer: 'electron/server',
    code: "export const m: unknown = require('../../main/menu-template.ts');",
  },
  {
    name: 'host -> cli (dynamic import())',
    layer: 'electron/host',
    code: "export const load = () => import('../../cli/main.ts');",
  },
];

const LEGAL: Probe[] = [
  {
    name: 'core -> shared, node:*, better-sqlite3, itself',
    layer: 'electron/core',
    code: [
      "import Database from 'better-sqlite3';",
      "import { join } from 'node:path';",
      "import { COLUMN_ROLES } from '../../../shared/roles.ts';",
      "import { HeadroomError } from '../errors.ts';",
      'export { Database, join, COLUMN_ROLES, HeadroomError };',
    ].join('\n'),
  },
  {
    name: 'core -> itself through import()',
    layer: 'electron/core',
    code: "export const load = () => import('../importers/parquet-source.ts');",
  },
  {
    name: 'cli -> core and shared',
    layer: 'electron/cli',
    code: [
      "import { createService } from '../../core/handlers/service.ts';",
      "import { COLUMN_ROLES } from '../../../shared/roles.ts';",
      'export { createService, COLUMN_ROLES };',
    ].join('\n'),
  },
  {
    name: 'main -> shared, electron, node:*',
    layer: 'electron/main',
    code: [
      "import { app } from 'electron';",
      "import { readFileSync } from 'node:fs';",
      "import { RENDERER_CSP } from '../../../shared/csp.ts';",
      'export { app, readFileSync, RENDERER_CSP };',
    ].join('\n'),
  },
  {
    name: 'preload -> electron and shared types',
    layer: 'electron/preload',
    code: [
      "import { contextBridge } from 'electron';",
      "import type { DesktopApi } from '../../../shared/desktop.ts';",
      'export const bridge = contextBridge;',
      'export type Api = DesktopApi;',
    ].join('\n'),
  },
  {
    name: 'renderer -> react, zustand, shared, itself',
    layer: 'renderer/src',
    code: [
      "import { useState } from 'react';",
      "import { create } from 'zustand';",
      "import { COLUMN_ROLES } from '../../../shared/roles.ts';",
      'export { useState, create, COLUMN_ROLES };',
      "export const lazy = () => import('../App.tsx');",
    ].join('\n'),
  },
  {
    name: 'shared -> zod and itself',
    layer: 'shared',
    code: [
      "import { z } from 'zod';",
      "import { COLUMN_ROLES } from '../roles.ts';",
      'export { z, COLUMN_ROLES };',
    ].join('\n'),
  },
];

const written: string[] = [];
const fileOf = (p: Probe, i: number): string => join(REPO, p.layer, PROBE, `probe-${i}.ts`);

/** Every probe in its own folder level: `__probe__/probe-N.ts` is one level below the layer root. */
function write(probes: Probe[], offset: number): void {
  probes.forEach((p, i) => {
    const file = fileOf(p, offset + i);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${p.code}\n`);
    written.push(file);
  });
}

let results: Map<string, ESLint.LintResult>;

beforeAll(async () => {
  write(ILLEGAL, 0);
  write(LEGAL, ILLEGAL.length);
  const eslint = new ESLint({ cwd: REPO });
  const out = await eslint.lintFiles(written);
  results = new Map(out.map((r) => [r.filePath, r]));
});

afterAll(() => {
  for (const layer of new Set([...ILLEGAL, ...LEGAL].map((p) => p.layer))) {
    rmSync(join(REPO, layer, PROBE), { recursive: true, force: true });
  }
});

describe('layer allow-lists (eslint-layers.js)', () => {
  it.each(ILLEGAL.map((p, i) => [p.name, i] as const))('%s fails lint', (_name, i) => {
    const probe = ILLEGAL[i] as Probe;
    const result = results.get(fileOf(probe, i));
    expect(result, 'the probe was linted').toBeDefined();
    const layerErrors = (result?.messages ?? []).filter((m) => m.ruleId === RULE);
    expect(layerErrors.length, probe.code).toBeGreaterThan(0);
    expect(layerErrors[0]?.severity).toBe(2);
  });

  it.each(LEGAL.map((p, i) => [p.name, ILLEGAL.length + i] as const))(
    '%s passes lint',
    (_name, i) => {
      const probe = LEGAL[i - ILLEGAL.length] as Probe;
      const result = results.get(fileOf(probe, i));
      expect(result, 'the probe was linted').toBeDefined();
      expect(result?.messages ?? [], probe.code).toEqual([]);
    },
  );
});
