import { StockflowError, aux, model, param, stock } from '@stockflow/model'
import { describe, expect, it } from 'vitest'
import { compile, prepareRun, simulate } from '../src/index.js'
import type { SimulateOptions } from '../src/index.js'
import sir from '../../../seeds/regional-sir/model.js'
import teacup from '../../../seeds/teacup/model.js'

const bits = (a: Float64Array) => Array.from(new BigUint64Array(a.buffer, a.byteOffset, a.length))

/** The outputs of `simulate` in the prepared run's layout: column after column. */
function simulated(compiled: ReturnType<typeof compile>, options: SimulateOptions): Float64Array {
  const run = simulate(compiled, options)
  const out = new Float64Array(run.series.length * run.times.length)
  run.series.forEach((s, j) => out.set(s.values, j * run.times.length))
  return out
}

/** The message of the StockflowError `f` throws. */
function messageOf(f: () => unknown): string {
  try {
    f()
  } catch (e) {
    if (e instanceof StockflowError) return e.message
    throw e
  }
  throw new Error('no error')
}

describe('prepareRun', () => {
  const compiled = compile(sir)

  it('gives the bits of simulate with the names added to set, per scenario and seed, at an offset', () => {
    const set = { 'Contact Rate': 0.2, 'Contact Rate[east]': 0.22, 'Recovery Duration': 6 }
    const names = ['Contact Rate[*]', 'Travel Share', 'Infected[south]']
    const vars = ['Infected', 'Total Infected', 'Infected[north]']
    const prepared = prepareRun(compiled, { method: 'rk4', set, names, vars, scenario: 'lockdown-north' })
    expect(prepared.vars).toEqual([
      'Infected[north]',
      'Infected[south]',
      'Infected[east]',
      'Total Infected',
      'Infected[north]',
    ])
    expect(prepared.rows).toBe(prepared.times.length)
    const width = prepared.vars.length * prepared.rows
    const out = new Float64Array(3 * width).fill(-1)
    const rows: [number[], string | undefined][] = [
      [[0.3, 0.1, 2], undefined],
      [[0.25, 0.02, 0], 'Distancing'],
      [[0.4, 0.5, 10], 'lockdown-north'],
    ]
    rows.forEach(([values, scenario], r) => {
      prepared.run(values, out, r * width, { seed: r + 1, ...(scenario ? { scenario } : {}) })
      const given = { ...set, 'Contact Rate[*]': values[0]!, 'Travel Share': values[1]!, 'Infected[south]': values[2]! }
      const want = simulated(compiled, {
        method: 'rk4',
        set: given,
        vars,
        seed: r + 1,
        scenario: scenario ?? 'lockdown-north',
      })
      expect(bits(out.subarray(r * width, (r + 1) * width))).toEqual(bits(want))
    })
    expect(prepared.times).toEqual(simulate(compiled, { method: 'rk4' }).times)
  })

  it('runs every output by default, Euler and the adaptive method, as simulate does', () => {
    for (const method of ['euler', 'adaptive'] as const) {
      const prepared = prepareRun(teacup, { method, names: ['Characteristic Time', 'Teacup Temperature'] })
      expect(prepared.vars).toEqual(compile(teacup).variables.map((v) => v.name))
      const out = new Float64Array(prepared.vars.length * prepared.rows)
      for (const tau of [5, 20]) {
        prepared.run([tau, 150], out)
        const want = simulated(compile(teacup), {
          method,
          set: { 'Characteristic Time': tau, 'Teacup Temperature': 150 },
        })
        expect(bits(out)).toEqual(bits(want))
      }
    }
  })

  it('starts each run afresh: DELAY FIXED buffers, SMOOTH stocks and random draws carry nothing over', () => {
    const m = model('delays', {
      time: { start: 0, stop: 6, dt: 0.5 },
      elements: [
        param('input', 1),
        param('lag', 2),
        stock('s', { initial: 0 }),
        aux('late', { equation: 'DELAY_FIXED(input * TIME + RANDOM(), lag, input)' }),
        aux('smooth', { equation: 'SMOOTH(late, lag)' }),
      ],
    })
    const prepared = prepareRun(m, { names: ['input', 'lag'], vars: ['late', 'smooth'] })
    const out = new Float64Array(prepared.vars.length * prepared.rows)
    for (const [input, lag, seed] of [
      [1, 2, 1],
      [3, 1, 2],
      [1, 2, 1],
    ] as const) {
      prepared.run([input, lag], out, 0, { seed })
      const want = simulated(compile(m), { set: { input, lag }, vars: ['late', 'smooth'], seed })
      expect(bits(out)).toEqual(bits(want))
    }
  })

  it('throws what simulate throws for a bad value, a NaN in the run or an unknown scenario, and leaves out alone', () => {
    const m = model('ratio', {
      time: { start: 0, stop: 4, dt: 1 },
      elements: [param('a', 1), param('b', 1), stock('s', { initial: 0 }), aux('r', { equation: 'a / b' })],
    })
    const prepared = prepareRun(m, { names: ['b', 'a'], vars: ['r'] })
    const out = new Float64Array(prepared.rows).fill(7)
    const fails = (values: number[], scenario?: string) =>
      messageOf(() => prepared.run(values, out, 0, scenario ? { scenario } : {}))
    expect(fails([0, 1])).toBe(messageOf(() => simulate(m, { set: { b: 0, a: 1 }, vars: ['r'] })))
    expect(fails([0, 1])).toMatch(/"r" became Infinity at time 0/)
    expect(fails([1, NaN])).toBe('cannot set "a" to NaN: not a number')
    expect(fails([1, 1], 'nope')).toBe(messageOf(() => simulate(m, { scenario: 'nope' })))
    expect(Array.from(out)).toEqual(Array(prepared.rows).fill(7))
    expect(messageOf(() => prepared.run([1], out))).toMatch(/takes 2 values, got 1/)
    expect(messageOf(() => prepared.run([1, 1], out, 1))).toMatch(/past the end of its buffer/)
    // onNonFinite: 'continue' writes the run as simulate keeps it.
    const going = prepareRun(m, { names: ['b'], vars: ['r'], onNonFinite: 'continue' })
    going.run([0], out)
    expect(Array.from(out)).toEqual(Array(prepared.rows).fill(Infinity))
  })

  it('refuses a mistake once, when prepared: a computed name, an unknown output or method', () => {
    expect(() => prepareRun(compiled, { names: ['Infecting[north]'] })).toThrow(/it is a flow computed by an equation/)
    expect(() => prepareRun(compiled, { vars: ['Infectd'] })).toThrow(/no variable "Infectd"/)
    expect(() => prepareRun(compiled, { method: 'leapfrog' as never })).toThrow(/unknown method "leapfrog"/)
  })
})
