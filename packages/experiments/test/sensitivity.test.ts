import { aux, eq, model, param } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { normal, sensitivity, uniform } from '../src/index.js'

/** y = a + 2 b + 0 c: with a, b, c uniform on [0, 1], S_a = 1/5, S_b = 4/5, S_c = 0 (first = total). */
function linear() {
  const a = param('a', 0.5)
  const b = param('b', 0.5)
  const c = param('c', 0.5)
  const y = aux('y', { equation: eq`${a} + 2 * ${b} + 0 * ${c}` })
  return model('linear', { time: { start: 0, stop: 1, dt: 1 }, elements: [a, b, c, y] })
}
const vary = { a: uniform(0, 1), b: uniform(0, 1), c: uniform(0, 1) }

describe('sensitivity of a model output', () => {
  it('Sobol indices of a linear output match c_i^2 / sum c^2, largest first', async () => {
    const s = await sensitivity(linear(), { vary, output: 'y', runs: 2048, seed: 3 })
    expect(s.runs).toBe(2048 * 5)
    expect(s.inputs.map((i) => i.name)).toEqual(['b', 'a', 'c'])
    const [b, a, c] = s.inputs
    expect(b!.first!).toBeCloseTo(0.8, 1)
    expect(b!.total!).toBeCloseTo(0.8, 1)
    expect(a!.first!).toBeCloseTo(0.2, 1)
    expect(a!.total!).toBeCloseTo(0.2, 1)
    expect(Math.abs(c!.total!)).toBeLessThan(1e-12)
    expect(s.variance).toBeCloseTo(5 / 12, 1)
  })

  it('Morris elementary effects of a linear output are its coefficients times the ranges, with no spread', async () => {
    const s = await sensitivity(linear(), {
      vary: { a: uniform(0, 1), b: uniform(0, 3), c: normal(0, 1) },
      output: 'y',
      analysis: 'morris',
      runs: 10,
    })
    expect(s.runs).toBe(10 * 4)
    const byName = Object.fromEntries(s.inputs.map((i) => [i.name, i]))
    expect(byName.a!.muStar).toBeCloseTo(1, 12)
    expect(byName.b!.muStar).toBeCloseTo(6, 12)
    expect(byName.b!.sigma).toBeCloseTo(0, 12)
    expect(byName.c!.muStar).toBe(0)
  })

  it('says which runs failed instead of returning indices from a partial sample', async () => {
    const a = param('a', 1)
    const y = aux('y', { equation: eq`LN(${a})` })
    const m = model('log', { time: { start: 0, stop: 1, dt: 1 }, elements: [a, y] })
    await expect(sensitivity(m, { vary: { a: uniform(-1, 1) }, output: 'y', runs: 16 })).rejects.toThrow(
      /runs failed .* narrow the ranges/,
    )
  })
})
