import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, SimulateOptions } from '@stockflow/solver'
import { asmSource } from '../src/asm.js'
import { Source, generateFunctions } from '../src/codegen.js'
import { generateLoop } from '../src/loop.js'
import { TABLEAUX } from '../src/methods/tableaux.js'

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * `units` repetitions of a few equation shapes (so each shape forms kernels), with numbers that vary
 * or not, parameters, named lookups of every mode and graphical functions, IF, MIN/MAX, powers,
 * TIME, STEP/PULSE/RAMP, SMOOTH/DELAY, non-negative stocks and flows. Ids equal names.
 */
function shapes(units: number, seed: number, withMemory: boolean): Model {
  const next = rng(seed)
  const pick = (k: number) => Math.floor(next() * k)
  type Stock = {
    kind: 'stock'
    name: string
    initial: string
    inflows: string[]
    outflows: string[]
    nonNegative?: boolean
  }
  const elements: (Record<string, unknown> & { name: string })[] = [
    { kind: 'param', name: 'k', value: 0.05 },
    { kind: 'param', name: 'c', value: 1.5 },
    { kind: 'lookup', name: 'tc0', x: [0, 1, 2, 4], y: [0, 0.4, 0.9, 1], mode: 'continuous' },
    { kind: 'lookup', name: 'tc1', x: [0, 2, 3], y: [1, 0.5, 0.2], mode: 'continuous' },
    { kind: 'lookup', name: 'tx0', x: [0, 1, 3], y: [0, 2, 3], mode: 'extrapolate' },
    { kind: 'lookup', name: 'td0', x: [0, 1, 2], y: [3, 2, 1], mode: 'discrete' },
  ]
  const stocks: Stock[] = []
  for (let i = 0; i < units; i++) {
    const s: Stock = {
      kind: 'stock',
      name: `s${i}`,
      initial: i % 2 ? `c * ${i % 7}` : String(1 + pick(9)),
      inflows: [],
      outflows: [],
    }
    if (i % 5 === 0) s.nonNegative = true
    stocks.push(s)
    elements.push(s)
  }
  const s = () => `s${pick(units)}`
  for (let i = 0; i < units; i++) {
    elements.push({ kind: 'aux', name: `a${i}`, equation: `s${i} * k + ${pick(4)} * 0.01` })
    elements.push({
      kind: 'aux',
      name: `b${i}`,
      equation: `MIN(a${i}, c) + MAX(${s()} * 0.01, 0) - a${pick(units)} / (1 + ${s()} ^ 2)`,
    })
    elements.push({
      kind: 'aux',
      name: `g${i}`,
      equation: `${['tc0', 'tc1', 'tx0', 'td0'][i % 4]}(b${i} + TIME * 0.01)`,
    })
    elements.push({
      kind: 'aux',
      name: `h${i}`,
      equation: `if(a${i} > 0.1, b${i} * 0.5, g${i}) + STEP(0.5, 3) + PULSE(0.25, 2, ${1 + pick(3)}) + RAMP(0.01, 1, 6)`,
      ...(i % 3 === 0 ? { graph: { x: [0, 1, 2, 5], y: [0, 0.5, 0.8, 1 + (i % 4)] } } : {}),
    })
    elements.push({
      kind: 'aux',
      name: `m${i}`,
      equation: [`SMTH1(h${i}, 2)`, `SMTH3(a${i}, 3, 1)`, `DELAY3(g${i}, 2)`][i % 3]!,
    })
    if (withMemory && i % 3 === 0)
      elements.push({ kind: 'aux', name: `p${i}`, equation: `PREVIOUS(m${i}, 0) + DELAY_FIXED(a${i}, 2, 0.5)` })
    const to = pick(units)
    elements.push({
      kind: 'flow',
      name: `f${i}`,
      equation: `m${i} * 0.1 + h${i} * 0.01 - s${i} * k`,
      ...(i % 4 === 1 ? { nonNegative: true } : {}),
    })
    stocks[i]!.outflows.push(`f${i}`)
    if (to !== i) stocks[to]!.inflows.push(`f${i}`)
  }
  const withIds = elements.map((e) => ({ ...e, id: e.name })) as unknown as Element[]
  return { name: `shapes-${units}`, time: { start: 0, stop: 8, dt: 0.25 }, elements: withIds }
}

/**
 * The same compiled model generating straight-line JavaScript only (no kernels, and no asm.js
 * module for Euler, see asm.ts): what the kernels and the module must compute.
 */
function straight(c: CompiledModel): CompiledModel {
  const src = new Source(c.program, Infinity)
  return {
    ...c,
    functions: generateFunctions(c.program, src),
    loop: (method) => generateLoop(c.program, TABLEAUX[method], c.recording, src, false),
  }
}

/** The JavaScript stepping loop of a compiled model (not the asm.js module), to read its code. */
const jsLoop = (c: CompiledModel, method: 'euler' | 'rk4' = 'euler') =>
  generateLoop(c.program, TABLEAUX[method], c.recording, undefined, false)

/** A kernel's loop (the stepping loop's own loops are not in a block of their own). */
const KERNEL = /\{ [^\n]*\nfor \(let i = 0; i < \d+; i\+\+\) \{ [^\n]*[vk]\[/

describe('kernels', () => {
  it('compute exactly what straight-line code computes, for every method and initial-value overrides', () => {
    for (const [seed, memory] of [
      [1, false],
      [2, true],
    ] as const) {
      const c = compile(shapes(60, seed, memory))
      expect(jsLoop(c).toString()).toMatch(KERNEL)
      expect(c.functions.init.toString()).toMatch(KERNEL)
      // Twenty PREVIOUS and DELAY FIXED move their values in loops too.
      if (memory) expect(jsLoop(c).toString()).toMatch(/M\[j\] = v\[D\d+\[j\]\]/)
      const plain = straight(c)
      expect(plain.loop('euler').toString()).not.toMatch(KERNEL)
      const options: SimulateOptions[] = [
        { method: 'euler' },
        { method: 'rk4' },
        { method: 'rk2', set: { s3: 2.5, s40: 0, k: 0.07 } },
        ...(memory ? [] : [{ method: 'adaptive' } as const]),
      ]
      for (const o of options) {
        const a = simulate(c, o)
        const b = simulate(plain, o)
        expect(a.series.length).toBe(b.series.length)
        a.series.forEach((x, j) =>
          expect(Array.from(x.values), `${x.name} (${o.method})`).toEqual(Array.from(b.series[j]!.values)),
        )
      }
    }
  })

  it('share a loop only where each reads the others at its own position, and compute the same', () => {
    // b reads a at its own i (fused with a); c reads a at i + 1 (a loop of its own); d reads b and c,
    // and the flow reads d, at their own i (fused with c). 100 units: past the all-in-locals size.
    const units = 100
    const elements: Record<string, unknown>[] = [{ kind: 'param', name: 'k', value: 0.05 }]
    for (let i = 0; i < units; i++) {
      const next = (i + 1) % units
      elements.push(
        {
          kind: 'stock',
          name: `s${i}`,
          initial: String(1 + (i % 5)),
          inflows: [`f${(i + units - 1) % units}`],
          outflows: [`f${i}`],
        },
        { kind: 'aux', name: `a${i}`, equation: `s${i} * k + ${i % 3} * 0.001` },
        { kind: 'aux', name: `b${i}`, equation: `a${i} * 0.5 + s${i}` },
        { kind: 'aux', name: `c${i}`, equation: `a${next} * 2` },
        { kind: 'aux', name: `d${i}`, equation: `IF(b${i} > 2, b${i}, c${i})` },
        { kind: 'flow', name: `f${i}`, equation: `d${i} * 0.01` },
      )
    }
    const m = {
      name: 'fusion',
      time: { start: 0, stop: 10, dt: 0.5 },
      elements: elements.map((e) => ({ ...e, id: e.name })),
    }
    const c = compile(m as unknown as Model)
    expect(c.recording.byRow).toBe(true)
    const aux = new Source(c.program).aux.body
    // Two loops for the five kernels: a with b, then c with d and f.
    expect(aux.match(/for \(let i = 0/g)).toHaveLength(2)
    expect(aux).toMatch(/const k1x = \(\(k0x \* 0\.5\) \+ v\[/)
    expect(aux).toMatch(/const k2x = \(k1x \* 0\.01\)/)
    const plain = straight(c)
    for (const method of ['euler', 'rk4', 'adaptive'] as const) {
      const a = simulate(c, { method })
      const b = simulate(plain, { method })
      a.series.forEach((x, j) =>
        expect(Array.from(x.values), `${x.name} (${method})`).toEqual(Array.from(b.series[j]!.values)),
      )
    }
  })

  it('keep the generated code of a regular model short whatever its size', () => {
    const length = (units: number) => {
      const c = compile(shapes(units, 3, true))
      return (
        jsLoop(c).toString().length +
        c.functions.init.toString().length +
        asmSource(c.program, TABLEAUX.euler).source.length
      )
    }
    expect(length(2000)).toBeLessThan(1.2 * length(200))
  })
})
