import { describe, expect, it, vi } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import type { CompiledModel, SimulateOptions } from '@stockflow/solver'
import { asmSource, asmUnfit } from '../src/asm.js'
import { Source, generateFunctions } from '../src/codegen.js'
import type { IR } from '../src/ir.js'
import { generateLoop } from '../src/loop.js'
import type { Program } from '../src/lower.js'
import { TABLEAUX } from '../src/methods/tableaux.js'
import { rangeCall } from '../src/ranges.js'
import { regionalSir } from './array-models.js'
import { asmWarnings } from './helpers.js'

/** The same compiled model stepping with the JavaScript loop. */
function javascript(c: CompiledModel): CompiledModel {
  return { ...c, loop: (method) => generateLoop(c.program, TABLEAUX[method], c.recording, undefined, false) }
}

function expectSameRuns(a: CompiledModel, b: CompiledModel, options: SimulateOptions = {}) {
  const x = simulate(a, options)
  const y = simulate(b, options)
  expect(x.times).toEqual(y.times)
  expect(x.series.map((s) => s.name)).toEqual(y.series.map((s) => s.name))
  x.series.forEach((s, j) => {
    const other = y.series[j]!.values
    s.values.forEach((value, r) => {
      if (!Object.is(value, other[r])) expect(value, `${s.name} at row ${r}`).toBe(other[r])
    })
  })
}

/** The program with every range written back as its flat call: what the code computed before ranges. */
function withoutRanges(program: Program): Program {
  const expand = (ir: IR): IR => {
    switch (ir.t) {
      case 'range':
        return rangeCall(ir)
      case 'un':
      case 'table':
        return { ...ir, a: expand(ir.a) }
      case 'bin':
        return { ...ir, l: expand(ir.l), r: expand(ir.r) }
      case 'if':
        return { ...ir, c: expand(ir.c), a: expand(ir.a), b: expand(ir.b) }
      case 'fn':
        return { ...ir, args: ir.args.map(expand) }
      default:
        return ir
    }
  }
  return {
    ...program,
    aux: program.aux.map((a) => ({ ...a, expr: expand(a.expr) })),
    init: program.init.map((s) => (s.kind === 'set' ? { ...s, expr: expand(s.expr) } : s)),
  }
}

/** Every generated text of a program (JavaScript functions, its loops in the arrays layout, the asm.js module). */
function generatedCode(program: Program): string {
  const texts: string[] = []
  const build = vi.spyOn(Source.prototype, 'build').mockImplementation(function (this: Source, body: string) {
    texts.push(this.preamble, body)
    return (() => 0) as never
  })
  try {
    const src = new Source(program)
    src.build(`${src.init()}\n${src.aux.body}\n${src.deriv.body}\n${src.breaks()}`)
    const byRow = { byRow: true, slots: new Int32Array(0) }
    for (const method of ['euler', 'rk4'] as const) {
      generateLoop(program, TABLEAUX[method], byRow, src, false)
      texts.push(asmSource(program, TABLEAUX[method]).source)
    }
  } finally {
    build.mockRestore()
  }
  return texts.join('\n')
}

/** Code with every number (and every number in a name) left out: what does not depend on sizes. */
const shape = (code: string) => code.replace(/\d+(\.\d+)?(e[+-]?\d+)?/g, '#')

describe('arrays in the solver', () => {
  const warnings = asmWarnings()

  it('lays out each array in contiguous slots, in the order of its elements', () => {
    const { program } = compile(regionalSir(40, false))
    for (const name of ['population', 'contact', 's', 'i', 'r', 'infection', 'recovery']) {
      const slots = Array.from({ length: 40 }, (_, i) => program.byId.get(`${name}[r${i + 1}]`)!.index)
      expect(slots, name).toEqual(slots.map((_, i) => slots[0]! + i))
      expect(new Set(slots.map((s) => program.arrays[s])).size, name).toBe(1)
      expect(program.arrays[slots[0]!], name).toBeGreaterThanOrEqual(0)
    }
    expect(program.arrays[program.byId.get('total_infected')!.index]).toBe(-1)
    expect(program.model).toBe(program.source)
  })

  it('computes a SUM over an array as one loop over its slots', () => {
    const { program } = compile(regionalSir(40, false))
    const total = program.byId.get('total_infected')!.index
    const first = program.byId.get('i[r1]')!.index
    expect(program.aux.find((a) => a.slot === total)!.expr).toEqual({
      t: 'range',
      fn: 'sum',
      base: first,
      n: 40,
      stride: 1,
    })
    // Fixed for the run: the initial pass computes it, as a range too.
    const population = program.byId.get('total_population')!.index
    const step = program.init.find((s) => s.kind === 'set' && s.slot === population)!
    expect(step.kind === 'set' && step.expr.t).toBe('range')
  })

  it('generates code of one size for 10 and for 100,000 regions, but for its numbers', () => {
    const small = shape(generatedCode(compile(regionalSir(10, true)).program))
    const large = shape(generatedCode(compile(regionalSir(100_000, true)).program))
    expect(large.length).toBeLessThan(40_000)
    expect(large).toBe(small)
  })

  it('runs an arrayed model exactly as the same model written element by element, every method', async () => {
    for (const n of [10, 120]) {
      const arrayed = compile(regionalSir(n, true))
      const elements = compile(regionalSir(n, false))
      expect(arrayed.program.model).not.toBe(arrayed.program.source)
      expect(arrayed.program.slots.map((s) => s.name)).toEqual(elements.program.slots.map((s) => s.name))
      expect(arrayed.program.aux).toEqual(elements.program.aux)
      expect(arrayed.program.init).toEqual(elements.program.init)
      for (const method of ['euler', 'rk2', 'rk4', 'adaptive'] as const) {
        expectSameRuns(arrayed, elements, { method })
        if (method !== 'adaptive') expectSameRuns(arrayed, javascript(elements), { method })
      }
    }
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('keeps an array with exceptions contiguous: a constant element, one of another shape', async () => {
    const n = 60
    const regions = Array.from({ length: n }, (_, i) => `r${i + 1}`)
    const arrayed: Model = {
      name: 'exceptions',
      time: { start: 0, stop: 4, dt: 0.5 },
      dimensions: [{ name: 'Region', elements: regions }],
      elements: [
        { kind: 'stock', name: 'S', id: 's', dimensions: ['Region'], initial: '1', inflows: ['g'], outflows: [] },
        {
          kind: 'aux',
          name: 'x',
          id: 'x',
          dimensions: ['Region'],
          equation: 'S[Region] * 2',
          perElement: [
            { subscripts: ['r3'], equation: '5' },
            { subscripts: ['r6'], equation: 'TIME + S[r6]' },
          ],
        },
        { kind: 'aux', name: 'total', id: 'total', equation: 'SUM(x[*])' },
        { kind: 'flow', name: 'g', id: 'g', dimensions: ['Region'], equation: 'x[Region] * 0.01 - total * 0.0001' },
      ],
    }
    const c = compile(arrayed)
    const { program } = c
    const slots = regions.map((r) => program.byId.get(`x[${r}]`)!.index)
    expect(slots).toEqual(slots.map((_, i) => slots[0]! + i))
    expect(program.slots[slots[2]!]!.kind).toBe('param')
    const total = program.aux.find((a) => a.slot === program.byId.get('total')!.index)!.expr
    expect(total).toEqual({ t: 'range', fn: 'sum', base: slots[0], n, stride: 1 })
    const x = (i: number) => (i === 2 ? '5' : i === 5 ? `TIME + "S[r6]"` : `"S[${regions[i]}]" * 2`)
    const written: Model = {
      name: 'exceptions',
      time: arrayed.time,
      elements: [
        ...regions.map((r) => ({
          kind: 'stock' as const,
          name: `S[${r}]`,
          id: `s[${r}]`,
          initial: '1',
          inflows: [`g[${r}]`],
          outflows: [],
        })),
        ...regions.map((r, i) => ({ kind: 'aux' as const, name: `x[${r}]`, id: `x[${r}]`, equation: x(i) })),
        { kind: 'aux', name: 'total', id: 'total', equation: `SUM(${regions.map((r) => `"x[${r}]"`).join(', ')})` },
        ...regions.map((r) => ({
          kind: 'flow' as const,
          name: `g[${r}]`,
          id: `g[${r}]`,
          equation: `"x[${r}]" * 0.01 - total * 0.0001`,
        })),
      ],
    }
    for (const method of ['euler', 'rk4'] as const) expectSameRuns(c, compile(written), { method })
    expect(simulate(c).get('x[r6]')[2]).toBe(1 + simulate(c).get('s[r6]')[2]!)
  })

  it('runs every method and the asm.js loop as the flat calls would', async () => {
    const c = compile(regionalSir(120, false))
    expect(c.recording.byRow).toBe(true)
    expect(asmUnfit(c.program)).toBeUndefined()
    expect(c.loop('euler').toString()).not.toMatch(/function run/)
    // The same program computing each SUM as its flat call, term by term.
    const p = withoutRanges(c.program)
    const scalar: CompiledModel = {
      ...c,
      program: p,
      functions: generateFunctions(p),
      loop: (method) => generateLoop(p, TABLEAUX[method], c.recording, undefined, false),
    }
    for (const method of ['euler', 'rk2', 'rk4'] as const) {
      expectSameRuns(c, javascript(c), { method })
      expectSameRuns(c, scalar, { method })
    }
    expectSameRuns(c, scalar, { method: 'adaptive' })
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('reduces the rows and the columns of a 2-D array in kernels, a range per statement', async () => {
    // x[r, a] over 30 x 20, row-major; rows of each reduction are stride 1, columns stride 20.
    const R = 30
    const A = 20
    const at = (r: number, a: number) => `"x[r${r},a${a}]"`
    const elements: Record<string, unknown>[] = [{ kind: 'param', name: 'k', value: 0.01 }]
    for (let r = 1; r <= R; r++)
      for (let a = 1; a <= A; a++)
        elements.push({
          kind: 'stock',
          name: `x[r${r},a${a}]`,
          initial: String(((r * 37 + a * 11) % 23) - 11),
          inflows: [`g[r${r},a${a}]`],
          outflows: [],
        })
    for (let r = 1; r <= R; r++)
      for (let a = 1; a <= A; a++)
        elements.push({ kind: 'flow', name: `g[r${r},a${a}]`, equation: `k * ${at(r, a)} - ${r % 3} * TIME * 0.01` })
    const row = (r: number) => Array.from({ length: A }, (_, a) => at(r, a + 1)).join(', ')
    const col = (a: number) => Array.from({ length: R }, (_, r) => at(r + 1, a)).join(', ')
    for (const fn of ['SUM', 'PROD', 'MIN', 'MAX', 'MEAN']) {
      for (let r = 1; r <= R; r++)
        elements.push({ kind: 'aux', name: `${fn}_row[r${r}]`, equation: `${fn}(${row(r)})` })
      for (let a = 1; a <= A; a++)
        elements.push({ kind: 'aux', name: `${fn}_col[a${a}]`, equation: `2 * ${fn}(${col(a)})` })
    }
    const m = {
      name: 'matrix',
      time: { start: 0, stop: 3, dt: 0.5 },
      elements: elements.map((e) => ({ ...e, id: (e['name'] as string).toLowerCase() })),
    } as unknown as Model
    const c = compile(m)
    const { program } = c
    const first = program.byId.get('x[r1,a1]')!.index
    const expr = (name: string) => program.aux.find((x) => x.slot === program.byId.get(name)!.index)!.expr
    expect(expr('min_row[r3]')).toEqual({ t: 'range', fn: 'min', base: first + 2 * A, n: A, stride: 1 })
    expect(expr('mean_col[a4]')).toMatchObject({ r: { t: 'range', fn: 'mean', base: first + 3, n: R, stride: A } })
    // The rows of each reduction are one kernel, and its columns another, the base a step column:
    // no code per row or column.
    const code = generatedCode(program)
    expect(code).toMatch(new RegExp(`minRange\\(v, ${first} \\+ ${A} \\* i, ${A}, 1\\)`))
    expect(code).toMatch(new RegExp(`meanRange\\(v, ${first} \\+ i, ${R}, ${A}\\)`))
    const aux = new Source(program).aux
    expect(`${aux.defs}${aux.body}`.match(/minRange/g)).toHaveLength(2)
    expect(code).toMatch(/\+prodRange\(\(/)
    expect(asmUnfit(program)).toBeUndefined()
    for (const method of ['euler', 'rk4'] as const) expectSameRuns(c, javascript(c), { method })
    const run = simulate(c)
    const value = (name: string) => run.get(name)[4]!
    for (let r = 1; r <= R; r++) {
      const xs = Array.from({ length: A }, (_, a) => value(`x[r${r},a${a + 1}]`))
      expect(value(`sum_row[r${r}]`)).toBe(xs.reduce((p, x) => p + x))
      expect(value(`prod_row[r${r}]`)).toBe(xs.reduce((p, x) => p * x))
      expect(value(`min_row[r${r}]`)).toBe(Math.min(...xs))
      expect(value(`max_row[r${r}]`)).toBe(Math.max(...xs))
    }
    const column = Array.from({ length: R }, (_, r) => value(`x[r${r + 1},a7]`))
    expect(value('mean_col[a7]')).toBe((2 * column.reduce((p, x) => p + x)) / R)
    // STDDEV too, in a model large enough to step in the asm.js module.
    const s = compile({
      ...m,
      elements: [...m.elements, { kind: 'aux', name: 'spread', id: 'spread', equation: `STDDEV(${row(2)}) * TIME` }],
    } as Model)
    expect(asmUnfit(s.program)).toBeUndefined()
    expect(s.loop('euler').toString()).not.toMatch(/function run/)
    expectSameRuns(s, javascript(s), { method: 'rk4' })
    const spread = Array.from({ length: A }, (_, a) => simulate(s).get(`x[r2,a${a + 1}]`)[2]!)
    const mu = spread.reduce((p, x) => p + x) / A
    expect(simulate(s).get('spread')[2]).toBe(Math.sqrt(spread.reduce((p, x) => p + (x - mu) * (x - mu), 0) / A) * 1)
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('keeps -0 and NaN as the flat calls do, in both loops', async () => {
    // Enough stocks that runs record by row and step in the asm.js module.
    const pad = Array.from({ length: 500 }, (_, i) => ({
      kind: 'stock',
      name: `pad[p${i}]`,
      initial: '1',
      inflows: [],
      outflows: [],
    }))
    const y = (i: number) => `"y[a${i}]"`
    const elements = [
      ...pad,
      ...[1, 2, 3, 4].map((i) => ({ kind: 'aux', name: `y[a${i}]`, equation: `-0 * TIME` })),
      ...[1, 2, 3, 4].map((i) => ({
        kind: 'aux',
        name: `z[a${i}]`,
        equation: i === 3 ? 'IF_THEN_ELSE(TIME > 1, 0 / 0, -0 * TIME)' : `${i} * TIME`,
      })),
      ...['sum', 'prod', 'min', 'max', 'mean'].flatMap((fn) => [
        { kind: 'aux', name: `${fn}_y`, equation: `${fn}(${[1, 2, 3, 4].map(y).join(', ')})` },
        { kind: 'aux', name: `${fn}_z`, equation: `${fn}(${[1, 2, 3, 4].map((i) => `"z[a${i}]"`).join(', ')})` },
      ]),
    ]
    const c = compile({
      name: 'signs',
      time: { start: 0, stop: 3, dt: 0.5 },
      elements: elements.map((e) => ({ ...e, id: e.name.toLowerCase() })),
    } as unknown as Model)
    expect(c.recording.byRow).toBe(true)
    expect(c.loop('euler').toString()).not.toMatch(/function run/)
    for (const method of ['euler', 'rk4'] as const)
      expectSameRuns(c, javascript(c), { method, onNonFinite: 'continue' })
    const run = simulate(c, { onNonFinite: 'continue' })
    expect(Object.is(run.get('sum_y')[2], -0)).toBe(true)
    expect(Object.is(run.get('min_y')[2], -0)).toBe(true)
    expect(run.get('max_z')[4]).toBeNaN()
    await new Promise((resolve) => setImmediate(resolve))
    expect(warnings()).toEqual([])
  })

  it('sets one element of an array: a parameter, a stock’s initial value', () => {
    for (const n of [10, 120]) {
      const set = { 'S[r3]': 500, 'Population[r2]': 2000 }
      const written = regionalSir(n, false)
      const elements = written.elements.map((e) =>
        e.id === 's[r3]' ? { ...e, initial: '500' } : e.id === 'population[r2]' ? { ...e, value: 2000 } : e,
      )
      for (const arrayed of [false, true]) {
        const c = compile(regionalSir(n, arrayed))
        for (const method of ['euler', 'rk4'] as const) {
          const run = simulate(c, { method, set })
          const expected = simulate(compile({ ...written, elements }), { method })
          run.series.forEach((x, j) =>
            expect(x.values, `${x.name}, ${n} regions, ${method}`).toEqual(expected.series[j]!.values),
          )
          expect(run.get('s[r3]')[0]).toBe(500)
          expect(run.get('population[r2]')[0]).toBe(2000)
          expect(run.get('population[r1]')).toEqual(simulate(c, { method }).get('population[r1]'))
        }
      }
    }
  })

  it('names a reduction that went bad and a few of the elements it reads', () => {
    // 20,000 populations of 1e304 add up past the largest double.
    const m = regionalSir(20_000, true)
    const elements = m.elements.map((e) =>
      e.id === 'population' ? { ...e, perElement: e.perElement!.map((p) => ({ ...p, equation: '1e304' })) } : e,
    )
    expect(() => simulate({ ...m, elements })).toThrow(
      /^"total_population" became Infinity at time 0; it reads population\[r1\] = 1e\+304, population\[r2\] = 1e\+304, .*population\[r8\] = 1e\+304; the run stopped/,
    )
  })

  it('names the element that went bad', () => {
    const zero = (e: Element): Element =>
      e.id === 'population[r4]'
        ? ({ ...e, value: 0 } as Element)
        : e.id === 'population'
          ? { ...e, perElement: e.perElement!.map((p) => (p.subscripts[0] === 'r4' ? { ...p, equation: '0' } : p)) }
          : e
    for (const [n, arrayed] of [
      [10, false],
      [120, false],
      [10, true],
      [120, true],
    ] as const) {
      const m = regionalSir(n, arrayed)
      const elements = m.elements.map(zero)
      expect(() => simulate({ ...m, elements })).toThrow(
        /^"infection\[r4\]" became -Infinity at time 0 \(division by zero\); it reads contact\[r4\] = 0\.26, S\[r4\] = -1, mixing = 0\.1, I\[r4\] = 1, population\[r4\] = 0/,
      )
    }
  })
})
