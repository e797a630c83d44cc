import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runChecks } from '@stockflow/solver'
import type { CheckSuite } from '@stockflow/solver'

// Every seed's behaviour checks (seeds/<name>/checks.ts), one vitest test per check: the same checks
// `stockflow test seeds/<name>` runs.
const seeds = join(__dirname, '../seeds')
const withChecks = readdirSync(seeds).filter((name) => existsSync(join(seeds, name, 'checks.ts')))

describe.each(withChecks)('seeds/%s/checks.ts', async (name) => {
  const suite = ((await import(join(seeds, name, 'checks.ts'))) as { default: CheckSuite }).default
  const results = runChecks(suite)
  it('has checks', () => expect(results.length).toBeGreaterThan(0))
  for (const result of results) {
    it(result.name, () => expect(result.pass, result.detail).toBe(true))
  }
})
