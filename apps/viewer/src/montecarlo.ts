/**
 * What the viewer's Monte Carlo runs: each parameter drawn uniformly within ±spread of its current
 * value (clamped to its slider's range), by a seeded Latin hypercube. Pure, so it tests without a browser.
 */
import { toValues, uniform, uniformDesign } from '@stockflow/experiments'
import type { ExperimentPlan } from '@stockflow/experiments'
import { StockflowError } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import type { ParamSpec } from './session.ts'

/** The Monte Carlo controls' values. */
export interface MonteCarloSettings {
  readonly runs: number
  /** Half-width of each parameter's range as a share of its value: 0.2 is ±20%. */
  readonly spread: number
  readonly seed: number
  /** Every slider parameter, or only those the user moved away from the scenario's values. */
  readonly vary: 'all' | 'edited'
}

export const MONTE_CARLO_DEFAULTS: MonteCarloSettings = { runs: 200, spread: 0.2, seed: 1, vary: 'all' }
/** More runs than this keep too much in memory for a page (runs × variables × save times). */
export const MAX_RUNS = 5000

/** A parameter as the controls show it now. */
export interface ParamNow {
  readonly spec: ParamSpec
  readonly value: number
  readonly edited: boolean
}

/** A plan and what it varies, to say so next to the Run button. */
export interface MonteCarloSetup {
  readonly plan: ExperimentPlan
  readonly varied: readonly { readonly id: string; readonly name: string; readonly range: [number, number] }[]
  /** Parameters left at their value: zero (a relative spread of zero is none) or a date within the run. */
  readonly held: number
}

/**
 * The range a parameter is drawn from: value × (1 ± spread), within its slider's range (widened to
 * hold the value, which the number box may set outside it). Undefined when that range is empty.
 */
export function spreadRange(value: number, spread: number, min: number, max: number): [number, number] | undefined {
  const a = value * (1 - spread)
  const b = value * (1 + spread)
  const lo = Math.max(Math.min(min, value), Math.min(a, b))
  const hi = Math.min(Math.max(max, value), Math.max(a, b))
  return hi > lo ? [lo, hi] : undefined
}

/**
 * A parameter holding a calendar time within the run (Policy Year 2025 in 2010–2035): ±20% of a year
 * means nothing. Only clocks that start far from zero are calendars; in a run from 0 to 30 minutes a
 * parameter of 10 minutes may well be a duration, and a relative spread of it makes sense.
 */
export function isDate(spec: ParamSpec, value: number, model: Model): boolean {
  const { start, stop } = model.time
  const units = model.time.units?.toLowerCase()
  const calendar = Math.abs(start) > stop - start
  return calendar && units !== undefined && spec.units?.toLowerCase() === units && value >= start && value <= stop
}

/** Builds the plan: `vars` kept from each run, the scenario applied first, then the drawn values. */
export function monteCarloPlan(
  model: Model,
  params: readonly ParamNow[],
  scenario: string | undefined,
  vars: readonly string[],
  settings: MonteCarloSettings,
): MonteCarloSetup {
  const { runs, spread, seed } = settings
  if (!Number.isInteger(runs) || runs < 2 || runs > MAX_RUNS)
    throw new StockflowError(`the number of runs must be a whole number from 2 to ${MAX_RUNS}, got ${runs}`)
  if (!(spread > 0 && spread <= 1)) throw new StockflowError(`the spread must be from 1% to 100%, got ${spread * 100}%`)
  if (!Number.isInteger(seed)) throw new StockflowError(`the seed must be a whole number, got ${seed}`)
  const candidates = params.filter((p) => settings.vary === 'all' || p.edited)
  if (candidates.length === 0)
    throw new StockflowError('no parameter is edited: move a slider first, or vary every parameter')
  const varied: { id: string; name: string; range: [number, number] }[] = []
  for (const p of candidates) {
    const range = isDate(p.spec, p.value, model) ? undefined : spreadRange(p.value, spread, p.spec.min, p.spec.max)
    if (range) varied.push({ id: p.spec.id, name: p.spec.name, range })
  }
  if (varied.length === 0)
    throw new StockflowError('every chosen parameter is zero or a date, so a relative spread varies none of them')
  // Edited values that are not varied still hold in every run.
  const kept = new Set(varied.map((v) => v.id))
  const fixed = params.filter((p) => p.edited && !kept.has(p.spec.id))
  const names = [...varied.map((v) => v.id), ...fixed.map((p) => p.spec.id)]
  const drawn = toValues(
    uniformDesign(runs, varied.length, seed, 'lhs'),
    varied.map((v) => uniform(...v.range)),
  )
  const k = names.length
  const values = new Float64Array(runs * k)
  for (let r = 0; r < runs; r++) {
    for (let j = 0; j < varied.length; j++) values[r * k + j] = drawn[r * varied.length + j]!
    for (let j = 0; j < fixed.length; j++) values[r * k + varied.length + j] = fixed[j]!.value
  }
  return {
    plan: { model, settings: { ...(scenario ? { scenario } : {}), seed }, vars, names, values, runs },
    varied,
    held: candidates.length - varied.length,
  }
}
