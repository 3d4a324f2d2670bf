// Builds e2e/ipc-mock.ts into one classic script the browser tests inject
// before the app loads (see e2e/browser.ts). Not part of the app build.

import { defineConfig } from 'vite'

export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist-e2e',
    emptyOutDir: true,
    minify: false,
    lib: { entry: 'e2e/ipc-mock.ts', formats: ['iife'], name: 'CunwuIpcMock', fileName: () => 'ipc-mock.js' },
  },
})
