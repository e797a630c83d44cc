import { describe, expect, it } from 'vitest'
import { checkUnits, modelFromData } from '@stockflow/model'
import type { Issue } from '@stockflow/model'

/** An aux `Out` with `equation` and `units`, over parameters with the given units; time in years. */
async function check(equation: string, units: string | undefined): Promise<Issue[]> {
  const params = { cash: 'dollars/year', rate: '1/year', start: 'dollars', d: '1', x: 'people' }
  return checkUnits(
    modelFromData({
      name: 'npv',
      time: { start: 0, stop: 10, dt: 1, units: 'year' },
      elements: [
        { kind: 'aux', name: 'Out', equation, ...(units !== undefined ? { units } : {}) },
        ...Object.entries(params).map(([name, u]) => ({ kind: 'param', name, value: 1, units: u })),
      ],
    }),
  )
}

describe('units of NPV (Vensim: units, 1/time, units*time, dimensionless -> units*time)', () => {
  it('accumulates a rate into an amount', async () => {
    expect(await check('NPV(cash, rate)', 'dollars')).toEqual([])
    expect(await check('NPV(cash, rate, start, d)', 'dollars')).toEqual([])
    expect(await check('NPV(cash, 0.05, 0, 1)', 'dollars')).toEqual([])
  })

  it('names a discount rate, an initial value or a factor in the wrong units', async () => {
    expect((await check('NPV(cash, d)', undefined))[0]!.message).toMatch(/the discount rate of NPV "d" has units 1/)
    expect((await check('NPV(cash, rate, x)', undefined))[0]!.message).toMatch(
      /the initial value of NPV "x" has units people, not dollars/,
    )
    expect((await check('NPV(cash, rate, start, rate)', undefined))[0]!.message).toMatch(/the factor of NPV "rate"/)
    expect((await check('NPV(cash, rate)', 'dollars/year'))[0]!.message).toMatch(/dollars/)
  })
})
