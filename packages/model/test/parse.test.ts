import { describe, expect, it } from 'vitest'
import { EquationError, parseEquation } from '@stockflow/model'

const errorOf = (text: string): EquationError => {
  try {
    parseEquation(text)
  } catch (err) {
    if (err instanceof EquationError) return err
    throw err
  }
  throw new Error(`expected ${text} to fail`)
}

describe('parseEquation', () => {
  it('reads underscored and quoted names as the same reference', () => {
    const a = parseEquation('Room_Temperature - 1')
    const b = parseEquation('"Room Temperature" - 1')
    expect(a).toMatchObject({ type: 'binary', op: '-', left: { type: 'ref', id: 'room_temperature' } })
    expect(b).toMatchObject({ type: 'binary', op: '-', left: { type: 'ref', id: 'room_temperature' } })
  })

  it('accepts Chinese names bare and quoted', () => {
    expect(parseEquation('产能 * 2')).toMatchObject({ left: { type: 'ref', id: '产能' } })
    expect(parseEquation('"地方 政府 债务" + 1')).toMatchObject({ left: { type: 'ref', id: '地方_政府_债务' } })
  })

  it('reads a quoted lookup call under a minus, not or a power as a call, with its position', () => {
    const effect = { type: 'lookup', id: 'effect_of_price', arg: { type: 'ref', id: 'x' } }
    expect(parseEquation('-"Effect of Price"(x)')).toMatchObject({ type: 'unary', op: '-', arg: effect })
    expect(parseEquation('not "Effect of Price" (x)')).toMatchObject({ type: 'unary', op: 'not', arg: effect })
    expect(parseEquation('"Effect of Price"(x) ^ 2')).toMatchObject({ type: 'binary', op: '^', left: effect })
    expect(parseEquation('2 ^ "Effect of Price"(x)')).toMatchObject({ type: 'binary', op: '^', right: effect })
    expect(parseEquation('2 ^ "Effect of Price"(x)')).toMatchObject({ right: { span: { start: 5, end: 20 } } })
    // A quoted name not before a parenthesis stays a reference; a string with a ( inside stays whole.
    expect(parseEquation('"a" + "b (c)" * (2)')).toMatchObject({ left: { type: 'ref', id: 'a' } })
  })

  it('reads quoted lookup calls whose names hold escapes, or whose mask the text already holds', () => {
    expect(parseEquation('-"Say \\"hi\\""(x)')).toMatchObject({ arg: { type: 'lookup', name: 'Say "hi"' } })
    expect(parseEquation('"back\\\\slash"(x) ^ 2')).toMatchObject({ left: { type: 'lookup', name: 'back\\slash' } })
    expect(parseEquation('"x"(1) + _0_')).toMatchObject({ left: { type: 'lookup', id: 'x' }, right: { name: '_0_' } })
    const many = Array.from({ length: 40 }, (_, i) => `-"${String.fromCharCode(97 + (i % 26))}"(${i})`).join(' + ')
    expect(JSON.stringify(parseEquation(many)).match(/"lookup"/g)).toHaveLength(40)
  })

  it('refuses a quoted call glued to a name before it, with a position', () => {
    expect(errorOf('ab"E"(x)').span.start).toBe(2)
    expect(errorOf('x"Effect"(y)').span.start).toBe(1)
  })

  it('reads if(c, a, b) and c ? a : b as a conditional or builtin', () => {
    expect(parseEquation('if(x > 1, 2, 3)')).toMatchObject({ type: 'call', fn: 'if_then_else' })
    expect(parseEquation('x > 1 ? 2 : 3')).toMatchObject({ type: 'if', cond: { type: 'binary', op: '>' } })
  })

  it('maps builtin aliases to their canonical names, any case', () => {
    expect(parseEquation('SMOOTH(x, 3)')).toMatchObject({ type: 'call', fn: 'smth1' })
    expect(parseEquation('Delay_Fixed(x, 3, 0)')).toMatchObject({ type: 'call', fn: 'delay_fixed' })
    expect(parseEquation('TIME')).toEqual({ type: 'call', fn: 'time', args: [], span: { start: 0, end: 4 } })
    expect(parseEquation('x % 3')).toMatchObject({ type: 'call', fn: 'mod' })
  })

  it('reads a call of a non-builtin as a lookup', () => {
    expect(parseEquation('effect_of_price(x)')).toMatchObject({
      type: 'lookup',
      id: 'effect_of_price',
      arg: { type: 'ref' },
    })
  })

  it('rejects implicit multiplication with a position and a hint', () => {
    const err = errorOf('Room Temperature - 1')
    expect(err.code).toBe('implicit-multiplication')
    expect(err.span.start).toBe(4)
    expect(err.hint).toMatch(/underscores|quote/)
    expect(errorOf('2x').code).toBe('implicit-multiplication')
  })

  it('rejects assignments, arrays and syntax errors with positions', () => {
    expect(errorOf('x = 3').code).toBe('unsupported-syntax')
    expect(errorOf('[1, 2]').code).toBe('unsupported-syntax')
    const syntax = errorOf('a + * b')
    expect(syntax.code).toBe('syntax')
    expect(syntax.span.start).toBe(4)
    expect(errorOf('').code).toBe('empty-equation')
  })

  it('records where each name is', () => {
    const e = parseEquation('a + bb * a')
    expect(e).toMatchObject({
      left: { span: { start: 0, end: 1 } },
      right: { left: { span: { start: 4, end: 6 } }, right: { span: { start: 9, end: 10 } } },
    })
  })
})

describe('parseEquation: subscripts', () => {
  const subsOf = (text: string) => {
    const e = parseEquation(text)
    if (e.type !== 'ref' && e.type !== 'lookup') throw new Error(`not a reference: ${text}`)
    return e.subs
  }

  it('reads element and dimension names, one per dimension, each with its position', () => {
    expect(parseEquation('pop[north, young]')).toEqual({
      type: 'ref',
      name: 'pop',
      id: 'pop',
      span: { start: 0, end: 3 },
      subs: [
        { kind: 'name', name: 'north', span: { start: 4, end: 9 } },
        { kind: 'name', name: 'young', span: { start: 11, end: 16 } },
      ],
    })
    expect(subsOf('pop[Region]')).toEqual([{ kind: 'name', name: 'Region', span: { start: 4, end: 10 } }])
  })

  it('reads a number as a 1-based position, and refuses one that is not', () => {
    expect(subsOf('pop[2]')).toEqual([{ kind: 'position', position: 2, span: { start: 4, end: 5 } }])
    expect(errorOf('pop[0]')).toMatchObject({ code: 'unsupported-syntax', span: { start: 4, end: 5 } })
    expect(errorOf('pop[1.5]').hint).toBe('positions count from 1')
  })

  it('reads a lone * as every element, keeping every position, and leaves multiplication alone', () => {
    expect(subsOf('pop[*]')).toEqual([{ kind: 'star', span: { start: 4, end: 5 } }])
    expect(subsOf('pop[Region, * ]')).toEqual([
      { kind: 'name', name: 'Region', span: { start: 4, end: 10 } },
      { kind: 'star', span: { start: 12, end: 13 } },
    ])
    expect(parseEquation('SUM(a[*] * b[*])')).toMatchObject({
      type: 'call',
      fn: 'sum',
      args: [{ type: 'binary', op: '*', left: { subs: [{ kind: 'star' }] }, right: { subs: [{ kind: 'star' }] } }],
    })
    expect(parseEquation('"a[*]" * 2')).toMatchObject({ left: { type: 'ref', name: 'a[*]' } })
  })

  it("reads Vensim's bang as a dimension to reduce over, not a factorial", () => {
    expect(subsOf('pop[Region!, young]')).toEqual([
      { kind: 'bang', name: 'Region', span: { start: 4, end: 10 } },
      { kind: 'name', name: 'young', span: { start: 13, end: 18 } },
    ])
    expect(errorOf('x!').code).toBe('unsupported-syntax')
  })

  it('reads quoted names and quoted elements', () => {
    expect(parseEquation('"pop A"["New York"] + 1')).toMatchObject({
      left: {
        type: 'ref',
        id: 'pop_a',
        span: { start: 1, end: 6 },
        subs: [{ kind: 'name', name: 'New York', span: { start: 9, end: 17 } }],
      },
    })
  })

  it('reads an arrayed lookup call as a lookup with subscripts, quoted or not', () => {
    expect(parseEquation('tbl[north](x)')).toMatchObject({
      type: 'lookup',
      id: 'tbl',
      subs: [{ name: 'north' }],
      arg: { id: 'x' },
    })
    expect(parseEquation('-"T b"[Region](2)')).toMatchObject({
      type: 'unary',
      arg: { type: 'lookup', id: 't_b', subs: [{ name: 'Region' }] },
    })
  })

  it('refuses subscripts that are expressions, empty brackets, accessors, and subscripted builtins', () => {
    expect(errorOf('pop[a + 1]').code).toBe('unsupported-syntax')
    expect(errorOf('pop.north').code).toBe('unsupported-syntax')
    expect(errorOf('TIME[1]').code).toBe('unsupported-syntax')
    expect(errorOf('tbl[north](1, 2)').code).toBe('unsupported-syntax')
  })
})
