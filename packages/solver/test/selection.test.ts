import { describe, expect, it } from 'vitest'
import { compile, simulate } from '@stockflow/solver'
import { flow, model, param, stock } from './helpers.js'

const level = stock('Level', { initial: 'Start_Level' })
const start = param('Start Level', 10)
const rate = param('Fill Rate', 2)
const fill = flow('Fill', { to: level, rate: 'Fill_Rate' })
const drain = flow('Drain', { from: level, rate: 'Level * 0.1' })
const tank = model('tank', {
  time: { start: 0, stop: 4, dt: 0.5, saveper: 1 },
  elements: [level, fill, drain, start, rate],
})

describe('runs with vars, resolved once per list', () => {
  // simulate remembers the resolution of a list (selection.ts): whatever the caller does with its
  // array between runs, each run records what the array says at the time.
  it('follow the list given, even an array changed between runs', () => {
    const c = compile(tank)
    const vars = ['level', 'Fill Rate']
    expect(simulate(c, { vars }).names).toEqual(['Level', 'Fill Rate'])
    expect(simulate(c, { vars }).names).toEqual(['Level', 'Fill Rate'])
    vars[1] = 'drain'
    const changed = simulate(c, { vars })
    expect(changed.names).toEqual(['Level', 'Drain'])
    expect(changed.get('Drain')[0]).toBe(1)
    vars.push('level')
    expect(simulate(c, { vars }).names).toEqual(['Level', 'Drain', 'Level'])
    expect(simulate(c, { vars: ['level', 'Fill Rate'] }).names).toEqual(['Level', 'Fill Rate'])
    expect(simulate(c, { vars: ['LEVEL', 'fill_rate'] }).names).toEqual(['Level', 'Fill Rate'])
  })

  it('report an unknown name every time', () => {
    const c = compile(tank)
    const vars = ['level', 'nothing']
    for (let i = 0; i < 2; i++) expect(() => simulate(c, { vars })).toThrow(/no variable "nothing"/)
  })

  it('read a name asked twice as one series, by name as the last of them', () => {
    const run = simulate(compile(tank), { vars: ['Drain', 'Level', 'drain'] })
    expect(run.series[0]!.values).toBe(run.series[2]!.values)
    expect(run.get('drain')).toBe(run.series[2]!.values)
  })

  // A parameter's column is filled after the loop (the loop never writes it): with the value set for the run.
  it('record parameters at every row, with the value set for the run', () => {
    const c = compile(tank)
    const vars = ['Fill Rate', 'Level', 'Start Level']
    for (const value of [2, 7, -0.5]) {
      const run = simulate(c, { vars, set: { 'Fill Rate': value, 'Start Level': value * 3 } })
      expect(Array.from(run.get('Fill Rate'))).toEqual([value, value, value, value, value])
      expect(Array.from(run.get('Start Level'))).toEqual(Array(5).fill(value * 3))
      expect(run.get('Level')[0]).toBe(value * 3)
    }
  })
})
