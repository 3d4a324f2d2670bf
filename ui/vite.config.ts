/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

// Tauri serves ui/dist from its own asset protocol: relative paths keep the
// built app working there and under `vite preview` alike.
export default defineConfig({
  base: './',
  plugins: [vue()],
  clearScreen: false,
  server: { port: 5173, strictPort: false },
  build: { target: 'es2021', chunkSizeWarningLimit: 1500 },
  test: {
    environment: 'happy-dom',
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/setup.ts'],
    // A shared 2-core machine under load mounts a whole screen slowly; this
    // bounds waiting, it does not loosen any assertion.
    testTimeout: 30_000,
  },
})
