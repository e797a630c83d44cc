import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTypeScriptExample } from './support/readme.js'

// The README's DSL example is run as written, so the first thing a modeler copies keeps working.
const root = join(__dirname, '..')

describe('README', () => {
  it('runs the DSL example and gets the cooling curve', async () => {
    const { run } = await runTypeScriptExample<{ run: { get(name: string): Float64Array; times: Float64Array } }>(
      join(root, 'README.md'),
      ['run'],
    )
    const temperature = run.get('Teacup Temperature')
    expect(run.times).toHaveLength(241)
    expect(temperature[0]).toBe(180)
    // RK4 at dt 0.125 is within 1e-6 of Newton's law of cooling toward 60 degrees.
    expect(temperature[240]).toBeCloseTo(60 + 120 * Math.exp(-3), 6)
  })

  it('states the two Quick start commands', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    expect(readme).toMatch(/pnpm install && pnpm start/)
    expect(readme).toMatch(/pnpm install && pnpm test/)
  })
})
