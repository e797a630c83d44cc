import { describe, expect, it } from 'vitest'
import { importMdl, parseMdl } from '../src/index.js'
import { mdl } from './mdl-text.js'

// Hostile inputs end in problems, never in a crash or a hang; the assertions are on outcomes, not time.
describe('parseMdl: hostile files', () => {
  const deep = (open: string, inner: string, close: string, n = 50_000): string =>
    open.repeat(n) + inner + close.repeat(n)

  it('refuses 50,000 nested parentheses with one problem, and reads on', () => {
    const file = parseMdl(`deep = ${deep('(', 'x', ')')} ~~|\nnext = 1 ~~|`)
    expect(file.problems).toHaveLength(1)
    expect(file.problems[0]).toMatchObject({
      variable: 'deep',
      message: 'nested deeper than 200 levels: split the equation into variables',
      pos: { line: 1, column: 208 },
    })
    expect(file.definitions.map((d) => d.t === 'equation' && d.lhs.name)).toEqual(['next'])
  })

  it('refuses deep nesting of every kind: calls, signs, powers, :NOT:', () => {
    for (const rhs of [
      deep('f(', '1', ')'),
      '-'.repeat(50_000) + '1',
      Array.from({ length: 50_000 }, () => 'a').join('^'),
      ':NOT: '.repeat(50_000) + 'a',
    ]) {
      const file = parseMdl(`deep = ${rhs} ~~|`)
      expect(file.problems.map((p) => p.message)).toEqual([
        'nested deeper than 200 levels: split the equation into variables',
      ])
    }
  })

  it('reads 200 levels, and long flat sums', () => {
    expect(parseMdl(`x = ${deep('(', '1', ')', 199)} ~~|`).problems).toEqual([])
    const sum = Array.from({ length: 100_000 }, (_, i) => `v${i}`).join(' + ')
    const file = parseMdl(`total = ${sum} ~~|`)
    expect(file.problems).toEqual([])
  })

  it('reports a file cut in the middle of a definition', () => {
    for (const cut of ['x = 1 ~~|\ny = a +', 'x = 1 ~~|\ny = a ~ units ~ a comm', 'x = 1 ~~|\ny[a, ', 'x = 1 ~~|\ny']) {
      const file = parseMdl(cut)
      expect(file.problems).toHaveLength(1)
      expect(file.problems[0]).toMatchObject({
        variable: 'y',
        message: 'the file ends inside this definition, before its closing "|": is the file cut short?',
        pos: { line: 2, column: 1 },
      })
      expect(file.definitions[0]).toMatchObject({ lhs: { name: 'x' } })
    }
  })

  it('reports a definition cut by the sketch, and a sketch with no end', () => {
    const file = parseMdl(
      'x = 1 ~~|\ny = 2 ~\n' +
        '\\\\\\---/// Sketch information - do not modify anything except names\nV300\n*View 1\n10,1,x,1,1',
    )
    expect(file.problems.map((p) => [p.variable, p.pos.line, p.message])).toEqual([
      ['y', 2, 'the file ends inside this definition, before its closing "|": is the file cut short?'],
      [undefined, 3, 'the sketch has no end marker ///---\\\\\\: is the file cut short?'],
    ])
  })

  it('keeps an odd quote in a comment from swallowing the next definition', () => {
    const file = parseMdl(
      'Room Temperature = 70 ~ Degrees ~ "The room" temperature" cannot go below zero. |\n' +
        'Teacup = INTEG(-loss, 180) ~ Degrees ~ The model "is only valid |\n' +
        'loss = 1 ~~|\n',
    )
    expect(file.problems).toEqual([])
    expect(file.definitions.map((d) => d.t === 'equation' && d.lhs.name)).toEqual([
      'Room Temperature',
      'Teacup',
      'loss',
    ])
  })

  it('keeps an unclosed quote or { comment in an equation to its own definition', () => {
    const file = parseMdl('a = "b + 1 ~~|\nc = 2 ~~|\nd = x {never closed ~~|\ne = 3 ~~|')
    expect(file.problems.map((p) => [p.variable, p.pos.line])).toEqual([
      ['a', 1],
      ['d', 3],
    ])
    expect(file.definitions.map((d) => d.t === 'equation' && d.lhs.name)).toEqual(['c', 'e'])
  })

  it('reports five errors of one file, all in one pass', () => {
    const file = parseMdl(
      [
        'one = (1 + 2 ~~|',
        'two = * 3 ~~|',
        'ok = 1 ~~|',
        'three[a = 1 ~~|',
        'four = f(1,, 2) ~~|',
        'five = 1 2 ~~|',
        'also ok = 2 ~~|',
      ].join('\n'),
    )
    expect(file.problems.map((p) => p.variable)).toEqual(['one', 'two', 'three', 'four', 'five'])
    expect(file.definitions).toHaveLength(2)
  })

  it('parses a macro that calls itself (expanding it is not the parser’s business)', () => {
    const file = parseMdl(':MACRO: LOOP(a)\nLOOP = LOOP(a) + 1 ~~|\n:END OF MACRO:\nx = LOOP(1) ~~|')
    expect(file.problems).toEqual([])
    expect(file.macros).toHaveLength(1)
  })

  it('survives noise: control characters, stray bytes, lone operators', () => {
    const noise = Uint8Array.from({ length: 20_000 }, (_, i) => (i * 7919) % 256)
    const file = parseMdl(noise)
    expect(Array.isArray(file.problems)).toBe(true)
    expect(parseMdl('|||\n|').problems).toEqual([])
    expect(parseMdl('~~~|||').problems).toHaveLength(1)
    expect(parseMdl('* * *').problems).toHaveLength(1)
  })
})

describe('importMdl: hostile arrays', () => {
  it('refuses a numbered run of a billion elements and an array of 100 million with one problem each', () => {
    const text = mdl(`Huge: (h1-h1000000000) ~~|
A: (a1-a100000) ~~|
B: (b1-b1000) ~~|
big[A, B] = 1 ~~|
x = 1 ~~|
`)
    let message = ''
    try {
      importMdl(text, 'huge.mdl')
    } catch (err) {
      message = (err as Error).message
    }
    expect(message.split('\n')).toEqual([
      'huge.mdl:2:7: "Huge": the range has more than 1,000,000 elements; split it',
      'huge.mdl:5:1: "big": has 100,000,000 elements (A x B); stockflow holds at most 10,000,000 per variable',
    ])
  })
})
