import { defineConfig } from 'vite';

// The renderer: a sandboxed React page. Built into out/renderer (electron-builder packs out/).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: false,
  },
});
