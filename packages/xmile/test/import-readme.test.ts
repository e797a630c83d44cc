import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The README's example is run as written, so the first thing a reader copies keeps working.
const scratch = join(__dirname, '.readme-example.generated.ts')

describe('README', () => {
  afterAll(() => rmSync(scratch, { force: true }))

  it('runs the import example', async () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const code = /```ts\n([\s\S]*?)```/.exec(readme)![1]!
    writeFileSync(scratch, `${code}\nexport { model, run, warnings }\n`)
    const { model, run, warnings } = (await import(scratch)) as {
      model: { elements: readonly { kind: string; name: string; equation?: string }[] }
      run: { get(name: string): Float64Array }
      warnings: readonly string[]
    }
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
