import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = (relative: string) => new URL(relative, import.meta.url).pathname;

/** The admin UI: src/web/build.ts builds it into dist/web, which the server serves at `/`. */
export default defineConfig({
  root: here('.'),
  base: '/',
  plugins: [react()],
  build: {
    outDir: here('../../../dist/web'),
    emptyOutDir: true,
    // The polyfill would be an inline script, which the Content-Security-Policy refuses.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1500,
  },
  // `npx vite --config src/web/client/vite.config.ts` serves the UI with hot reload; the API
  // comes from a server started with `npm start`.
  server: {
    proxy: { '/api': 'http://127.0.0.1:8080', '/healthz': 'http://127.0.0.1:8080' },
  },
});
