import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The CSP in index.html forbids inline scripts. Vite's dev server (React Refresh preamble)
 * needs one, so only while serving it is relaxed; the built bundle keeps the strict policy.
 */
function devCsp(): Plugin {
  return {
    name: 'parley-dev-csp',
    apply: 'serve',
    transformIndexHtml(html) {
      return html.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'");
    },
  };
}

/** The renderer served to a browser by the dev/test WebSocket host (see packages/backend). */
export default defineConfig({
  root: `${here}src/renderer`,
  base: './',
  plugins: [react(), devCsp()],
  build: {
    outDir: `${here}dist-web`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: {
      output: {
        // What the page needs before its first render in one file, not in the twenty small
        // chunks the automatic split makes of modules the lazy pieces share: each is another
        // request to the host and module to instantiate before the page runs (bench/cold-start:
        // list painted ~95 ms sooner). Lazy pieces keep their own chunks.
        codeSplitting: { groups: [{ name: 'startup', tags: ['$initial'] }] },
      },
    },
  },
  server: {
    // `vite --config vite.web.config.ts` against a running host: PARLEY_HOST=http://127.0.0.1:PORT,
    // then open the dev page with the host's `#token=…`. The host accepts only its own Host and
    // Origin, so the proxy presents them.
    proxy: process.env.PARLEY_HOST
      ? {
          '/ws': {
            target: process.env.PARLEY_HOST,
            ws: true,
            changeOrigin: true,
            headers: { origin: new URL(process.env.PARLEY_HOST).origin },
          },
        }
      : undefined,
  },
});
