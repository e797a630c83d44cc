/**
 * `pnpm bench --adaptive`: the adaptive method (odex) against RK4 at equal accuracy, and the memory
 * of runs that keep only some variables.
 *
 * Accuracy: on the logistic (T3) and Bass (T7) models, whose exact solutions are known, every RK4 step
 * size and every adaptive tolerance gives a point (max relative error over the save points, median
 * time per run). For each error target the cheapest setting of each method that reaches it is
 * compared: `ratio` = adaptive time / RK4 time (below 1: adaptive is cheaper).
 *
 * Memory: the typed-array bytes a run holds (process.memoryUsage().arrayBuffers, measured while the
 * run is alive, after a full collection) when it stores every variable and when `vars` keeps only ten.
 */
import { flow, model, param, stock } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, SimulateOptions } from '@stockflow/solver'
import { gcFunction } from './gc.ts'
import { generate } from './models.ts'
import { resultsPath, writeJson, writeResultsMd } from './report.ts'

const TIME = { start: 0, stop: 20, dt: 0.5, saveper: 0.5 }

function logistic(): Model {
  const n = stock('N', { initial: 1 })
  return model('logistic', {
    time: TIME,
    elements: [n, param('r', 0.5), param('K', 100), flow('births', { to: n, rate: 'r * N * (1 - N / K)' })],
  })
}
const logisticExact = (t: number) => 100 / (1 + 99 * Math.exp(-0.5 * t))

function bass(): Model {
  const a = stock('A', { initial: 0 })
  return model('Bass', {
    time: TIME,
    elements: [
      a,
      param('M', 1000),
      param('p', 0.03),
      param('q', 0.38),
      flow('adoption', { to: a, rate: '(p + q * A / M) * (M - A)' }),
    ],
  })
}
function bassExact(t: number): number {
  const e = Math.exp(-0.41 * t)
  return (1000 * (1 - e)) / (1 + (0.38 / 0.03) * e)
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Median µs per run, timed in batches of about 2 ms. */
function time(compiled: CompiledModel, o: SimulateOptions): number {
  let sink = 0
  const once = () => (sink += simulate(compiled, o).times.length)
  const t0 = performance.now()
  let batch = 0
  while (performance.now() - t0 < 2) {
    once()
    batch++
  }
  const samples: number[] = []
  for (let k = 0; k < 15; k++) {
    const s = performance.now()
    for (let i = 0; i < batch; i++) once()
    samples.push(((performance.now() - s) * 1000) / batch)
  }
  if (sink < 0) console.log(sink)
  return median(samples)
}

function maxRelError(compiled: CompiledModel, o: SimulateOptions, stock: string, exact: (t: number) => number) {
  const run = simulate(compiled, o)
  const v = run.get(stock)
  let worst = 0
  run.times.forEach((t, i) => (worst = Math.max(worst, Math.abs(v[i]! - exact(t)) / Math.max(1, Math.abs(exact(t))))))
  return worst
}

export interface AccuracyRow {
  readonly model: string
  readonly target: number
  readonly rk4: { readonly dt: number; readonly error: number; readonly micros: number } | null
  readonly adaptive: { readonly rtol: number; readonly error: number; readonly micros: number } | null
  readonly ratio: number | null
}

export interface MemoryRow {
  readonly model: string
  readonly variables: number
  readonly rows: number
  readonly stored: number
  readonly bytes: number
}

function accuracy(m: Model, stockName: string, exact: (t: number) => number): AccuracyRow[] {
  const compiled = compile(m)
  const rk4 = [0.5, 0.25, 0.125, 1 / 16, 1 / 32, 1 / 64, 1 / 128].map((dt) => {
    const o: SimulateOptions = { method: 'rk4', dt, saveper: 0.5 }
    return { dt, error: maxRelError(compiled, o, stockName, exact), micros: time(compiled, o) }
  })
  const adaptive = [1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10].map((rtol) => {
    const o: SimulateOptions = { method: 'adaptive', tolerance: { rtol, atol: rtol } }
    return { rtol, error: maxRelError(compiled, o, stockName, exact), micros: time(compiled, o) }
  })
  return [1e-4, 1e-6, 1e-8].map((target) => {
    const cheapest = <T extends { error: number; micros: number }>(xs: T[]) =>
      xs.filter((x) => x.error <= target).sort((a, b) => a.micros - b.micros)[0] ?? null
    const r = cheapest(rk4)
    const a = cheapest(adaptive)
    return { model: m.name, target, rk4: r, adaptive: a, ratio: r && a ? a.micros / r.micros : null }
  })
}

function memory(): MemoryRow[] {
  const gc = gcFunction()
  const rows: MemoryRow[] = []
  for (const n of [1_000, 10_000]) {
    const m = generate('chain', n, 500)
    const compiled = compile(m)
    const some = compiled.variables.slice(0, 10).map((v) => v.name)
    for (const vars of [undefined, some]) {
      const o: SimulateOptions = { method: 'euler', ...(vars ? { vars } : {}) }
      simulate(compiled, o)
      // Twice: V8 frees array buffers after a collection, by a sweeper the next one waits for.
      gc()
      gc()
      const before = process.memoryUsage().arrayBuffers
      const run = simulate(compiled, o)
      const bytes = process.memoryUsage().arrayBuffers - before
      rows.push({
        model: m.name,
        variables: compiled.variables.length,
        rows: run.times.length,
        stored: run.names.length,
        bytes,
      })
    }
  }
  return rows
}

export async function adaptive(): Promise<void> {
  const acc = [...accuracy(logistic(), 'N', logisticExact), ...accuracy(bass(), 'A', bassExact)]
  const fmt = (x: number) => x.toExponential(1)
  for (const r of acc) {
    console.log(
      `${r.model.padEnd(9)} error <= ${fmt(r.target)}  rk4 ${r.rk4 ? `dt ${r.rk4.dt} (${fmt(r.rk4.error)}) ${r.rk4.micros.toFixed(1)} µs` : 'none'}` +
        `  adaptive ${r.adaptive ? `rtol ${fmt(r.adaptive.rtol)} (${fmt(r.adaptive.error)}) ${r.adaptive.micros.toFixed(1)} µs` : 'none'}` +
        `  ratio ${r.ratio === null ? '-' : r.ratio.toFixed(2)}`,
    )
  }
  const mem = memory()
  for (const r of mem)
    console.log(
      `${r.model}: ${r.stored} of ${r.variables} variables x ${r.rows} rows: ${(r.bytes / 1e6).toFixed(2)} MB`,
    )
  await writeJson(resultsPath('adaptive.json'), {
    date: new Date().toISOString(),
    node: process.version,
    accuracy: acc,
    memory: mem,
  })
  await writeResultsMd()
}
