import { describe, expect, it } from 'vitest'
import {
  StockflowError,
  aux,
  canonicalId,
  eq,
  flow,
  lookup,
  model,
  param,
  parseEquation,
  stock,
} from '@stockflow/model'
import type { Element, Expr, Flow, Model, Stock } from '@stockflow/model'
import { constantValue } from '../src/validate.js'
import { formatNumber, quoteName } from '../src/equation.js'

const time = { start: 0, stop: 10, dt: 0.25 }

const stockOf = (m: Model, id: string): Stock => {
  const e = m.elements.find((x) => x.id === id)
  if (e?.kind !== 'stock') throw new Error(`no stock ${id}`)
  return e
}

/** The value of a parsed constant expression (numbers and arithmetic only). */
const valueOf = (text: string): number | undefined => constantValue(parseEquation(text))

describe('ids', () => {
  it('derives canonical ids from display names', () => {
    expect(stock('Room  Temperature', { initial: 1 }).id).toBe('room_temperature')
    expect(param('Room_Temperature', 1).id).toBe('room_temperature')
    expect(aux(' __Room \t temperature__ ', { equation: 1 }).id).toBe('room_temperature')
    expect(canonicalId('ROOM   TEMPERATURE')).toBe('room_temperature')
  })

  it('keeps Chinese and other Unicode letters', () => {
    const debt = stock('地方政府 债务', { initial: 0 })
    expect(debt.name).toBe('地方政府 债务')
    expect(debt.id).toBe('地方政府_债务')
    expect(param('Größe', 1).id).toBe('größe')
  })
})

describe('element factories', () => {
  it('return plain data with the options given and nothing else', () => {
    expect(
      stock('Water', { initial: 5, units: 'litre', doc: 'in the tank', min: 0, max: 10, nonNegative: true }),
    ).toEqual({
      kind: 'stock',
      name: 'Water',
      id: 'water',
      units: 'litre',
      doc: 'in the tank',
      min: 0,
      max: 10,
      initial: '5',
      inflows: [],
      outflows: [],
      nonNegative: true,
    })
    expect(param('Rate', 0.5)).toEqual({ kind: 'param', name: 'Rate', id: 'rate', value: 0.5 })
    expect(aux('Half', { equation: -0.5 })).toEqual({ kind: 'aux', name: 'Half', id: 'half', equation: '(-0.5)' })
  })

  it('keeps a lookup mode only when it is not the default', () => {
    const points = [
      [0, 1],
      [1, 2],
    ] as const
    expect(lookup('L', points)).toEqual({ kind: 'lookup', name: 'L', id: 'l', x: [0, 1], y: [1, 2] })
    expect(lookup('L', points, { mode: 'continuous' })).not.toHaveProperty('mode')
    expect(lookup('L', points, { mode: 'extrapolate' })).toMatchObject({ mode: 'extrapolate' })
  })
})

describe('model()', () => {
  it('wires flows onto their stocks in element order', () => {
    const a = stock('A', { initial: 10 })
    const b = stock('B', { initial: 0 })
    const second = flow('Second', { to: a, rate: 1 })
    const first = flow('First', { to: a, rate: 2 })
    const transfer = flow('Transfer', { from: a, to: b, rate: eq`${a} / 2` })
    const leak = flow('Leak', { from: b, rate: 0.1 })
    const m = model('m', { time, elements: [first, a, transfer, second, b, leak] })
    expect(stockOf(m, 'a')).toMatchObject({ inflows: ['first', 'second'], outflows: ['transfer'] })
    expect(stockOf(m, 'b')).toMatchObject({ inflows: ['transfer'], outflows: ['leak'] })
    expect(m.elements.map((e) => e.id)).toEqual(['first', 'a', 'transfer', 'second', 'b', 'leak'])
  })

  it('drops from/to from the flows, so the model is plain serializable data', () => {
    const s = stock('S', { initial: 1 })
    const f = flow('F', { from: s, rate: 1, nonNegative: true })
    const m = model('m', { time, elements: [s, f], doc: 'a doc' })
    const out = m.elements[1] as Flow
    expect(out).toEqual({ kind: 'flow', name: 'F', id: 'f', equation: '1', nonNegative: true })
    expect(Object.keys(out)).not.toContain('from')
    expect(JSON.parse(JSON.stringify(m))).toEqual(m)
    expect(m).toEqual({ name: 'm', time, elements: m.elements, doc: 'a doc' })
  })

  it('does not change the handles, so one set of handles can build two models', () => {
    const s = stock('S', { initial: 1 })
    const f = flow('F', { to: s, rate: 1 })
    const one = model('one', { time, elements: [s, f] })
    const two = model('two', { time, elements: [s, f] })
    expect(s.inflows).toEqual([])
    expect(f).toHaveProperty('to', 's')
    expect(stockOf(one, 's').inflows).toEqual(['f'])
    expect(stockOf(two, 's').inflows).toEqual(['f'])
  })

  it('throws a StockflowError for a flow whose stock is not among the elements', () => {
    const tank = stock('Water Tank', { initial: 0 })
    const rain = flow('Rain', { to: tank, rate: 1 })
    // Typed as plain elements to get past the compile-time check and reach the run-time one.
    const elements: readonly Element[] = [rain]
    expect(() => model('garden', { time, elements })).toThrow(StockflowError)
    expect(() => model('garden', { time, elements })).toThrow(/flow "Rain" fills "water_tank".*model "garden"/)
    const drain = flow('Drain', { from: tank, rate: 1 })
    const drainOnly: readonly Element[] = [drain]
    expect(() => model('garden', { time, elements: drainOnly })).toThrow(/flow "Drain" drains "water_tank"/)
  })
})

describe('eq``', () => {
  const temperature = stock('Teacup Temperature', { initial: 180 })
  const room = param('Room Temperature', 70)
  const tau = param('Characteristic Time', 10)

  it('quotes the names of handles', () => {
    const text = eq`(${temperature} - ${room}) / ${tau}`
    expect(text).toBe('("Teacup Temperature" - "Room Temperature") / "Characteristic Time"')
    expect(parseEquation(text)).toMatchObject({
      type: 'binary',
      op: '/',
      left: {
        type: 'binary',
        left: { type: 'ref', id: 'teacup_temperature' },
        right: { type: 'ref', id: 'room_temperature' },
      },
      right: { type: 'ref', id: 'characteristic_time' },
    })
  })

  it('quotes Chinese names so they parse back', () => {
    const debt = stock('地方政府 债务', { initial: 0 })
    expect(parseEquation(eq`${debt} * 2`)).toMatchObject({ left: { type: 'ref', id: '地方政府_债务' } })
  })

  it('writes names with double quotes, backslashes and control characters so they parse back to the same id', () => {
    for (const name of ['He said "hi"', 'C:\\new\\path', 'x\\"y', 'end\\', 'tab\there', 'two\nlines', '\\u0041']) {
      const h = param(name, 1)
      const expr: Expr = parseEquation(eq`${h} + 1`)
      expect(expr, name).toMatchObject({ type: 'binary', left: { type: 'ref', name, id: h.id } })
      expect(parseEquation(quoteName(name)), name).toMatchObject({ type: 'ref', name })
    }
  })

  it('calls a lookup handle like a function', () => {
    const effect = lookup('Price Effect', [
      [0, 1],
      [1, 2],
    ])
    const text = eq`${effect}(${room})`
    expect(() => parseEquation(text), `cannot parse ${text}`).not.toThrow()
    expect(parseEquation(text)).toMatchObject({ type: 'lookup', id: 'price_effect', arg: { id: 'room_temperature' } })
  })

  it('writes numbers so they read back as the same value, negatives in parentheses', () => {
    expect(eq`${room} * ${-2}`).toBe('"Room Temperature" * (-2)')
    expect(valueOf(eq`2 - ${-3}`)).toBe(5)
    expect(valueOf(eq`${-2} ^ 2`)).toBe(4)
    expect(valueOf(eq`2 ^ ${-1}`)).toBe(0.5)
    expect(eq`${1e21} + ${5e-324}`).toBe('1e+21 + 5e-324')
    for (const v of [
      0,
      0.1,
      1 / 3,
      -2.5,
      1e21,
      -1e-7,
      5e-324,
      Number.MAX_VALUE,
      -Number.MAX_VALUE,
      123456789012345680,
    ]) {
      expect(valueOf(formatNumber(v)), String(v)).toBe(v)
    }
  })

  it('keeps the sign of negative zero', () => {
    expect(Object.is(valueOf(formatNumber(-0)), -0), `formatNumber(-0) is "${formatNumber(-0)}"`).toBe(true)
  })

  it('refuses numbers an equation cannot hold', () => {
    expect(() => formatNumber(NaN)).toThrow(TypeError)
    expect(() => formatNumber(Infinity)).toThrow(/infinite/)
    expect(() => eq`${room} * ${-Infinity}`).toThrow(TypeError)
  })
})
