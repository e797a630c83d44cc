import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { canonicalId, dependencyGraph, validate } from '@stockflow/model'
import type { MethodName } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import involution from './model.js'

// Fixtures come from the plain-Python reference model via fixtures/generate.py (see README.md).
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url))

/** Fixture column -> display name in the model. */
const COLUMNS: Readonly<Record<string, string>> = {
  K: 'Total Capacity',
  KR: 'Capacity to World Demand',
  u: 'Utilisation',
  P: 'Price',
  m: 'Cash Margin',
  unprof: 'Unprofitable Share',
  Z: 'Zombie Share',
  FDR: 'Firm Debt to Revenue',
  LDR: 'Local Debt Ratio',
  NP: 'Provinces Prioritising Sector',
  TB: 'Trade Barriers',
  CC: 'Consumer Confidence',
}

/** Step size of each fixture method, as the reference ran it. */
const DT: Readonly<Record<string, number>> = { euler: 1 / 32, rk4: 1 / 4 }

interface Fixture {
  readonly file: string
  readonly method: MethodName
  readonly scenario: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly number[])[]
}

function readFixture(file: string): Fixture {
  const match = /^(euler|rk4)-(.+)\.csv$/.exec(file)
  if (!match) throw new Error(`unexpected fixture name ${file}`)
  const lines = readFileSync(fixtures + file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  const [head, ...body] = lines
  return {
    file,
    method: match[1] as MethodName,
    scenario: match[2]!,
    header: head!.split(','),
    rows: body.map((l) => l.split(',').map(Number)),
  }
}

const files = readdirSync(fixtures)
  .filter((f) => f.endsWith('.csv'))
  .sort()
const compiled = compile(involution)
const worst: Record<string, { rel: number; where: string }> = {}

describe('involution seed', () => {
  it('validates with no errors or warnings', () => {
    expect(validate(involution)).toEqual([])
  })

  it('has the 14 stocks of the reference', () => {
    expect(involution.elements.filter((e) => e.kind === 'stock')).toHaveLength(14)
  })

  it('has a fixture pair for every scenario', () => {
    const ids = (involution.scenarios ?? []).map((s) => s.id).sort()
    expect(ids).toEqual(
      [
        'S0',
        'S1',
        'S2',
        'S3',
        'S4',
        'S5',
        'solar',
        'R1-off',
        'R2-off',
        'R3-off',
        'R5-off',
        'B4-off',
        'market-only',
      ].sort(),
    )
    for (const id of ids) {
      expect(files).toContain(`euler-${id}.csv`)
      expect(files).toContain(`rk4-${id}.csv`)
    }
  })

  it('gives every element units and a doc, and every parameter a slider range', () => {
    for (const e of involution.elements) {
      expect(e.units, `${e.name} units`).toBeTruthy()
      expect(e.doc, `${e.name} doc`).toBeTruthy()
      if (e.kind === 'param') expect(e.min! <= e.value && e.value <= e.max!, `${e.name} range`).toBe(true)
    }
  })

  it('sets only parameters in its scenarios', () => {
    const params = new Set(involution.elements.filter((e) => e.kind === 'param').map((e) => e.id))
    for (const s of involution.scenarios ?? [])
      for (const key of Object.keys(s.set)) expect(params.has(canonicalId(key)), `${s.id}: ${key}`).toBe(true)
  })

  it('names loops whose variables exist and form a causal cycle', () => {
    const graph = dependencyGraph(involution)
    const ids = new Set(involution.elements.map((e) => e.id))
    for (const loop of involution.loops ?? []) {
      const vars = loop.variables.map(canonicalId)
      for (const [i, v] of vars.entries()) {
        expect(ids.has(v), `${loop.id}: ${loop.variables[i]} is not in the model`).toBe(true)
        const next = vars[(i + 1) % vars.length]!
        expect(graph.effectsOf(v), `${loop.id}: ${v} -> ${next}`).toContain(next)
      }
    }
  })

  for (const file of files) {
    const fx = readFixture(file)
    it(`${fx.method} ${fx.scenario} matches the reference within 1%`, () => {
      const run = simulate(compiled, { scenario: fx.scenario, method: fx.method, dt: DT[fx.method]!, saveper: 0.25 })
      const misses: string[] = []
      for (const row of fx.rows) {
        const year = row[0]!
        const i = run.times.findIndex((t) => Math.abs(t - year) < 1e-9)
        expect(i, `no save point at ${year}`).toBeGreaterThanOrEqual(0)
        fx.header.slice(1).forEach((column, j) => {
          const name = COLUMNS[column]
          if (name === undefined) throw new Error(`${file}: no model variable for column ${column}`)
          const expected = row[j + 1]!
          const actual = run.get(name)[i]!
          const err = Math.abs(actual - expected)
          const rel = err / Math.max(Math.abs(expected), 1e-12)
          const w = worst[fx.method]
          if (err > 0 && (!w || rel > w.rel)) worst[fx.method] = { rel, where: `${fx.scenario} ${column} ${year}` }
          if (!(err <= Math.max(0.01, 0.01 * Math.abs(expected))))
            misses.push(`${column} (${name}) at ${year}: ${actual} vs ${expected}`)
        })
      }
      expect(misses).toEqual([])
    })
  }

  afterAll(() => {
    for (const [method, w] of Object.entries(worst))
      console.log(`${method}: worst relative error ${w.rel} (${w.where})`)
  })
})
