import { describe, expect, it } from 'vitest'
import { exportChanges, parseChanges } from '../src/index.js'

describe('exportChanges', () => {
  it('writes constants a line each, names spelled as the .mdl export spells them, which parseChanges reads back', () => {
    const text = exportChanges(
      [
        { name: 'Contact Rate', subscripts: ['north'], value: 0.1 },
        { name: 'Growth (net)', subscripts: [], value: -2.5e-7 },
        { name: 'weight', subscripts: ['2', 'old'], value: 4 },
      ],
      'scenario "low" {braces dropped}',
    )
    expect(text).toBe(
      '{ scenario "low" braces dropped }\nContact Rate[north] = 0.1\n"Growth (net)" = -2.5e-7\nweight[2,old] = 4\n',
    )
    const back = parseChanges(text)
    expect(back.problems).toEqual([])
    expect(back.changes.map((c) => [c.name, c.subscripts, c.kind === 'constant' ? c.value : undefined])).toEqual([
      ['Contact Rate', ['north'], 0.1],
      ['Growth (net)', [], -2.5e-7],
      ['weight', ['2', 'old'], 4],
    ])
  })

  it('refuses a value a .cin cannot hold, naming the change', () => {
    expect(() => exportChanges([{ name: 'x', subscripts: ['a'], value: Infinity }])).toThrow(
      'the change of x[a]: Infinity cannot be written in a .mdl file',
    )
  })
})
