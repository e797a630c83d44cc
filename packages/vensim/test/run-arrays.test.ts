import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { importMdl } from '../src/index.js'
import { mdl } from './mdl-text.js'

// Arrayed .mdl models run end to end: import, the model's flattening, the solver; elements by name.
describe('arrayed .mdl models run', () => {
  const run = (equations: string) => simulate(importMdl(mdl(equations, { initial: 0, final: 2, step: 1 })).model)

  it('runs an arrayed stock with an :EXCEPT: flow and a reduction, each element by its name', () => {
    const result = run(`Region: north, south, east ~~|
Pop[Region] = INTEG(births[Region], init[Region]) ~~|
init[Region] = 100, 200, 300 ~~|
births[Region] :EXCEPT: [east] = Pop[Region] * 0.5 ~~|
births[east] = 0 ~~|
total = SUM(Pop[Region!]) ~~|
`)
    expect([...result.get('Pop[north]')]).toEqual([100, 150, 225])
    expect([...result.get('Pop[east]')]).toEqual([300, 300, 300])
    expect([...result.get('total')]).toEqual([600, 750, 975])
    expect(result.array('Pop').elements.map((e) => e.name)).toEqual(['Pop[north]', 'Pop[south]', 'Pop[east]'])
  })

  it('runs per-element equations, a stock with different rates per element, lists, tables and ranges as values', () => {
    const result = run(`Region: north, south ~~|
Age: young, old ~~|
m[Region, Age] = 1, 2; 3, 4; ~~|
tbl[north]((0,0),(10,10)) ~~|
tbl[south]((0,0),(10,20)) ~~|
looked[Region] = tbl[Region](Time) ~~|
place[Region] = Region * 10 ~~|
S[Region] :EXCEPT: [north] = INTEG(m[Region, old], 0) ~~|
S[north] = INTEG(m[north, young] + place[north], 0) ~~|
`)
    expect([...result.get('m[south,young]')]).toEqual([3, 3, 3])
    expect([...result.get('looked[south]')]).toEqual([0, 2, 4])
    expect([...result.get('place[south]')]).toEqual([20, 20, 20])
    expect([...result.get('S[north]')]).toEqual([0, 11, 22])
    expect([...result.get('S[south]')]).toEqual([0, 4, 8])
  })
})
