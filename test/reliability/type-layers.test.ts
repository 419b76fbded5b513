import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers.ts';

/**
 * Each runtime has its own tsconfig (see tsconfig.json): the page and shared/ have no Node types,
 * the engine has no DOM types. A probe file using the missing globals is written into each
 * layer's folder and the project's own `tsc -p` run (one per project) must report it.
 */
const PROBE = '__type_probe__';

interface Case {
  project: string;
  folder: string;
  code: string;
  /** names tsc must report as missing in the probe */
  missing: string[];
}

const CASES: Case[] = [
  {
    project: 'tsconfig.renderer.json',
    folder: 'renderer/src',
    code: 'export const mode = process.env.NODE_ENV;',
    missing: ['process'],
  },
  {
    project: 'tsconfig.node.json',
    folder: 'electron/core',
    code: 'export const title = document.title;\nexport const w = window.innerWidth;',
    missing: ['document', 'window'],
  },
  {
    project: 'tsconfig.shared.json',
    folder: 'shared',
    code: 'export const mode = process.env.NODE_ENV;\nexport const title = document.title;',
    missing: ['process', 'document'],
  },
];

const probeFile = (c: Case): string => join(REPO, c.folder, PROBE, 'probe.ts');

function tsc(project: string): Promise<string> {
  const bin = join(REPO, 'node_modules/typescript/bin/tsc');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [bin, '-p', project, '--pretty', 'false'], { cwd: REPO });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', () => resolvePromise(out));
  });
}

const outputs = new Map<string, string>();

beforeAll(async () => {
  for (const c of CASES) {
    mkdirSync(join(REPO, c.folder, PROBE), { recursive: true });
    writeFileSync(probeFile(c), `${c.code}\n`);
  }
  // One after the other: the machine is shared.
  for (const c of CASES) outputs.set(c.project, await tsc(c.project));
}, 300_000);

afterAll(() => {
  for (const c of CASES) rmSync(join(REPO, c.folder, PROBE), { recursive: true, force: true });
});

describe('type environments per layer (tsconfig.*.json)', () => {
  it.each(CASES.map((c) => [c.folder, c.missing.join(', '), c] as const))(
    '%s: tsc reports %s as unknown',
    (_folder, _names, c) => {
      const out = outputs.get(c.project) ?? '';
      const probePath = `${c.folder}/${PROBE}/probe.ts`;
      const errors = out.split('\n').filter((l) => l.startsWith(probePath));
      for (const name of c.missing) {
        expect(
          errors.some((l) => l.includes(`Cannot find name '${name}'`)),
          `${name} in ${c.project}:\n${out}`,
        ).toBe(true);
      }
    },
  );
});
