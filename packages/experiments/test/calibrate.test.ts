import { StockflowError, data, eq, flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { calibrate } from '../src/calibrate.js'
import type { Calibration } from '../src/calibrate.js'
import { readSeriesCsv } from '../src/data.js'
import type { SeriesTable } from '../src/data.js'
import { uniformStream } from '../src/rng.js'

/** Logistic growth: P' = r P (1 - P / K) from P(0) = 10. */
function logistic(): Model {
  const population = stock('Population', { initial: 10, units: 'people' })
  const rate = param('Growth Rate', 0.5, { units: '1/year' })
  const capacity = param('Carrying Capacity', 500, { units: 'people' })
  const births = flow('Net Births', {
    to: population,
    rate: eq`${rate} * ${population} * (1 - ${population} / ${capacity})`,
  })
  return model('logistic', {
    time: { start: 0, stop: 20, dt: 0.125, saveper: 1, method: 'rk4' },
    elements: [population, rate, capacity, births],
  })
}

/** SIR epidemic in a population of 10 000, with infected and recovered both observed. */
function sir(): Model {
  const susceptible = stock('Susceptible', { initial: 9990 })
  const infected = stock('Infected', { initial: 10 })
  const recovered = stock('Recovered', { initial: 0 })
  const contact = param('Contact Rate', 0.3)
  const duration = param('Recovery Time', 5)
  const infection = flow('Infection', {
    from: susceptible,
    to: infected,
    rate: eq`${contact} * ${susceptible} * ${infected} / 10000`,
  })
  const recovery = flow('Recovery', { from: infected, to: recovered, rate: eq`${infected} / ${duration}` })
  return model('sir', {
    time: { start: 0, stop: 100, dt: 0.25, method: 'rk4' },
    elements: [susceptible, infected, recovered, contact, duration, infection, recovery],
  })
}

/** Seeded standard normal draws (Box-Muller over the package's uniform stream). */
function gaussian(seed: number): () => number {
  const u = uniformStream(seed)
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u())
}

/** The model's own output at the given times, with Gaussian noise of standard deviation `sd`. */
function observe(
  m: Model,
  set: Record<string, number>,
  names: readonly string[],
  times: readonly number[],
  sd: (name: string) => number,
  seed = 7,
): SeriesTable {
  // Saved every step, as calibrate reads the model, so times between save points read alike.
  const run = simulate(m, { set, saveper: m.time.dt })
  const noise = gaussian(seed)
  return {
    file: 'observed.csv',
    series: names.map((name) => ({
      name,
      times: Float64Array.from(times),
      values: Float64Array.from(times, (t) => run.at(name, t) + sd(name) * noise()),
    })),
  }
}

const param_ = (c: Calibration, name: string) => c.parameters.find((p) => p.name === name)!
const years = Array.from({ length: 21 }, (_, i) => i)

describe('calibrate', () => {
  it('recovers the parameters of noiseless data to 1e-6', () => {
    const m = logistic()
    const truth = { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 2 }, 'Carrying Capacity': { min: 200, max: 5000, initial: 3000 } },
      data: observe(m, truth, ['Population'], years, () => 0),
    })
    expect(c.converged).toBe(true)
    expect(Math.abs(c.set['Growth Rate']! / 0.8 - 1)).toBeLessThan(1e-6)
    expect(Math.abs(c.set['Carrying Capacity']! / 1000 - 1)).toBeLessThan(1e-6)
  })

  it('recovers noisy logistic growth within its standard errors', () => {
    const m = logistic()
    const truth = { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }
    const c = calibrate(compile(m), {
      fit: { 'growth rate': { min: 0.1, max: 2, initial: 0.3 }, carrying_capacity: { min: 200, max: 5000 } },
      data: observe(m, truth, ['population'], years, () => 20),
    })
    for (const [name, value] of Object.entries(truth)) {
      const p = param_(c, name)
      expect(Math.abs(p.value - value)).toBeLessThan(3 * p.standardError)
      expect(value).toBeGreaterThan(p.ci95[0])
      expect(value).toBeLessThan(p.ci95[1])
    }
  })

  it('fits two series of an SIR model at once', () => {
    const m = sir()
    const truth = { 'Contact Rate': 0.5, 'Recovery Time': 4 }
    const c = calibrate(m, {
      fit: { 'Contact Rate': { min: 0.05, max: 2 }, 'Recovery Time': { min: 1, max: 20, initial: 10 } },
      data: observe(
        m,
        truth,
        ['Infected', 'Recovered'],
        Array.from({ length: 26 }, (_, i) => 4 * i),
        (n) => (n === 'Infected' ? 50 : 100),
      ),
    })
    for (const [name, value] of Object.entries(truth)) {
      const p = param_(c, name)
      expect(Math.abs(p.value - value)).toBeLessThan(3 * p.standardError)
    }
  })

  it('gives standard errors that match the scatter of the estimates (95% intervals cover the truth)', () => {
    const m = compile(logistic())
    const truth = [0.8, 1000]
    const fits = Array.from({ length: 100 }, (_, seed) =>
      calibrate(m, {
        fit: { 'Growth Rate': { min: 0.1, max: 2, initial: 0.3 }, 'Carrying Capacity': { min: 200, max: 5000 } },
        data: observe(
          m.model,
          { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 },
          ['Population'],
          years,
          () => 20,
          seed,
        ),
      }),
    )
    truth.forEach((value, j) => {
      const estimates = fits.map((c) => c.parameters[j]!.value)
      const mean = estimates.reduce((a, b) => a + b) / estimates.length
      const scatter = Math.sqrt(estimates.reduce((a, x) => a + (x - mean) ** 2, 0) / (estimates.length - 1))
      const se = fits.reduce((a, c) => a + c.parameters[j]!.standardError, 0) / fits.length
      const covered = fits.filter((c) => value > c.parameters[j]!.ci95[0] && value < c.parameters[j]!.ci95[1]).length
      expect(se / scatter).toBeGreaterThan(0.8)
      expect(se / scatter).toBeLessThan(1.25)
      expect(covered).toBeGreaterThanOrEqual(88)
    })
    expect(fits.every((c) => c.converged)).toBe(true)
  })

  it('reports fit per series: weights, RMSE, R², residuals at the data times', () => {
    const m = logistic()
    const table = observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }, ['Population'], years, () => 20)
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 2 }, 'Carrying Capacity': { min: 200, max: 5000 } },
      data: table,
    })
    const fit = c.series[0]!
    const obs = table.series[0]!.values
    const mean = obs.reduce((a, b) => a + b) / obs.length
    const variance = obs.reduce((a, v) => a + (v - mean) ** 2, 0) / (obs.length - 1)
    expect(fit).toMatchObject({ name: 'Population', variable: 'Population' })
    expect(fit.weight).toBeCloseTo(1 / variance, 15)
    expect([...fit.times]).toEqual(years)
    expect([...fit.observed]).toEqual([...obs])
    const run = simulate(m, { set: c.set })
    fit.times.forEach((t, i) => {
      expect(fit.simulated[i]).toBeCloseTo(run.at('Population', t), 9)
      expect(fit.residuals[i]).toBeCloseTo(obs[i]! - fit.simulated[i]!, 12)
    })
    const ssRes = fit.residuals.reduce((a, r) => a + r * r, 0)
    expect(fit.rmse).toBeCloseTo(Math.sqrt(ssRes / 21), 12)
    expect(fit.r2).toBeCloseTo(1 - ssRes / (variance * 20), 12)
    expect(c.sse).toBeCloseTo(ssRes * fit.weight, 12)
    // The noise was 20 people; the fit's scatter should be about that.
    expect(fit.rmse).toBeGreaterThan(12)
    expect(fit.rmse).toBeLessThan(28)
    expect(c.observations).toBe(21)
    expect(c.evaluations).toBeGreaterThan(c.iterations)
    expect(c.warnings).toEqual([])
  })

  it('reads the run between save points at data times off the grid', () => {
    const m = logistic()
    const times = [0.3, 2.9, 5.55, 7.01, 11.4, 19.99]
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 2 }, 'Carrying Capacity': { min: 200, max: 5000 } },
      data: observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }, ['Population'], times, () => 0),
    })
    // Both read the steps of 0.125 linearly between them, so the fit is exact again.
    expect(Math.abs(c.set['Growth Rate']! / 0.8 - 1)).toBeLessThan(1e-6)
    expect(Math.abs(c.set['Carrying Capacity']! / 1000 - 1)).toBeLessThan(1e-6)
    expect(c.series[0]!.rmse).toBeLessThan(1e-6)
  })

  it('fits a model driven by a data variable, with a stock initial value among the parameters', () => {
    // Shipments arrive as observed; inventory drains with a dwell time; both read from one CSV.
    const csv = [
      'time,Shipments,Inventory',
      '0,100,',
      '2,140,',
      '4,90,',
      '6,160,',
      '8,120,',
      '10,130,',
      '12,80,',
      '14,110,',
      '16,150,',
      '18,100,',
      '20,100,',
    ]
    const shipments = readSeriesCsv(csv.join('\n'), 'observed.csv').series[0]!
    const build = () => {
      const inflow = data('Shipments', shipments, { units: 'pallet/day' })
      const inventory = stock('Inventory', { initial: 300, units: 'pallet' })
      const dwell = param('Dwell Time', 2, { units: 'day' })
      const receiving = flow('Receiving', { to: inventory, rate: eq`${inflow}` })
      const dispatch = flow('Dispatch', { from: inventory, rate: eq`${inventory} / ${dwell}` })
      return model('warehouse', {
        time: { start: 0, stop: 20, dt: 0.0625, method: 'rk4' },
        elements: [inflow, inventory, dwell, receiving, dispatch],
      })
    }
    const m = build()
    const truth = { 'Dwell Time': 3.5, Inventory: 800 }
    const run = simulate(m, { set: truth })
    // The data variable reads the series linearly in time.
    expect(run.at('Shipments', 3)).toBeCloseTo(115, 12)
    const noise = gaussian(11)
    const rows = csv.map((line, i) =>
      i === 0 ? line : `${line}${(run.at('Inventory', Number(line.split(',')[0])) + 5 * noise()).toPrecision(8)}`,
    )
    const c = calibrate(m, {
      fit: { 'Dwell Time': { min: 0.5, max: 10 }, Inventory: { min: 0, max: 2000, initial: 100 } },
      data: { file: 'observed.csv', series: readSeriesCsv(rows.join('\n'), 'observed.csv').series.slice(1) },
    })
    for (const [name, value] of Object.entries(truth)) {
      const p = param_(c, name)
      expect(Math.abs(p.value - value)).toBeLessThan(3 * p.standardError)
      expect(p.standardError).toBeLessThan(0.05 * value)
    }
    expect(c.series.map((s) => s.variable)).toEqual(['Inventory'])
  })

  it('names parameters the data cannot tell apart, instead of giving NaN', () => {
    const x = stock('x', { initial: 1 })
    const a = param('a', 0.1)
    const b = param('b', 1)
    const unused = param('Unused', 3)
    const growth = flow('growth', { to: x, rate: eq`${a} * ${b} * ${x}` })
    const m = model('product', { time: { start: 0, stop: 10, dt: 0.25 }, elements: [x, a, b, unused, growth] })
    const c = calibrate(m, {
      fit: { a: { min: 0.01, max: 1 }, b: { min: 0.5, max: 2 }, Unused: { min: 0, max: 10 } },
      data: observe(m, { a: 0.2, b: 1 }, ['x'], years.slice(0, 11), () => 0.05),
    })
    expect(c.parameters.map((p) => p.identifiable)).toEqual([false, false, false])
    for (const p of c.parameters) {
      expect(p.standardError).toBe(Infinity)
      expect(p.ci95).toEqual([-Infinity, Infinity])
    }
    // The product is what the data knows.
    expect(c.set.a! * c.set.b!).toBeCloseTo(0.2, 2)
    expect(c.warnings).toContain('"Unused" changes none of the fitted series; the data cannot estimate it')
    expect(c.warnings.some((w) => w.startsWith('"a" and "b" are not identifiable from this data'))).toBe(true)
  })

  it('flags an optimum on a bound', () => {
    const m = logistic()
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 0.6 }, 'Carrying Capacity': { min: 200, max: 5000 } },
      data: observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }, ['Population'], years, () => 20),
    })
    expect(param_(c, 'Growth Rate')).toMatchObject({ value: 0.6, atBound: 'max' })
    expect(param_(c, 'Carrying Capacity').atBound).toBeUndefined()
    expect(c.warnings[0]).toMatch(/^"Growth Rate" ended at its max 0.6: the best fit may lie outside the range/)
  })

  it('steps back from parameter values where the model gives NaN', () => {
    // SQRT of a negative number is NaN: below 0.5 the model cannot run.
    const x = stock('x', { initial: 0 })
    const a = param('a', 1)
    const inflow = flow('inflow', { to: x, rate: eq`10 * SQRT(${a} - 0.5)` })
    const m = model('root', { time: { start: 0, stop: 10, dt: 0.5 }, elements: [x, a, inflow] })
    const c = calibrate(m, {
      fit: { a: { min: 0, max: 40, initial: 0.6 } },
      data: observe(m, { a: 30 }, ['x'], years.slice(0, 11), () => 0),
    })
    expect(c.set.a).toBeCloseTo(30, 6)
    expect(c.converged).toBe(true)
    expect(() =>
      calibrate(m, {
        fit: { a: { min: 0, max: 1, initial: 0.2 } },
        data: observe(m, { a: 30 }, ['x'], [1, 2], () => 0),
      }),
    ).toThrow(
      'model "root" gives NaN or infinite values for the initial parameters (a=0.2); pick other initial values or ranges',
    )
  })

  it('says when it stopped before converging', () => {
    const m = logistic()
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 2, initial: 0.2 }, 'Carrying Capacity': { min: 200, max: 5000 } },
      data: observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 1000 }, ['Population'], years, () => 20),
      maxIterations: 2,
    })
    expect(c).toMatchObject({ iterations: 2, converged: false })
    expect(c.warnings.at(-1)).toMatch(/^stopped after 2 iterations without converging/)
  })

  it('counts the steps taken apart from the iterations; a refused step at a bound costs no run', () => {
    const m = logistic()
    // The best rate lies above the range, so steps toward it are clamped back to the point already run.
    const c = calibrate(m, {
      fit: { 'Growth Rate': { min: 0.1, max: 0.6 } },
      data: observe(m, { 'Growth Rate': 0.8, 'Carrying Capacity': 500 }, ['Population'], years, () => 0),
    })
    expect(c.converged).toBe(true)
    expect(c.set['Growth Rate']).toBe(0.6)
    expect(c.steps).toBeGreaterThan(0)
    expect(c.steps).toBeLessThan(c.iterations)
    expect(c.evaluations).toBeLessThan(c.iterations)
  })

  it('honours given weights, a scenario and run settings', () => {
    const m: Model = { ...sir(), scenarios: [{ id: 'Slow', set: { 'Recovery Time': 8 } }] }
    const times = [0, 10, 20, 30, 40]
    const truth = { 'Contact Rate': 0.5, 'Recovery Time': 8 }
    const table = observe(m, truth, ['Infected', 'Recovered'], times, () => 0)
    const c = calibrate(m, {
      fit: { 'Contact Rate': { min: 0.05, max: 2 } },
      data: table,
      weights: { infected: 2, RECOVERED: 0.5 },
      scenario: 'slow',
      stop: 40,
      dt: 0.125,
    })
    expect(c.series.map((s) => s.weight)).toEqual([2, 0.5])
    // The data were made with dt 0.25; fitted with dt 0.125 they are off by the integration error only.
    expect(c.set['Contact Rate']).toBeCloseTo(0.5, 4)
    expect(c.series[0]!.times.length + c.series[1]!.times.length).toBe(c.observations)
  })

  it('refuses what it cannot match, naming it', () => {
    const m = logistic()
    const table = observe(m, {}, ['Population'], [0, 1, 2, 3], () => 0)
    const fit = { 'Growth Rate': { min: 0.1, max: 2 } }
    const refuse = (f: () => unknown, message: string | RegExp) => {
      expect(f).toThrow(StockflowError)
      expect(f).toThrow(message)
    }
    refuse(
      () =>
        calibrate(m, { fit, data: { file: 'observed.csv', series: [{ ...table.series[0]!, name: 'Popluation' }] } }),
      'observed.csv: series "Popluation" matches no variable of model "logistic"; did you mean "Population"?',
    )
    refuse(
      () => calibrate(m, { fit, data: { series: [{ ...table.series[0]!, name: 'Revenue' }] } }),
      'series "Revenue" matches no variable of model "logistic"; name the column after the variable it observes',
    )
    refuse(
      () => calibrate(m, { fit: { 'Growth Rat': { min: 0, max: 1 } }, data: table }),
      'calibrate: model "logistic" has no parameter "Growth Rat"; did you mean "Growth Rate"?',
    )
    refuse(
      () => calibrate(m, { fit: { 'Net Births': { min: 0, max: 1 } }, data: table }),
      'calibrate: "Net Births" is a flow computed by an equation',
    )
    refuse(
      () => calibrate(m, { fit: { 'Growth Rate': { min: 1, max: 1 } }, data: table }),
      'calibrate: "Growth Rate" needs a finite range with min < max, got [1, 1]',
    )
    refuse(
      () => calibrate(m, { fit: { 'Growth Rate': { min: 0, max: 1, initial: 2 } }, data: table }),
      'calibrate: the initial value 2 of "Growth Rate" is outside [0, 1]',
    )
    refuse(() => calibrate(m, { fit: {}, data: table }), 'calibrate: name at least one parameter to fit')
    refuse(
      () => calibrate(m, { fit, data: table, weights: { Populaton: 1 } }),
      'observed.csv: a weight is given for "Populaton", which is not a series of the data; did you mean "Population"?',
    )
    refuse(
      () => calibrate(m, { fit, data: table, stop: 2 }),
      `observed.csv: series "Population" has data at time 3, after the run's stop 2; drop those rows or change start/stop`,
    )
    refuse(
      () =>
        calibrate(m, {
          fit: { ...fit, 'Carrying Capacity': { min: 1, max: 1e4 } },
          data: {
            file: 'observed.csv',
            series: [{ name: 'Population', times: Float64Array.of(1, 2), values: Float64Array.of(1, 2) }],
          },
        }),
      'observed.csv: fitting 2 parameters needs more than 2 observations; the data has 2',
    )
  })
})
