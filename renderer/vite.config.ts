import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const rendererRoot = fileURLToPath(new URL('.', import.meta.url));
const repoRoot = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/renderer', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The polyfill would be an inline script; the CSP forbids those and Chromium does not need it.
    modulePreload: { polyfill: false },
  },
  server: {
    host: '127.0.0.1',
    // The renderer imports the shared contract from the repository root.
    fs: { allow: [repoRoot] },
  },
});
