import { describe, expect, it } from 'vitest'
import { evaluateIR } from '../src/evaluate-ir.js'
import type { IR } from '../src/ir.js'
import { fn, num, remapSlots, slot, slotsOf } from '../src/ir-build.js'
import { rangeCall, withRanges } from '../src/ranges.js'
import { arrayGroups, gather } from '../src/slot-arrays.js'

const slots = (...xs: number[]) => xs.map(slot)

describe('reductions over ranges of slots', () => {
  it('writes a flat call over evenly spaced slots as a range', () => {
    expect(withRanges(fn('sum', ...slots(4, 5, 6, 7)))).toEqual({ t: 'range', fn: 'sum', base: 4, n: 4, stride: 1 })
    expect(withRanges(fn('max', ...slots(3, 13, 23)))).toEqual({ t: 'range', fn: 'max', base: 3, n: 3, stride: 10 })
    // Inside an expression, the rest kept as it was.
    const inside = fn('mean', ...slots(0, 1, 2))
    const ir: IR = { t: 'bin', op: '/', l: slot(9), r: inside }
    expect(withRanges(ir)).toEqual({ ...ir, r: { t: 'range', fn: 'mean', base: 0, n: 3, stride: 1 } })
  })

  it('leaves other calls as they are, the same objects', () => {
    for (const ir of [
      fn('min', ...slots(1, 2)), // two arguments: Math.min(a, b)
      fn('sum', ...slots(1, 2, 4)), // uneven
      fn('sum', ...slots(5, 4, 3)), // downwards
      fn('sum', ...slots(1, 1, 1)),
      fn('sum', slot(1), num(2), slot(3)),
      fn('abs', ...slots(1, 2, 3)), // not a reduction
      { t: 'bin', op: '+', l: slot(1), r: fn('prod', slot(2), { t: 'un', op: '-', a: slot(3) }, slot(4)) } as IR,
    ]) {
      expect(withRanges(ir)).toBe(ir)
    }
    // Without the builtin table's helper, no range either.
    const sum = fn('sum', ...slots(1, 2, 3))
    expect(withRanges(sum, {})).toBe(sum)
  })

  it('reads every slot of a range, renumbers it and evaluates it as its flat call', () => {
    const range: IR = { t: 'range', fn: 'sum', base: 10, n: 4, stride: 2 }
    expect([...slotsOf(range)]).toEqual([10, 12, 14, 16])
    expect(remapSlots(range, (i) => i + 5)).toEqual({ ...range, base: 15 })
    expect(remapSlots(range, (i) => 2 * i)).toEqual({ ...range, base: 20, stride: 4 })
    // Spacing lost: the flat call again.
    expect(remapSlots(range, (i) => (i === 12 ? 99 : i))).toEqual(fn('sum', ...slots(10, 99, 14, 16)))
    expect(rangeCall({ t: 'range', fn: 'min', base: 1, n: 3, stride: 3 })).toEqual(fn('min', ...slots(1, 4, 7)))
    const env = { slot: (i: number) => i * 0.5, table: () => NaN, clock: { time: 0, dt: 1, start: 0, stop: 1 } }
    expect(evaluateIR(range, env)).toBe(5 + 6 + 7 + 8)
    expect(evaluateIR({ t: 'range', fn: 'min', base: 3, n: 3, stride: 1 }, env)).toBe(1.5)
  })
})

describe('arrays among slots', () => {
  it('groups the elements of an array, and the internal slots of their SMOOTHs alike', () => {
    const names = [
      'k',
      'pop[north]',
      'pop[south]',
      'x[a,1]',
      'lone[a]',
      'pop[west]',
      'sm[north]:smth1',
      'sm[south]:smth1',
      'draw[a]:random#0',
      'draw[b]:random#1',
    ]
    const groups = arrayGroups(names, () => false)
    const g = (i: number) => groups[i]!
    expect(g(0)).toBe(-1)
    expect(g(1)).toBeGreaterThanOrEqual(0)
    expect([g(2), g(5)]).toEqual([g(1), g(1)])
    // A one-element array is no array.
    expect([g(3), g(4)]).toEqual([-1, -1])
    expect(g(6)).toBe(g(7))
    expect(g(8)).toBe(g(9))
    expect(new Set([g(1), g(6), g(8)]).size).toBe(3)
    // Stocks never share an array with other slots.
    const split = arrayGroups(['s[a]', 's[b]', 's[c]'], (i) => i < 2)
    expect(split[0]).toBe(split[1])
    expect(split[2]).toBe(-1)
  })

  it('gathers each array where its first element was', () => {
    const groups = Int32Array.from([-1, 0, 0, 1, 1, -1, 0])
    expect(Array.from(gather([5, 2, 0, 4, 6, 1, 3], groups))).toEqual([5, 1, 2, 6, 0, 3, 4])
  })
})
