import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lookupClamped, lookupDiscrete, lookupExtrapolated } from '../src/runtime.js'

describe('lookups with a remembered segment', () => {
  // The hint only saves a bisection: any sequence of inputs (forward, backward, jumps, ends, repeats)
  // must read exactly what a lookup without a hint reads.
  it('read the same as without the hint, whatever order the inputs come in', () => {
    const table = fc
      .uniqueArray(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 })
      .map((xs) => Float64Array.from(xs.sort((a, b) => a - b)))
    fc.assert(
      fc.property(table, fc.array(fc.double({ min: -150, max: 150, noNaN: true }), { maxLength: 60 }), (xs, inputs) => {
        const ys = xs.map((x) => Math.sin(x) * 10)
        const hint = new Int32Array(3)
        for (const x of [...inputs, ...xs]) {
          expect(lookupClamped(xs, ys, x, hint, 0)).toBe(lookupClamped(xs, ys, x))
          expect(lookupExtrapolated(xs, ys, x, hint, 1)).toBe(lookupExtrapolated(xs, ys, x))
          expect(lookupDiscrete(xs, ys, x, hint, 2)).toBe(lookupDiscrete(xs, ys, x))
        }
      }),
      { seed: 7, numRuns: 300 },
    )
  })
})
