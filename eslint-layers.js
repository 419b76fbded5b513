// @ts-check
// The layers of Headroom and what each one MAY import (an allow-list: anything not listed fails
// lint). Checked by the rule `layers/allowed-imports` below for static imports, re-exports,
// dynamic import() and require(); test/reliability/lint-layers.test.ts probes it.
import { dirname, relative, resolve, sep } from 'node:path';

const REPO = import.meta.dirname;

/**
 * @typedef {object} Layer
 * @property {string} folder repo-relative folder of the layer's files
 * @property {string[]} layers our layers it may import (its own folder is always allowed)
 * @property {string[]} packages npm packages it may import (by name; subpaths follow)
 * @property {boolean} node whether node:* built-ins are allowed
 * @property {string[]} [typeOnly] layers it may import types from, and nothing else
 * @property {Record<string, string[]>} [exceptions] file -> repo-relative files it may also
 *   import, each one explained where it is listed
 */

/** @type {Record<string, Layer>} */
export const LAYERS = {
  // The isomorphic contract: runs in the page and in Node.
  shared: { folder: 'shared', layers: [], packages: ['zod'], node: false },
  // The engine: plain Node, SQLite, Parquet, sharp (thumbnails).
  core: {
    folder: 'electron/core',
    layers: ['shared'],
    // sharp: thumbnails (core/media); @duckdb/node-api: the embedded engine of summary projects.
    packages: ['better-sqlite3', 'hyparquet', 'hyparquet-compressors', 'sharp', '@duckdb/node-api'],
    node: true,
  },
  cli: {
    folder: 'electron/cli',
    layers: ['core', 'shared'],
    packages: [],
    node: true,
    exceptions: {
      // `headroom serve` is the browser mode: the command starts the server.
      'electron/cli/cmd-serve.ts': ['electron/server/browser-server.ts'],
    },
  },
  server: { folder: 'electron/server', layers: ['core', 'shared'], packages: ['ws'], node: true },
  host: { folder: 'electron/host', layers: ['core', 'shared'], packages: [], node: true },
  // Electron glue: starts the data host by path, never opens SQLite on the UI thread.
  main: {
    folder: 'electron/main',
    layers: ['shared'],
    packages: ['electron'],
    node: true,
    exceptions: {
      // main registers the media:// protocol and answers it with byte ranges of the file the
      // data host named (file checks only, no SQLite).
      'electron/main/main.ts': ['electron/core/media/serve-media.ts'],
    },
  },
  // The one object the page sees: electron's bridge and the shapes of shared/desktop.ts.
  preload: {
    folder: 'electron/preload',
    layers: [],
    typeOnly: ['shared'],
    packages: ['electron'],
    node: false,
  },
  // Build and start scripts of the Electron side.
  launcher: {
    folder: 'electron/launcher',
    layers: [],
    packages: ['vite', 'electron'],
    node: true,
  },
  // The React page: no Node, no Electron, the engine only through the contract.
  renderer: {
    folder: 'renderer',
    layers: ['shared'],
    packages: [
      'react',
      'react-dom',
      'zustand',
      '@tanstack/react-query',
      '@tanstack/react-table',
      '@tanstack/react-virtual',
    ],
    node: false,
  },
  // The `headroom` command loads the CLI.
  bin: { folder: 'bin', layers: ['cli'], packages: [], node: true },
};

/** @param {string} repoPath repo-relative path with / separators */
function layerOf(repoPath) {
  for (const [name, layer] of Object.entries(LAYERS)) {
    if (repoPath === layer.folder || repoPath.startsWith(`${layer.folder}/`)) return name;
  }
  return null;
}

/** @param {string} file absolute path */
function repoRelative(file) {
  return relative(REPO, file).split(sep).join('/');
}

/** @param {string} specifier a bare import such as `@tanstack/react-query/x` */
function packageName(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * Why `specifier`, imported by `file` of layer `from`, is not allowed; null when it is.
 * @param {string} from
 * @param {string} file repo-relative importing file
 * @param {string} specifier
 * @param {boolean} typeOnly the import brings types only
 */
function refusal(from, file, specifier, typeOnly) {
  const layer = LAYERS[from];
  if (!layer) return null;
  if (specifier.startsWith('node:')) {
    return layer.node ? null : `${from} has no Node: '${specifier}' is not allowed.`;
  }
  if (!specifier.startsWith('.') && !specifier.startsWith('/')) {
    const name = packageName(specifier);
    if (layer.packages.includes(name)) return null;
    const allowed = layer.packages.length > 0 ? layer.packages.join(', ') : 'none';
    return `${from} may not import the package '${name}' (allowed: ${allowed}${layer.node ? ', node:*' : ''}).`;
  }
  const target = repoRelative(resolve(REPO, dirname(file), specifier));
  const to = layerOf(target);
  if (to === from) return null;
  if (to !== null && layer.layers.includes(to)) return null;
  if (to !== null && typeOnly && layer.typeOnly?.includes(to)) return null;
  if (layer.exceptions?.[file]?.includes(target)) return null;
  const may = [...layer.layers, ...(layer.typeOnly ?? []).map((l) => `${l} (types only)`)];
  return `${from} may not import ${to ?? target} ('${specifier}'); it may import ${may.length > 0 ? may.join(', ') : 'no other layer'}.`;
}

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Each layer imports only what eslint-layers.js allows it.' },
    schema: [],
  },
  create(context) {
    const file = repoRelative(context.filename);
    const from = layerOf(file);
    if (from === null) return {};

    /**
     * @param {import('estree').Node} node
     * @param {import('estree').Node | null | undefined} source
     * @param {boolean} typeOnly
     */
    function check(node, source, typeOnly) {
      if (!source) {
        context.report({ node, message: 'An import without a source cannot be checked.' });
        return;
      }
      if (source.type === 'TemplateLiteral' && source.expressions.length === 0) {
        const text = source.quasis[0]?.value.cooked ?? '';
        const why = refusal(from, file, text, typeOnly);
        if (why) context.report({ node, message: why });
        return;
      }
      if (source.type !== 'Literal' || typeof source.value !== 'string') {
        context.report({
          node,
          message: 'Import sources must be string literals so the layer rules can check them.',
        });
        return;
      }
      const why = refusal(from, file, source.value, typeOnly);
      if (why) context.report({ node, message: why });
    }

    /** @param {any} node an import or export declaration (TypeScript adds importKind) */
    function typeOnlyDeclaration(node) {
      if (node.importKind === 'type' || node.exportKind === 'type') return true;
      const specifiers = node.specifiers ?? [];
      return (
        specifiers.length > 0 &&
        specifiers.every(
          /** @param {any} s */ (s) => s.importKind === 'type' || s.exportKind === 'type',
        )
      );
    }

    return {
      ImportDeclaration(node) {
        check(node, node.source, typeOnlyDeclaration(node));
      },
      ExportNamedDeclaration(node) {
        if (node.source) check(node, node.source, typeOnlyDeclaration(node));
      },
      ExportAllDeclaration(node) {
        check(node, node.source, typeOnlyDeclaration(node));
      },
      ImportExpression(node) {
        check(node, node.source, false);
      },
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          const argument = node.arguments[0];
          check(node, argument?.type === 'SpreadElement' ? null : argument, false);
        }
      },
      /** @param {any} node `import x = require('y')` */
      TSImportEqualsDeclaration(node) {
        if (node.moduleReference?.type === 'TSExternalModuleReference') {
          check(node, node.moduleReference.expression, node.importKind === 'type');
        }
      },
      /** @param {any} node `typeof import('x')` in a type */
      TSImportType(node) {
        const argument =
          node.argument?.type === 'TSLiteralType' ? node.argument.literal : node.source;
        check(node, argument, true);
      },
    };
  },
};

export const layersPlugin = { rules: { 'allowed-imports': allowedImports } };
