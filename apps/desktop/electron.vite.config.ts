import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Workspace packages are TypeScript sources: bundle them; keep real npm deps external
// (the native SQLite binding must stay a require at run time, so apps/desktop lists it as a
// dependency: electron-builder then ships it and rebuilds it for Electron).
const bundled = ['@parley/backend', '@parley/contract', '@parley/store', '@parley/xmpp'];

export default defineConfig({
  main: {
    build: {
      externalizeDeps: { exclude: bundled },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          // The backend's utility process (backend-host.ts forks out/main/backend.js).
          backend: resolve(__dirname, '../../packages/backend/src/host/backend-entry.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot load modules: one CommonJS file with everything inlined.
      externalizeDeps: false,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/preload/index.ts'),
          unlock: resolve(__dirname, 'src/preload/unlock.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/renderer/index.html'),
          unlock: resolve(__dirname, 'src/renderer/unlock.html'),
        },
      },
    },
  },
});
