import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: { conditions: ['@stockflow/source'] },
  ssr: { resolve: { conditions: ['@stockflow/source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'apps/*/test/**/*.test.ts', 'test/**/*.test.ts', 'seeds/**/*.test.ts'],
    // The JSON report lets .ci/run count what ran; the default reporter is for people.
    reporters: ['default', ['json', { outputFile: '.vitest-report.json' }]],
    testTimeout: 60_000,
  },
})
