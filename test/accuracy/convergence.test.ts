// T2, T3, T7: values against the closed forms and the observed order of each fixed-step method.
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { bass, bassExact, bathtub, bathtubExact, logistic, logisticExact, relErr } from './models.js'

const time = { start: 0, stop: 10, dt: 1 }

interface Case {
  readonly id: string
  readonly model: Model
  readonly stock: string
  readonly exact: (t: number) => number
}

const cases: readonly Case[] = [
  { id: 'T2 bathtub', model: bathtub(time), stock: 'S', exact: (t) => bathtubExact(t) },
  { id: 'T3 logistic', model: logistic(time), stock: 'N', exact: (t) => logisticExact(t) },
  { id: 'T7 Bass', model: bass(time), stock: 'A', exact: (t) => bassExact(t) },
]

describe('closed forms match the check values of the note', () => {
  it('T2 S(4) = 40(1 − e^−1)', () => expect(bathtubExact(4)).toBeCloseTo(25.2848, 4))
  it('T3 N(10) = 59.98596018', () => expect(relErr(logisticExact(10), 59.98596018)).toBeLessThan(1e-9))
  it('T7 A(10) = 812.80322122', () => expect(relErr(bassExact(10), 812.80322122)).toBeLessThan(1e-10))
})

describe('values against the exact solutions', () => {
  for (const c of cases) {
    it(`${c.id}: RK4 at dt 1/64 agrees to 1e-10 relative at every save point`, () => {
      const run = simulate(c.model, { method: 'rk4', dt: 1 / 64, saveper: 0.5 })
      run.times.forEach((t, i) => {
        expect(Math.abs(run.get(c.stock)[i] - c.exact(t))).toBeLessThan(1e-10 * Math.max(1, Math.abs(c.exact(t))))
      })
    })

    it(`${c.id}: Euler at dt 1/1024 agrees to 1e-3 relative at t = 10`, () => {
      const run = simulate(c.model, { method: 'euler', dt: 1 / 1024, saveper: 1 })
      expect(relErr(run.at(c.stock, 10), c.exact(10))).toBeLessThan(1e-3)
    })
  }

  it('T2 S(4) = 25.2848 with RK4', () => {
    expect(simulate(cases[0].model, { method: 'rk4', dt: 1 / 16 }).at('S', 4)).toBeCloseTo(25.2848, 4)
  })
  it('T3 N(10) = 59.98596018 with RK4', () => {
    expect(simulate(cases[1].model, { method: 'rk4', dt: 1 / 64 }).at('N', 10)).toBeCloseTo(59.98596018, 7)
  })
  it('T7 A(10) = 812.80322122 with RK4', () => {
    expect(simulate(cases[2].model, { method: 'rk4', dt: 1 / 64 }).at('A', 10)).toBeCloseTo(812.80322122, 6)
  })
})

describe('observed order of convergence at t = 10', () => {
  // dts chosen in the asymptotic range: large enough that RK4 errors stay far above rounding.
  const methods = [
    { method: 'euler', factor: 2, dts: [1 / 8, 1 / 16, 1 / 32], band: [1.8, 2.2] },
    { method: 'rk2', factor: 4, dts: [1 / 8, 1 / 16, 1 / 32], band: [3.6, 4.4] },
    { method: 'rk4', factor: 16, dts: [1 / 4, 1 / 8, 1 / 16], band: [14, 18] },
  ] as const

  for (const c of cases) {
    for (const { method, factor, dts, band } of methods) {
      it(`${c.id}, ${method}: halving dt divides the error by ${factor}`, () => {
        const errors = dts.map((dt) => Math.abs(simulate(c.model, { method, dt }).at(c.stock, 10) - c.exact(10)))
        for (let j = 1; j < errors.length; j++) {
          const ratio = errors[j - 1] / errors[j]
          expect(ratio).toBeGreaterThan(band[0])
          expect(ratio).toBeLessThan(band[1])
        }
      })
    }
  }
})
