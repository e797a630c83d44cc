// The accuracy test models T1..T11 (from the involution model's written specification) and their closed
// forms, shared by the accuracy tests.
import { aux, flow, model, param, stock } from '@stockflow/model'
import type { Model, TimeSpec } from '@stockflow/model'

/** Relative error of `actual` against a non-zero `expected`. */
export function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected)
}

/** Binomial coefficient C(n, k) as a double (exact for the small n used here). */
export function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0
  let c = 1
  for (let j = 1; j <= k; j++) c = (c * (n - k + j)) / j
  return c
}

export function factorial(n: number): number {
  let f = 1
  for (let j = 2; j <= n; j++) f *= j
  return f
}

/** T1: S' = g·S. */
export function exponential(time: TimeSpec, g = 0.1, s0 = 1): Model {
  const s = stock('S', { initial: s0 })
  return model('T1 exponential', {
    time,
    elements: [s, param('g', g), flow('growth', { to: s, rate: 'g * S' })],
  })
}

/** T2: S' = a − S/τ (inflow a, outflow S/τ). */
export function bathtub(time: TimeSpec, a = 10, tau = 4, s0 = 0): Model {
  const s = stock('S', { initial: s0 })
  return model('T2 bathtub', {
    time,
    elements: [
      s,
      param('a', a),
      param('tau', tau),
      flow('inflow', { to: s, rate: 'a' }),
      flow('outflow', { from: s, rate: 'S / tau' }),
    ],
  })
}

export const bathtubExact = (t: number, a = 10, tau = 4, s0 = 0): number =>
  a * tau + (s0 - a * tau) * Math.exp(-t / tau)

/** T3: N' = r·N·(1 − N/K). */
export function logistic(time: TimeSpec, r = 0.5, k = 100, n0 = 1): Model {
  const n = stock('N', { initial: n0 })
  return model('T3 logistic', {
    time,
    elements: [n, param('r', r), param('K', k), flow('births', { to: n, rate: 'r * N * (1 - N / K)' })],
  })
}

export const logisticExact = (t: number, r = 0.5, k = 100, n0 = 1): number =>
  k / (1 + ((k - n0) / n0) * Math.exp(-r * t))

/** T7: A' = (p + q·A/M)(M − A). */
export function bass(time: TimeSpec, m = 1000, p = 0.03, q = 0.38): Model {
  const a = stock('A', { initial: 0 })
  return model('T7 Bass', {
    time,
    elements: [
      a,
      param('M', m),
      param('p', p),
      param('q', q),
      flow('adoption', { to: a, rate: '(p + q * A / M) * (M - A)' }),
    ],
  })
}

export function bassExact(t: number, m = 1000, p = 0.03, q = 0.38): number {
  const e = Math.exp(-(p + q) * t)
  return (m * (1 - e)) / (1 + (q / p) * e)
}

/** T8: x' = vel, vel' = −ω²x, with the energy E = vel²/2 + ω²x²/2 as an auxiliary. */
export function oscillator(time: TimeSpec, omega = 1, x0 = 1, v0 = 0): Model {
  const x = stock('x', { initial: x0 })
  const vel = stock('vel', { initial: v0 })
  return model('T8 oscillator', {
    time,
    elements: [
      x,
      vel,
      param('omega', omega),
      flow('move', { to: x, rate: 'vel' }),
      flow('restore', { from: vel, rate: 'omega^2 * x' }),
      aux('E', { equation: 'vel^2 / 2 + omega^2 * x^2 / 2' }),
    ],
  })
}

/** T9: Goodwin growth cycle as Lotka–Volterra, with its first integral H as an auxiliary. */
export function goodwin(time: TimeSpec): Model {
  const u = stock('u', { initial: 0.88 })
  const v = stock('v', { initial: 0.9 })
  return model('T9 Goodwin', {
    time,
    elements: [
      u,
      v,
      param('sigma', 3),
      param('alpha', 0.02),
      param('beta', 0.01),
      param('gamma', 0.5),
      param('rho', 0.56),
      aux('a', { equation: '1 / sigma - (alpha + beta)' }),
      aux('c', { equation: 'gamma + alpha' }),
      flow('wage_change', { to: u, rate: 'u * (-c + rho * v)' }),
      flow('employment_change', { to: v, rate: 'v * (a - u / sigma)' }),
      aux('H', { equation: 'rho * v - c * LN(v) + u / sigma - a * LN(u)' }),
    ],
  })
}

export const GOODWIN = { a: 1 / 3 - 0.03, c: 0.52, rho: 0.56, H: 0.890896924167 }

/** T10: SIR with the total N and the first integral I + S − (γ/β)·ln S as auxiliaries. */
export function sir(time: TimeSpec): Model {
  const s = stock('S', { initial: 990 })
  const i = stock('I', { initial: 10 })
  const r = stock('R', { initial: 0 })
  return model('T10 SIR', {
    time,
    elements: [
      s,
      i,
      r,
      param('beta', 5e-4),
      param('gamma', 0.25),
      flow('infection', { from: s, to: i, rate: 'beta * S * I' }),
      flow('recovery', { from: i, to: r, rate: 'gamma * I' }),
      aux('total', { equation: 'S + I + R' }),
      aux('invariant', { equation: 'I + S - (gamma / beta) * LN(S)' }),
    ],
  })
}

/** T11: Keen's Minsky model as reduced by Grasselli & Costa Lima (2012), parameters of `keen.m`. */
export function keen(time: TimeSpec, omega0 = 0.75, lambda0 = 0.75, d0 = 0.1): Model {
  const w = stock('omega', { initial: omega0 })
  const l = stock('lambda', { initial: lambda0 })
  const d = stock('d', { initial: d0 })
  return model('T11 Keen', {
    time,
    elements: [
      w,
      l,
      d,
      param('nu', 3),
      param('alpha', 0.025),
      param('beta', 0.02),
      param('delta', 0.01),
      param('r', 0.03),
      param('phi0', 0.04 / (1 - 0.04 ** 2)),
      param('phi1', 0.04 ** 3 / (1 - 0.04 ** 2)),
      param('kappa0', -0.0065),
      param('kappa1', Math.exp(-5)),
      param('kappa2', 20),
      aux('profit_share', { equation: '1 - omega - r * d' }),
      aux('phillips', { equation: 'phi1 / (1 - lambda)^2 - phi0' }),
      aux('investment', { equation: 'kappa0 + kappa1 * EXP(kappa2 * profit_share)' }),
      flow('wage_share_change', { to: w, rate: 'omega * (phillips - alpha)' }),
      flow('employment_change', { to: l, rate: 'lambda * (investment / nu - alpha - beta - delta)' }),
      flow('debt_change', { to: d, rate: 'investment - profit_share - d * (investment / nu - delta)' }),
    ],
  })
}

/** Unit-step response of an n-stage chain of total delay D: the Erlang-n CDF. */
export function erlangStep(t: number, n: number, d: number): number {
  const x = (n * t) / d
  let sum = 0
  let term = 1
  for (let k = 0; k < n; k++) {
    sum += term
    term *= x / (k + 1)
  }
  return 1 - Math.exp(-x) * sum
}

/** Unit-impulse response of an n-stage chain of total delay D: the Erlang-n density, mean D. */
export function erlangImpulse(t: number, n: number, d: number): number {
  const k = n / d
  return (k ** n * t ** (n - 1) * Math.exp(-k * t)) / factorial(n - 1)
}

/** Euler's output after m steps of an n-stage delay fed PULSE(1, 0): stage 1 gets exactly 1, then negative binomial. */
export function eulerChainImpulse(m: number, n: number, d: number, h: number): number {
  const k = n / d
  if (m < n) return 0
  return k * choose(m - 1, n - 1) * (k * h) ** (n - 1) * (1 - k * h) ** (m - n)
}
