import { defaultClientConditions, defineConfig } from 'vite'

// `@stockflow/source` points each workspace package at its `src/index.ts`, so the viewer runs and
// builds without the packages' own builds. Setting `conditions` replaces vite's defaults: keep them.
const conditions = ['@stockflow/source', ...defaultClientConditions]

export default defineConfig({
  base: './',
  resolve: { conditions },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2000 },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
})
