import { describe, expect, it } from 'vitest'
import type { Element, Model } from '@stockflow/model'
import { compile, runsToCSV, simulate } from '@stockflow/solver'
import type { MethodName } from '@stockflow/model'
import { csvChunks } from '../src/run.js'
import { fitsInLocals } from '../src/loop.js'
import { recordingOf } from '../src/recording.js'

/** A ring of `n` stocks, each with an auxiliary, a flow and a SMTH1 (internal stocks between public ones). */
function ring(n: number): Model {
  const elements: Record<string, unknown>[] = [{ kind: 'param', id: 'k', name: 'k', value: 0.05 }]
  for (let i = 0; i < n; i++) {
    elements.push({
      kind: 'stock',
      id: `s${i}`,
      name: `s${i}`,
      initial: String(1 + (i % 7)),
      inflows: [`f${(i + n - 1) % n}`],
      outflows: [`f${i}`],
    })
    elements.push({ kind: 'aux', id: `a${i}`, name: `a${i}`, equation: `s${i} * k + ${i % 3} * 0.001` })
    // Even ones only copy SMTH1's internal stock (not computed; recorded from the stock).
    const m = i % 2 ? `SMTH1(a${i}, 2) + TIME * 0.001` : `SMTH1(a${i}, 2)`
    elements.push({ kind: 'aux', id: `m${i}`, name: `m${i}`, equation: m })
    elements.push({ kind: 'flow', id: `f${i}`, name: `f${i}`, equation: `m${i} * 0.5` })
  }
  return {
    name: `ring-${n}`,
    time: { start: 0, stop: 12, dt: 0.5, saveper: 1 },
    elements: elements as unknown as Element[],
  }
}

describe('recordingOf', () => {
  it('keeps each slot once, in slot order, and places every output', () => {
    const r = recordingOf([7, 3, 4, 7, 5, 10, 3], true)
    expect(Array.from(r.slots)).toEqual([3, 4, 5, 7, 10])
    expect(Array.from(r.place)).toEqual([3, 0, 1, 3, 2, 4, 0])
    // [first slot, length] of each run of consecutive slots.
    expect(Array.from(r.ranges)).toEqual([3, 3, 7, 1, 10, 1])
  })

  it('records nothing for no outputs', () => {
    const r = recordingOf([], false)
    expect(r.slots.length + r.place.length + r.ranges.length).toBe(0)
  })
})

describe('runs record their outputs in any order', () => {
  const small = compile(ring(5))
  const large = compile(ring(150))
  it('the two models take both loop layouts, and store by column and by row', () => {
    expect(fitsInLocals(small.program)).toBe(true)
    expect(small.recording.byRow).toBe(false)
    expect(fitsInLocals(large.program)).toBe(false)
    expect(large.recording.byRow).toBe(true)
  })

  for (const [label, c] of [
    ['locals', small],
    ['arrays', large],
  ] as const) {
    for (const method of ['euler', 'rk4', 'adaptive'] as MethodName[]) {
      it(`${label}, ${method}: chosen outputs, repeated and out of order, equal the full run's`, () => {
        const all = simulate(c, { method })
        const ids = c.variables.map((v) => v.id)
        // Every third variable backwards, a stock twice and the parameter: several short ranges.
        const vars = [...ids.filter((_, i) => i % 3 === 0).reverse(), ids[1]!, ids[1]!, 'k']
        const some = simulate(c, { method, vars })
        expect(some.names).toEqual(vars.map((id) => c.variables.find((v) => v.id === id)!.name))
        // Columns read one by one before the whole table is transposed, then again after.
        for (const id of vars) expect(Array.from(some.get(id))).toEqual(Array.from(all.get(id)))
        some.series.forEach((s, j) => expect(Array.from(s.values)).toEqual(Array.from(all.get(vars[j]!))))
        for (const id of vars) expect(some.get(id)).toBe(some.series[vars.indexOf(id)]!.values)
        // The full run's own table, transposed, agrees with its columns read one by one.
        const fresh = simulate(c, { method })
        expect(fresh.series.map((s) => Array.from(s.values))).toEqual(ids.map((id) => Array.from(all.get(id))))
      })
    }
  }

  it('a NaN is traced to its variable and time whichever way the values are stored', () => {
    for (const n of [5, 150]) {
      const m = ring(n)
      const f2 = m.elements.find((e) => e.id === 'f2') as { equation: string }
      f2.equation = 'm2 * 0.5 + 0 / (TIME - 3)'
      expect(() => simulate(m)).toThrow(/f2.*at time 3/s)
    }
  })

  it('a column read twice is the same array', () => {
    const run = simulate(large)
    expect(run.get('s3')).toBe(run.get('S3'))
    expect(run.at('s3', 2.5)).toBeCloseTo((run.get('s3')[2]! + run.get('s3')[3]!) / 2, 12)
  })

  it('rows read from either layout equal the series, and CSV comes in whole-line pieces of the same text', () => {
    for (const c of [small, large]) {
      const runs = ['a', 'b'].map((label) => ({ run: simulate(c, { stop: 600 }), label }))
      const { run } = runs[0]!
      // Rows and CSV first, read from the tables as stored; then the series.
      const row = run.row(7)
      const pieces = [...csvChunks(runs)]
      // The CSV as it was made before pieces: every series, row by row.
      const lines = [['scenario', 'time', ...run.names].join(',')]
      for (const r of runs) {
        for (let i = 0; i < r.run.times.length; i++) {
          lines.push([r.label, String(r.run.times[i]), ...r.run.series.map((s) => String(s.values[i]))].join(','))
        }
      }
      expect(Array.from(row)).toEqual(run.series.map((s) => s.values[7]))
      if (c === large) expect(pieces.length).toBeGreaterThan(1)
      for (const p of pieces) expect(p.endsWith('\n')).toBe(true)
      expect(pieces.join('')).toBe(lines.join('\n') + '\n')
      expect(runsToCSV(runs)).toBe(pieces.join(''))
    }
  })

  it('refuses to write runs with different outputs as one table', () => {
    const runs = [
      { run: simulate(large, { vars: ['s1', 's2'] }) },
      { run: simulate(large, { vars: ['s1'] }), label: 'b' },
    ]
    expect(() => runsToCSV(runs)).toThrow(/different outputs as one table \(run "b"\)/)
  })

  it('records the SMOOTH outputs of a large model as one range of the state, not one slot each', () => {
    const c = compile(ring(400))
    expect(c.recording.byRow).toBe(true)
    // Internal stocks public variables copy are numbered first among their kernel's stocks.
    const ranges = c.recording.ranges.length / 2
    expect(ranges).toBeLessThanOrEqual(6)
  })
})
