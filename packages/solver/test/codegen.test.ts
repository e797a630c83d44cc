import { describe, expect, it } from 'vitest'
import { aux, modelFromJSON } from '@stockflow/model'
import type { Element } from '@stockflow/model'
import { quoteName } from '@stockflow/model/internal'
import { compile, simulate } from '@stockflow/solver'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { flow, model, param, stock } from './helpers.js'

describe('generated code', () => {
  it('never contains model text: hostile names only become slot numbers', () => {
    const hostile = `"); process.exit(1); ("`
    const json = JSON.stringify({
      name: 'hostile',
      time: { start: 0, stop: 1, dt: 1 },
      elements: [
        { kind: 'param', name: 'constructor', value: 1 },
        { kind: 'param', name: '__proto__', value: 2 },
        { kind: 'aux', name: hostile, equation: 'constructor + "__proto__"' },
        { kind: 'aux', name: '`${globalThis.x = 1}`', equation: `${quoteName(hostile)} * 2` },
      ],
    })
    const m = modelFromJSON(json)
    const compiled = compile(m)
    const code = compiled.loop('euler').toString() + compiled.functions.aux.toString()
    expect(code).not.toMatch(/process|constructor|__proto__|globalThis/)
    const run = simulate(compiled)
    expect(run.get(hostile)[0]).toBe(3)
    expect(run.get('`${globalThis.x = 1}`')[0]).toBe(6)
    expect((globalThis as { x?: unknown }).x).toBeUndefined()
  })

  it('splits large models into bounded functions and still computes them exactly', () => {
    const n = 3000
    const elements: Element[] = [param('a0', 1)]
    // TIME keeps the chain in the stepping loop (values fixed for the run are computed once, at the start).
    for (let i = 1; i <= n; i++)
      elements.push(aux(`a${i}`, { equation: i === 1 ? 'a0 + 1 + 0 * TIME' : `a${i - 1} + 1` }))
    const s = stock('S', { initial: 0 })
    elements.push(s, flow('f', { to: s, rate: `a${n}` }))
    const big = model('big', { time: { start: 0, stop: 2, dt: 1 }, elements } as never)
    const compiled = compile(big)
    // The JavaScript loop (fixed-step runs of large models use the asm.js module, asm.test.ts).
    const loop = generateLoop(compiled.program, TABLEAUX.rk4, compiled.recording, undefined, false).toString()
    expect(loop).toMatch(/aux_7\(v, t, t0, t1, dt, ti\)/)
    const run = simulate(compiled, { method: 'rk4', vars: [`a${n}`, 'S'] })
    expect(run.get(`a${n}`)[0]).toBe(n + 1)
    expect(run.get('S')[2]).toBeCloseTo(2 * (n + 1), 9)
    expect(Array.from(simulate(compiled, { vars: ['S'] }).get('S'))).toEqual([0, n + 1, 2 * (n + 1)])
  })

  it('records thousands of outputs (row by row) exactly as a few', () => {
    const n = 1500
    const elements: Element[] = [param('k', 0.01)]
    for (let i = 0; i < n; i++) {
      const s = stock(`S${i}`, { initial: i % 10 })
      elements.push(s, aux(`a${i}`, { equation: `S${i} * k + TIME` }), flow(`f${i}`, { from: s, rate: `a${i}` }))
    }
    const big = model('many', { time: { start: 0, stop: 5, dt: 0.25 }, elements } as never)
    const compiled = compile(big)
    const all = simulate(compiled)
    expect(all.series.length).toBeGreaterThan(4000)
    const few = ['S0', 'a777', `f${n - 1}`, `S${n - 1}`]
    const some = simulate(compiled, { vars: few })
    for (const name of few) expect(Array.from(all.get(name))).toEqual(Array.from(some.get(name)))
    // Euler by hand for the last stock: dS/dt = -(S k + TIME).
    let s = 9
    for (let step = 0; step < 20; step++) s -= 0.25 * (s * 0.01 + step * 0.25)
    expect(all.get(`S${n - 1}`)[20]).toBe(s)
  })

  it('orders auxiliaries by dependency whatever the element order', () => {
    const m = model('order', {
      time: { start: 0, stop: 1, dt: 1 },
      elements: [aux('c', { equation: 'b * 2' }), aux('b', { equation: 'a + 1' }), param('a', 1)],
    })
    expect(simulate(m).get('c')[0]).toBe(4)
  })

  it('computes auxiliaries fixed for the run once, before the first step, and only those', () => {
    const s = stock('S', { initial: 100 })
    const m = model('fixed', {
      time: { start: 0, stop: 4, dt: 0.5 },
      elements: [
        param('tau', 6),
        aux('third', { equation: 'tau / 3' }),
        aux('scaled', { equation: 'MAX(third, 1) * DT + STARTTIME' }),
        aux('ramped', { equation: 'RAMP(1, 2) + third' }),
        aux('timed', { equation: 'third * TIME' }),
        s,
        flow('out', { from: s, rate: 'S / third' }),
      ],
    } as never)
    const compiled = compile(m)
    const idOf = (slot: number) => compiled.program.slots[slot]!.id
    expect(compiled.program.aux.map((a) => idOf(a.slot)).sort()).toEqual(['out', 'ramped', 'timed'])
    for (const tau of [6, 9]) {
      const run = simulate(compiled, { set: { tau } })
      expect(Array.from(run.get('third'))).toEqual(Array(9).fill(tau / 3))
      expect(run.get('scaled')[4]).toBe((tau / 3) * 0.5)
      expect(run.get('ramped')[8]).toBe(2 + tau / 3)
      expect(run.get('timed')[8]).toBe((tau / 3) * 4)
      expect(run.get('S')[1]).toBeCloseTo(100 - 0.5 * (100 / (tau / 3)), 12)
    }
  })

  it('reads variables that only copy another from the original, and records the original for them', () => {
    const build = (plus: string) => {
      const s = stock('S', { initial: 10 })
      const t = stock('T', { initial: 0 })
      return model('copies', {
        time: { start: 0, stop: 6, dt: 0.25, saveper: 0.5 },
        elements: [
          param('k', 0.3),
          aux('x', { equation: 'S * k + STEP(2, 3)' }),
          aux('smooth', { equation: `SMTH1(x, 2)${plus}` }),
          aux('same', { equation: `smooth${plus}` }),
          aux('prev', { equation: `PREVIOUS(same, 1)${plus}` }),
          s,
          t,
          flow('drain', { from: s, to: t, rate: `same${plus}` }),
          flow('back', { from: t, to: s, rate: `T * 0.1 + prev * 0.01` }),
        ],
      } as never)
    }
    const copies = compile(build(''))
    const computed = compile(build(' + 0'))
    const idOf = (slot: number) => copies.program.slots[slot]!.id
    const evaluated = copies.program.aux.map((a) => idOf(a.slot))
    expect(evaluated).not.toContain('same')
    expect(evaluated).not.toContain('drain')
    // (The adaptive method refuses PREVIOUS.)
    for (const method of ['euler', 'rk2', 'rk4'] as const) {
      const a = simulate(copies, { method })
      const b = simulate(computed, { method })
      for (const v of copies.variables)
        expect(Array.from(a.get(v.id)), `${method} ${v.id}`).toEqual(Array.from(b.get(v.id)))
      const chosen = simulate(copies, { method, vars: ['drain', 'same', 'S'] })
      expect(Array.from(chosen.get('drain'))).toEqual(Array.from(b.get('drain')))
    }
  })
})
