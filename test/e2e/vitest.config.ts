import { join } from 'node:path'
import { defineConfig } from 'vitest/config'

// `pnpm test:e2e`: the viewer in real headless Chromium (its unit tests, which need no browser, run
// under the root config). Kept apart from the root config so `pnpm test` needs no browser.
const root = join(import.meta.dirname, '../..')

export default defineConfig({
  root,
  resolve: { conditions: ['@stockflow/source'] },
  ssr: { resolve: { conditions: ['@stockflow/source'] } },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    // The JSON report lets .ci/run count what ran.
    reporters: ['default', ['json', { outputFile: 'test/e2e/.output/report.json' }]],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // One Chromium at a time: the CI machine has two cores.
    fileParallelism: false,
  },
})
