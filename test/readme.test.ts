import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'

// The README's DSL example is run as written, so the first thing a modeler copies keeps working.
const root = join(__dirname, '..')
const scratch = join(__dirname, '.readme-example.generated.ts')

function firstTypeScriptBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(markdown)
  if (!match) throw new Error('README.md has no ```ts block')
  return match[1]!
}

describe('README', () => {
  afterAll(() => rmSync(scratch, { force: true }))

  it('runs the DSL example and gets the cooling curve', async () => {
    const code = firstTypeScriptBlock(readFileSync(join(root, 'README.md'), 'utf8'))
    writeFileSync(scratch, `${code}\nexport { run }\n`)
    const { run } = (await import(scratch)) as { run: { get(name: string): Float64Array; times: Float64Array } }
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
