import { describe, expect, it } from 'vitest'
import { StockflowError, lookup } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { aux, auxModel, flow, model, param, stock } from './helpers.js'

const level = stock('Level', { initial: 'Start_Level', units: 'widget' })
const start = param('Start Level', 10)
const rate = param('Fill Rate', 2)
const constant = aux('Drain Fraction', { equation: '0.1' })
const fill = flow('Fill', { to: level, rate: 'Fill_Rate' })
const drain = flow('Drain', { from: level, rate: 'Level * Drain_Fraction' })
const tank = model('tank', {
  time: { start: 0, stop: 4, dt: 0.5, saveper: 1 },
  elements: [level, fill, drain, start, rate, constant],
  scenarios: [
    { id: 'S1', name: 'fast fill', set: { 'fill rate': 5 } },
    { id: 'big', set: { Level: 100 } },
  ],
})

describe('simulate', () => {
  it('saves every saveper, with stocks and flows at the same time', () => {
    const run = simulate(tank)
    expect(Array.from(run.times)).toEqual([0, 1, 2, 3, 4])
    expect(run.names).toEqual(['Level', 'Fill', 'Drain', 'Start Level', 'Fill Rate', 'Drain Fraction'])
    expect(run.get('level')[0]).toBe(10)
    expect(run.get('drain')[0]).toBe(1)
    // Euler by hand: L += 0.5 * (2 - 0.1 L), twice per saved row.
    let l = 10
    for (let i = 0; i < 2; i++) l += 0.5 * (2 - 0.1 * l)
    expect(run.get('Level')[1]).toBeCloseTo(l, 14)
  })

  it('sets parameters, constant auxiliaries and stock initial values without recompiling', () => {
    const compiled = compile(tank)
    const base = simulate(compiled)
    const changed = simulate(compiled, { set: { 'FILL RATE': 4, drain_fraction: 0, 'Start Level': 1 } })
    expect(changed.get('Level')[0]).toBe(1)
    expect(changed.get('Level')[4]).toBeCloseTo(1 + 4 * 4, 12)
    expect(simulate(compiled, { set: { Level: 50 } }).get('Level')[0]).toBe(50)
    expect(simulate(compiled).get('Level')).toEqual(base.get('Level'))
    expect(changed.meta.set).toEqual({ 'FILL RATE': 4, drain_fraction: 0, 'Start Level': 1 })
  })

  it('runs scenarios by case-insensitive id; set overrides the scenario', () => {
    expect(simulate(tank, { scenario: 's1' }).get('Fill')[0]).toBe(5)
    expect(simulate(tank, { scenario: 'S1', set: { 'Fill Rate': 7 } }).get('Fill')[0]).toBe(7)
    expect(simulate(tank, { scenario: 'big' }).get('Level')[0]).toBe(100)
    expect(simulate(tank, { scenario: 'S1' }).meta.scenario).toBe('S1')
    expect(() => simulate(tank, { scenario: 'nope' })).toThrow(/no scenario "nope"; it has S1, big/)
  })

  it('refuses to set what an equation computes, and unknown names', () => {
    expect(() => simulate(tank, { set: { Drain: 1 } })).toThrow(StockflowError)
    expect(() => simulate(tank, { set: { Drain: 1 } })).toThrow(/flow computed by an equation/)
    expect(() => simulate(tank, { set: { nothing: 1 } })).toThrow(/no such variable/)
  })

  it('keeps only the chosen variables', () => {
    const run = simulate(tank, { vars: ['drain', 'Level'] })
    expect(run.names).toEqual(['Drain', 'Level'])
    expect(() => simulate(tank, { vars: ['missing'] })).toThrow(/no variable "missing" in model "[^"]+"$/)
    expect(() => simulate(tank, { vars: ['Levle'] })).toThrow(/no variable "Levle".*; did you mean "Level"\?$/)
    expect(() => simulate(tank, { set: { Drian: 1 } })).toThrow(/no such variable; did you mean "Drain"\?$/)
    // A lookup is no variable of a run: never suggested.
    const withTable = auxModel({ y: 'effect_table(1)' }, undefined, [
      lookup('effect table', [
        [0, 0],
        [2, 1],
      ]),
    ])
    expect(() => simulate(withTable, { vars: ['effect tabel'] })).toThrow(/no variable "effect tabel" in model "test"$/)
  })

  it('checks the clock', () => {
    expect(() => simulate(tank, { dt: 0 })).toThrow(/dt must be positive/)
    expect(() => simulate(tank, { saveper: 0.3 })).toThrow(/whole multiple of dt/)
    expect(() => simulate(tank, { stop: -1 })).toThrow(/must be after start/)
    expect(simulate(tank, { dt: 0.25 }).meta).toMatchObject({ dt: 0.25, saveper: 1 })
    expect(simulate(tank, { dt: 0.25, saveper: 0.25 }).times).toHaveLength(17)
  })

  it('gives the same rows for every method when the derivative is constant', () => {
    const flat = model('flat', { time: { start: 0, stop: 3, dt: 1 }, elements: [level, fill, start, rate] })
    for (const method of ['euler', 'rk2', 'rk4', 'adaptive'] as const) {
      const got = simulate(flat, { method }).get('Level')
      ;[10, 12, 14, 16].forEach((want, i) => expect(got[i]).toBeCloseTo(want, 10))
    }
  })

  it('throws every model error at once, before running', () => {
    const broken = model('broken', {
      time: { start: 0, stop: 1, dt: 1 },
      elements: [aux('a', { equation: 'b + nope' }), aux('b', { equation: 'a' })],
    })
    try {
      compile(broken)
      expect.unreachable()
    } catch (err) {
      expect(err).toBeInstanceOf(StockflowError)
      const codes = (err as StockflowError).issues.map((i) => i.code).sort()
      expect(codes).toEqual(['algebraic-loop', 'unknown-reference'])
    }
  })
})

describe('Run', () => {
  const run = simulate(tank)
  it('reads values by name, at times, as records, CSV and JSON', () => {
    expect(run.at('Level', 0.5)).toBeCloseTo((run.get('Level')[0]! + run.get('Level')[1]!) / 2, 12)
    expect(run.toRecords()[0]).toEqual({
      time: 0,
      Level: 10,
      Fill: 2,
      Drain: 1,
      'Start Level': 10,
      'Fill Rate': 2,
      'Drain Fraction': 0.1,
    })
    const csv = run.toCSV().split('\n')
    expect(csv[0]).toBe('time,Level,Fill,Drain,Start Level,Fill Rate,Drain Fraction')
    expect(csv[1]).toBe('0,10,2,1,10,2,0.1')
    expect(csv).toHaveLength(7)
    const json = run.toJSON()
    expect(json.time).toEqual([0, 1, 2, 3, 4])
    expect(json.series.Level![0]).toBe(10)
    expect(json.meta).toMatchObject({
      model: 'tank',
      method: 'euler',
      dt: 0.5,
      saveper: 1,
      stockflow: expect.any(String),
    })
    expect(() => run.get('nothing')).toThrow(/no output "nothing"/)
  })
})
