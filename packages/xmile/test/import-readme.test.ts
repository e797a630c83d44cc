import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runTypeScriptExample } from '../../../test/support/readme.js'

// The README's example is run as written, so the first thing a reader copies keeps working.
interface Example {
  model: { elements: readonly { kind: string; name: string; equation?: string }[] }
  run: { get(name: string): Float64Array }
  warnings: readonly string[]
}

describe('README', () => {
  it('runs the import example', async () => {
    const readme = join(__dirname, '..', 'README.md')
    const { model, run, warnings } = await runTypeScriptExample<Example>(readme, ['model', 'run', 'warnings'])
    expect(warnings).toEqual([])
    expect(model.elements[1]).toMatchObject({ kind: 'flow', name: 'Heat Loss' })
    expect(model.elements[1]!.equation).toMatch(/^\(Teacup_Temperature > Room_Temperature\) \? /)
    const temperature = run.get('Teacup Temperature')
    expect(temperature).toHaveLength(241)
    expect(temperature[0]).toBe(180)
    expect(temperature[240]).toBeGreaterThan(70)
    expect(temperature[240]).toBeLessThan(80)
  })
})
