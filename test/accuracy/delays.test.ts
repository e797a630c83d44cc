// T4–T6: built-in smooths and delays against closed-form step, ramp and impulse responses, and their initialisation.
import { aux, model } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { simulate } from '@stockflow/solver'
import { describe, expect, it } from 'vitest'
import { erlangImpulse, erlangStep, eulerChainImpulse, relErr } from './models.js'

/** A model of auxiliaries only: each `[name, equation]` becomes one aux (delays add internal stocks). */
function auxModel(time: { start: number; stop: number; dt: number }, equations: Record<string, string>): Model {
  return model('delays', {
    time,
    elements: Object.entries(equations).map(([name, equation]) => aux(name, { equation })),
  })
}

const step3 = (t: number, d: number) => {
  const x = (3 * t) / d
  return 1 - Math.exp(-x) * (1 + x + (x * x) / 2)
}

describe('T4 first-order smooth and delay', () => {
  const tau = 4
  const rampExact = (t: number) => t - tau * (1 - Math.exp(-t / tau))

  it('the ramp check value y(10) = 6.32833999', () => expect(rampExact(10)).toBeCloseTo(6.32833999, 8))

  it('SMTH1 and DELAY1 of a ramp lag it by τ: y = t − τ(1 − e^(−t/τ))', () => {
    const m = auxModel(
      { start: 0, stop: 20, dt: 1 / 32 },
      { x: 'RAMP(1, 0)', smoothed: 'SMTH1(x, 4)', delayed: 'DELAY1(x, 4)' },
    )
    const run = simulate(m, { method: 'rk4', saveper: 0.5 })
    run.times.forEach((t, i) => {
      expect(Math.abs(run.get('smoothed')[i] - rampExact(t))).toBeLessThan(1e-9)
      expect(Math.abs(run.get('delayed')[i] - rampExact(t))).toBeLessThan(1e-9)
    })
    expect(run.at('smoothed', 10)).toBeCloseTo(6.32833999, 8)
    // The steady lag is τ: the gap x − y approaches it as e^(−t/τ) dies out.
    expect(run.at('x', 20) - run.at('smoothed', 20)).toBeCloseTo(tau * (1 - Math.exp(-5)), 9)
  })

  it('unit step from zero (explicit initial value 0): 1 − e^(−t/τ)', () => {
    const m = auxModel({ start: 0, stop: 20, dt: 1 / 32 }, { smoothed: 'SMTH1(1, 4, 0)', delayed: 'DELAY1(1, 4, 0)' })
    const run = simulate(m, { method: 'rk4', saveper: 0.5 })
    run.times.forEach((t, i) => {
      expect(Math.abs(run.get('smoothed')[i] - (1 - Math.exp(-t / tau)))).toBeLessThan(1e-10)
      expect(Math.abs(run.get('delayed')[i] - (1 - Math.exp(-t / tau)))).toBeLessThan(1e-10)
    })
  })
})

describe('T5 third-order smooth and delay', () => {
  const D = 6

  it('the check values step(6) = 0.5768099189 and impulse(6) = 0.1120209038', () => {
    expect(step3(6, D)).toBeCloseTo(0.5768099189, 10)
    expect(erlangStep(6, 3, D)).toBeCloseTo(0.5768099189, 10)
    expect(erlangImpulse(6, 3, D)).toBeCloseTo(0.1120209038, 10)
  })

  it('SMTH3 and DELAY3 unit-step responses: 1 − e^(−3t/D)(1 + 3t/D + (3t/D)²/2)', () => {
    const m = auxModel({ start: 0, stop: 30, dt: 1 / 32 }, { smoothed: 'SMTH3(1, 6, 0)', delayed: 'DELAY3(1, 6, 0)' })
    const run = simulate(m, { method: 'rk4', saveper: 0.5 })
    run.times.forEach((t, i) => {
      expect(Math.abs(run.get('smoothed')[i] - step3(t, D))).toBeLessThan(1e-9)
      expect(Math.abs(run.get('delayed')[i] - step3(t, D))).toBeLessThan(1e-9)
    })
    expect(run.at('smoothed', 6)).toBeCloseTo(0.5768099189, 9)
    expect(run.at('delayed', 6)).toBeCloseTo(0.5768099189, 9)
  })

  it('the internal stages converge at the method’s order (RK4: error / 16 per halving)', () => {
    const m = auxModel({ start: 0, stop: 6, dt: 1 }, { delayed: 'DELAY3(1, 6, 0)' })
    const errors = [1 / 2, 1 / 4, 1 / 8].map((dt) =>
      Math.abs(simulate(m, { method: 'rk4', dt }).at('delayed', 6) - step3(6, D)),
    )
    for (let j = 1; j < errors.length; j++) {
      expect(errors[j - 1] / errors[j]).toBeGreaterThan(14)
      expect(errors[j - 1] / errors[j]).toBeLessThan(18)
    }
  })

  // Only Euler turns PULSE(1, 0) into an exact unit into stage 1 (RK2/RK4 weight it by their stages: 1/2, 5/6).
  it('DELAY3 impulse response under Euler equals the discrete chain exactly', () => {
    const h = 1 / 16
    const m = auxModel({ start: 0, stop: 30, dt: h }, { out: 'DELAY3(PULSE(1, 0), 6, 0)' })
    const out = simulate(m, { method: 'euler' }).get('out')
    for (let i = 0; i < out.length; i++) {
      const expected = eulerChainImpulse(i, 3, D, h)
      if (expected === 0) expect(out[i]).toBe(0)
      else expect(relErr(out[i], expected)).toBeLessThan(1e-12)
    }
  })

  it('DELAY3 impulse response converges to Erlang-3: impulse(6) = 0.1120209038', () => {
    const at6 = (h: number) =>
      simulate(auxModel({ start: 0, stop: 6, dt: h }, { out: 'DELAY3(PULSE(1, 0), 6, 0)' }), { method: 'euler' }).at(
        'out',
        6,
      )
    const coarse = at6(1 / 256)
    const fine = at6(1 / 512)
    expect(Math.abs(fine - 0.1120209038)).toBeLessThan(2e-4)
    // Euler's error is O(h): Richardson extrapolation removes it.
    expect(Math.abs(2 * fine - coarse - 0.1120209038)).toBeLessThan(1e-6)
  })

  it('DELAY3 conserves the pulse: total output 1, mean delay D', () => {
    const h = 1 / 16
    const m = auxModel({ start: 0, stop: 400, dt: h }, { out: 'DELAY3(PULSE(1, 0), 6, 0)' })
    const run = simulate(m, { method: 'euler' })
    const out = run.get('out')
    let mass = 0
    let mean = 0
    out.forEach((y, i) => {
      mass += h * y
      mean += h * y * run.times[i]
    })
    expect(mass).toBeCloseTo(1, 12)
    expect(mean).toBeCloseTo(D, 10)
  })
})

describe('equilibrium initialisation: a constant input gives a constant output from t = 0', () => {
  const equations = {
    base: '2.5',
    x: '2 * base',
    s1: 'SMTH1(x, 4)',
    s3: 'SMTH3(x, 6)',
    sn: 'SMTHN(x, 6, 5)',
    d1: 'DELAY1(x, 4)',
    d3: 'DELAY3(x, 6)',
    dn: 'DELAYN(x, 6, 5)',
    df: 'DELAY_FIXED(x, 3, x)',
  }
  const names = ['s1', 's3', 'sn', 'd1', 'd3', 'dn', 'df'] as const

  for (const method of ['euler', 'rk2', 'rk4'] as const) {
    it(`${method}: every smooth and delay of x = 5 stays at 5`, () => {
      const run = simulate(auxModel({ start: 0, stop: 20, dt: 0.25 }, equations), { method })
      for (const name of names) for (const y of run.get(name)) expect(y).toBeCloseTo(5, 12)
    })
  }

  it('adaptive: every smooth and material delay of x = 5 stays at 5', () => {
    const { df: _df, ...continuous } = equations
    const run = simulate(auxModel({ start: 0, stop: 20, dt: 0.25 }, continuous), { method: 'adaptive' })
    for (const name of names.filter((n) => n !== 'df')) for (const y of run.get(name)) expect(y).toBeCloseTo(5, 12)
  })

  it('DELAY3 stays at the input until the input moves (x = 5 + RAMP(1, 3))', () => {
    const m = auxModel({ start: 0, stop: 10, dt: 0.125 }, { x: '5 + RAMP(1, 3)', d3: 'DELAY3(x, 6)' })
    const run = simulate(m, { method: 'rk4' })
    run.times.forEach((t, i) => {
      if (t <= 3) expect(run.get('d3')[i]).toBeCloseTo(5, 12)
    })
    expect(run.at('d3', 10)).toBeGreaterThan(5)
  })

  it('an explicit initial value starts the output there', () => {
    const m = auxModel({ start: 0, stop: 10, dt: 1 / 16 }, { d3: 'DELAY3(1, 6, 2)', s3: 'SMTH3(1, 6, 2)' })
    const run = simulate(m, { method: 'rk4' })
    expect(run.get('d3')[0]).toBeCloseTo(2, 12)
    expect(run.get('s3')[0]).toBeCloseTo(2, 12)
    // Linearity: the response is the equilibrium at 2 plus a step of −1.
    run.times.forEach((t, i) => {
      expect(run.get('d3')[i]).toBeCloseTo(2 - step3(t, 6), 7)
      expect(run.get('s3')[i]).toBeCloseTo(2 - step3(t, 6), 7)
    })
  })
})

describe('T6 n-stage chains and the fixed delay', () => {
  const D = 6

  for (const n of [1, 2, 5, 10]) {
    it(`DELAYN and SMTHN with ${n} stages: unit step gives the Erlang-${n} CDF`, () => {
      const m = auxModel(
        { start: 0, stop: 30, dt: 1 / 32 },
        { delayed: `DELAYN(1, 6, ${n}, 0)`, smoothed: `SMTHN(1, 6, ${n}, 0)` },
      )
      const run = simulate(m, { method: 'rk4', saveper: 0.5 })
      run.times.forEach((t, i) => {
        expect(Math.abs(run.get('delayed')[i] - erlangStep(t, n, D))).toBeLessThan(1e-8)
        expect(Math.abs(run.get('smoothed')[i] - erlangStep(t, n, D))).toBeLessThan(1e-8)
      })
    })

    it(`DELAYN with ${n} stages, Euler impulse: discrete chain, mass 1, mean D, variance D²(1 − nh/D)/n`, () => {
      const h = 1 / 8
      const m = auxModel({ start: 0, stop: 400, dt: h }, { out: `DELAYN(PULSE(1, 0), 6, ${n}, 0)` })
      const run = simulate(m, { method: 'euler' })
      const out = run.get('out')
      let mass = 0
      let mean = 0
      let second = 0
      out.forEach((y, i) => {
        const t = run.times[i]
        const expected = eulerChainImpulse(i, n, D, h)
        // Far in the tail the values become subnormal and lose digits, so compare above 1e-250 only.
        if (expected > 1e-250) expect(relErr(y, expected)).toBeLessThan(1e-12)
        mass += h * y
        mean += h * y * t
        second += h * y * t * t
      })
      expect(mass).toBeCloseTo(1, 12)
      expect(mean).toBeCloseTo(D, 9)
      expect(second - mean * mean).toBeCloseTo(((D * D) / n) * (1 - (n * h) / D), 8)
    })
  }

  it('Erlang-n impulse responses from RK4 step responses: variance D²/n', () => {
    // Mean and variance from the step response: ∫(1 − F)dt = D and 2∫t(1 − F)dt − D² = D²/n.
    for (const n of [2, 6]) {
      const h = 1 / 32
      const run = simulate(auxModel({ start: 0, stop: 200, dt: h }, { y: `DELAYN(1, 6, ${n}, 0)` }), { method: 'rk4' })
      let m1 = 0
      let m2 = 0
      const y = run.get('y')
      for (let i = 0; i + 1 < y.length; i++) {
        const t = run.times[i]
        // Trapezoid rule on the survival function 1 − F.
        m1 += (h * (1 - y[i] + 1 - y[i + 1])) / 2
        m2 += (h * (t * (1 - y[i]) + (t + h) * (1 - y[i + 1]))) / 2
      }
      expect(m1).toBeCloseTo(D, 4)
      expect(2 * m2 - m1 * m1).toBeCloseTo((D * D) / n, 3)
    }
  })

  for (const method of ['euler', 'rk2', 'rk4'] as const) {
    it(`DELAY_FIXED (${method}) is an exact pipeline: out(t) = in(t − D), init before D`, () => {
      const m = auxModel({ start: 0, stop: 20, dt: 0.25 }, { x: 'SIN(TIME) + TIME', y: 'DELAY_FIXED(x, 2.5, -7)' })
      const run = simulate(m, { method })
      run.times.forEach((t, i) => {
        const expected = t < 2.5 - 1e-9 ? -7 : Math.sin(t - 2.5) + (t - 2.5)
        expect(Math.abs(run.get('y')[i] - expected)).toBeLessThan(1e-12)
      })
    })
  }

  it('DELAYN tends to the pipeline as n grows: the lag error halves when n doubles', () => {
    // For x = sin(ωt) the chain's phase and gain errors are O((ωD)²/n).
    const error = (n: number) => {
      const m = auxModel({ start: 0, stop: 120, dt: 1 / 16 }, { x: 'SIN(0.2 * TIME)', y: `DELAYN(x, 6, ${n})` })
      const run = simulate(m, { method: 'rk4', saveper: 0.25 })
      let worst = 0
      run.times.forEach((t, i) => {
        if (t >= 60) worst = Math.max(worst, Math.abs(run.get('y')[i] - Math.sin(0.2 * (t - 6))))
      })
      return worst
    }
    const e20 = error(20)
    const e40 = error(40)
    expect(e20 / e40).toBeGreaterThan(1.7)
    expect(e20 / e40).toBeLessThan(2.3)
    expect(e40).toBeLessThan(0.05)
  })

  it('the adaptive method refuses DELAY_FIXED with a clear message', () => {
    const m = auxModel({ start: 0, stop: 10, dt: 0.25 }, { x: 'TIME', y: 'DELAY_FIXED(x, 2, 0)' })
    expect(() => simulate(m, { method: 'adaptive' })).toThrow(/DELAY FIXED/)
  })
})
