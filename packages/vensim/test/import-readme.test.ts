import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTypeScriptExample } from '../../../test/support/readme.js'

// The README's example is run as written, so the first thing a reader copies keeps working.
interface Example {
  model: { elements: readonly { kind: string; name: string; outflows?: readonly string[] }[] }
  run: { get(name: string): Float64Array }
  warnings: readonly string[]
}

describe('README', () => {
  it('runs the import example', async () => {
    const readme = join(__dirname, '..', 'README.md')
    const { model, run, warnings } = await runTypeScriptExample<Example>(readme, ['model', 'run', 'warnings'])
    expect(warnings).toEqual([])
    expect(model.elements[0]).toMatchObject({ kind: 'stock', name: 'Coffee Temperature', outflows: ['cooling'] })
    const temperature = run.get('Coffee Temperature')
    expect(temperature).toHaveLength(121)
    expect(temperature[0]).toBe(90)
    expect(temperature[120]).toBeCloseTo(20 + 70 * (1 - 0.025) ** 120, 9)
  })
})
