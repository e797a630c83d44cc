import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

// The README's first example, line for line: the test reads it from the README and runs it.
function firstBlock(markdown: string): string {
  const match = /```ts\n([\s\S]*?)```/.exec(markdown)
  if (!match) throw new Error('README.md has no ```ts block')
  return match[1]!
}

describe('README', () => {
  it('runs the first example', async () => {
    const code = firstBlock(readFileSync(join(__dirname, '..', 'README.md'), 'utf8'))
    // The last four lines are expressions shown with their values; collect them instead.
    const lines = code.trimEnd().split('\n')
    const shown = lines.slice(-4).map((l) => l.replace(/ \/\/.*$/, ''))
    const body = lines.slice(0, -4).filter((l) => !l.startsWith('import '))
    const model = await import('@stockflow/model')
    const diagram = await import('../src/index.js')
    const run = new Function(
      'm',
      'd',
      `const { eq, flow, model, param, stock } = m\nconst { renderCld, renderStockFlow, renderTrajectories } = d\n` +
        `${body.join('\n')}\nreturn [${shown.join(', ')}]`,
    ) as (m: unknown, d: unknown) => unknown[]
    const [markers, highlighted, clouds, isSvg] = run(model, diagram)
    expect(markers).toEqual([expect.stringMatching(/^B1 at [\d.]+,[\d.]+$/)])
    expect(highlighted).toBe(2)
    expect(clouds).toEqual(['to'])
    expect(isSvg).toBe(true)
  })
})
