import { defineConfig } from 'vite';

// The renderer: a sandboxed React page. Built into out/renderer (electron-builder packs out/).
export default defineConfig({
  root: 'renderer',
  base: './',
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    sourcemap: false,
    rollupOptions: {
      onwarn(warning, warn) {
        // React Query marks its modules "use client" (a React Server Components hint): no effect here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
