import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel } from '@stockflow/solver'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'

/**
 * A ring of `units` stocks past the all-in-locals size, with stocks of every kind the in-place step
 * must tell apart: model stocks whose derivative reads only flows; stocks drained by a copy of
 * themselves (`drain = s`, read as the stock's own slot); stocks fed by a copy of another stock
 * (`feed = s_prev`, read as that stock's slot); pairs feeding each other that way (a cycle of reads);
 * SMTH3's internal stocks, each reading the one before it; and one DELAYN of 20 stages, deeper than
 * the rounds of in-place updates go.
 */
function ring(units: number): Model {
  type Stock = { kind: 'stock'; name: string; initial: string; inflows: string[]; outflows: string[] }
  const stocks: Stock[] = Array.from({ length: units }, (_, i) => ({
    kind: 'stock',
    name: `s${i}`,
    initial: String(1 + (i % 5)),
    inflows: [],
    outflows: [],
    // Not on the pairs below: a non-negative stock's outflow is limited, so no longer a copy.
    ...(i % 7 === 0 && i % 6 > 1 ? { nonNegative: true } : {}),
  }))
  const elements: Record<string, unknown>[] = [{ kind: 'param', name: 'k', value: 0.05 }, ...stocks]
  const flow = (name: string, equation: string, from?: number, to?: number) => {
    elements.push({ kind: 'flow', name, equation })
    if (from !== undefined) stocks[from]!.outflows.push(name)
    if (to !== undefined) stocks[to]!.inflows.push(name)
  }
  for (let i = 0; i < units; i++) {
    elements.push(
      { kind: 'aux', name: `a${i}`, equation: `s${i} * k + ${i % 3} * 0.001` },
      { kind: 'aux', name: `m${i}`, equation: `SMTH3(a${i}, 2 + ${i % 4})` },
    )
    flow(`f${i}`, `m${i} * 0.5 + a${i} * 0.1`, i, (i + 1) % units)
    if (i % 3 === 0) flow(`drain${i}`, `s${i}`, i)
    if (i % 4 === 0) flow(`feed${i}`, `s${(i + units - 1) % units}`, undefined, i)
    // s_i and s_i+1 (i = 6, 12, ...) each read the other through a copy.
    if (i % 6 === 0 && i > 0 && i + 1 < units) {
      flow(`swap${i}`, `s${i + 1}`, undefined, i)
      flow(`back${i}`, `s${i}`, i + 1)
    }
  }
  elements.push({ kind: 'aux', name: 'long', equation: 'DELAYN(a1, 5, 20, 0)' })
  flow('late', 'long * 0.1', undefined, 1)
  const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
  return { name: `ring-${units}`, time: { start: 0, stop: 6, dt: 0.125 }, elements: withIds }
}

/**
 * Euler by hand from the compiled model's shared functions: every derivative into `k`, then every
 * stock, as the stepping loop did before it updated stocks in place. Rows of the default outputs.
 */
function eulerByHand(c: CompiledModel): number[][] {
  const { program, functions } = c
  const { start: t0, stop: t1, dt } = c.model.time
  const v = c.defaults.slice()
  functions.init(
    v,
    t0,
    t1,
    dt,
    c.noOverrides,
    [],
    () => NaN,
    () => NaN,
  )
  const k = new Float64Array(program.stocks.length)
  const base = program.stockBase
  const slots = program.outputs.map((s) => program.sourceOf[s.index]!)
  const rows: number[][] = []
  const steps = Math.round((t1 - t0) / dt)
  for (let ix = 0; ; ix++) {
    const t = t0 + ix * dt
    functions.aux(v, t, t0, t1, dt, t)
    rows.push(slots.map((s) => v[s]!))
    if (ix === steps) break
    functions.deriv(v, k)
    for (let i = 0; i < k.length; i++) v[base + i] = v[base + i]! + dt * k[i]!
  }
  return rows
}

describe("Euler's step in place", () => {
  it('updates stocks in place, readers first, and computes those on a cycle first', () => {
    const c = compile(ring(120))
    expect(c.recording.byRow).toBe(true)
    // The JavaScript loop (large models' Euler runs in asm.js, asm.test.ts: the same statements).
    const code = generateLoop(c.program, TABLEAUX.euler, c.recording, undefined, false).toString()
    // A kernel updating stocks in place; the 19 pairs reading each other and the DELAYN's last four
    // stages (past 16 rounds) computed into k first and applied at the end.
    expect(code).toMatch(/v\[\d+ \+ i\] = \(v\[\d+ \+ i\] \+ \(dt \* /)
    const applied = /for \(let j = 0; j < (\d+); j\+\+\) \{ const s = D\d+\[j\]; v\[s\] = v\[s\] \+ dt \* k\[s - \d+\]/
    expect(code).toMatch(applied)
    expect(Number(applied.exec(code)![1])).toBe(2 * 19 + 4)
  })

  it('computes exactly what derivatives into k and then every stock compute', () => {
    for (const units of [120, 400]) {
      const c = compile(ring(units))
      const run = simulate(c, { method: 'euler' })
      const byHand = eulerByHand(c)
      expect(run.times.length).toBe(byHand.length)
      run.series.forEach((x, j) => expect(Array.from(x.values), x.name).toEqual(byHand.map((row) => row[j])))
    }
  })

  it('leaves the JavaScript loops of RK2 and RK4 on their stage arrays', () => {
    const c = compile(ring(120))
    for (const method of ['rk2', 'rk4'] as const) {
      const code = generateLoop(c.program, TABLEAUX[method], c.recording, undefined, false).toString()
      expect(code).toMatch(/v\[\d+ \+ i\] = y0\[i\] \+ dt \* \(/)
      expect(code).not.toMatch(/v\[s\] = v\[s\] \+ dt \* k\[s/)
    }
  })
})
