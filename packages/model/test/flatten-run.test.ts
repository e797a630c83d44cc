import { describe, expect, it } from 'vitest'
import { flatten } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { AGE, arrayed } from './flatten-support.js'

const REGION2 = { name: 'Region', elements: ['north', 'south'] }

describe('a flat model runs', () => {
  it('a 2-D stock with per-element growth, evaluated by hand', () => {
    const m = {
      ...arrayed(
        [REGION2, AGE],
        [
          {
            kind: 'stock',
            name: 'Pop',
            dimensions: ['Region', 'Age'],
            initial: '10 * Region + Age',
            inflows: ['Births'],
            outflows: [],
          },
          { kind: 'flow', name: 'Births', dimensions: ['Region', 'Age'], equation: 'Pop * Growth[Region]' },
          {
            kind: 'param',
            name: 'Growth',
            dimensions: ['Region'],
            value: 0.5,
            perElement: [{ subscripts: ['north'], equation: '0.1' }],
          },
          {
            kind: 'aux',
            name: 'Young Share',
            dimensions: ['Region'],
            equation: 'Pop[Region, young] / (Pop[Region, young] + Pop[Region, old])',
          },
          { kind: 'aux', name: 'Old South', equation: 'Pop[south, 2]' },
        ],
      ),
      time: { start: 0, stop: 2, dt: 1, method: 'euler' as const },
    }
    const run = simulate(flatten(m))
    // Pop[r, a] starts at 10 r + a and grows by Growth[r] a step: north 10 %, south 50 %.
    expect([...run.get('Pop[north,young]')]).toEqual([11, 11 * 1.1, 11 * 1.1 * 1.1].map((v) => expect.closeTo(v, 12)))
    expect([...run.get('Pop[south,old]')]).toEqual([22, 33, 49.5])
    expect([...run.get('Births[south,young]')]).toEqual([10.5, 15.75, 23.625])
    expect(run.get('Young Share[north]')[0]).toBeCloseTo(11 / 23, 12)
    expect([...run.get('Old South')]).toEqual([22, 33, 49.5])
  })
})
