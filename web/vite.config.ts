/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// No React plugin: esbuild compiles TSX with the automatic runtime, which is all this app needs (and keeps
// Babel out of the install). The dev server proxies the API so `npm run dev` works beside `rolf-api`.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: {
    target: 'es2022',
    sourcemap: false,
    // Inline nothing: the API's Content-Security-Policy allows scripts and styles from 'self' only.
    assetsInlineLimit: 0,
    rollupOptions: {
      onwarn(warning, warn) {
        // TanStack Query marks its modules "use client" for React Server Components; meaningless here.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
  server: {
    proxy: Object.fromEntries(['/api', '/healthz'].map((p) => [p, process.env.ROLF_API ?? 'http://127.0.0.1:8080'])),
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test/setup.ts'],
  },
});
