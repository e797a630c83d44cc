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

  it('gives a per-element equation no graph of the main equation: only its own WITH LOOKUP', () => {
    const text = `Region: north, south, east ~~|
x[Region] :EXCEPT: [north], [east] = WITH LOOKUP(Time, ([(0,0)-(10,20)],(0,10),(10,20))) ~~|
x[north] = 5 ~~|
x[east] = WITH LOOKUP(Time, ([(0,0)-(10,20)],(0,0),(10,10))) ~~|
`
    const result = run(text)
    expect([...result.get('x[north]')]).toEqual([5, 5, 5])
    expect([...result.get('x[south]')]).toEqual([10, 11, 12])
    expect([...result.get('x[east]')]).toEqual([0, 1, 2])
    const x = importMdl(mdl(text)).model.elements.find((e) => e.id === 'x')
    expect(x?.kind === 'aux' && x.perElement?.find((pe) => pe.subscripts[0] === 'north')?.graph).toBeUndefined()
  })

  it('reads every element’s table of an arrayed lookup in the mode LOOKUP FORWARD or BACKWARD asks', () => {
    const result = simulate(
      importMdl(
        mdl(
          `Region: north, south ~~|
tbl[north]((0,0),(2,10)) ~~|
tbl[south]((0,0),(2,20)) ~~|
ahead[Region] = LOOKUP FORWARD(tbl[Region], Time) ~~|
behind[Region] = LOOKUP BACKWARD(tbl[Region], Time) ~~|
plain[Region] = tbl[Region](Time) ~~|
`,
          { initial: 0, final: 1, step: 0.5 },
        ),
      ).model,
    )
    expect([...result.get('ahead[north]')]).toEqual([0, 10, 10])
    expect([...result.get('ahead[south]')]).toEqual([0, 20, 20])
    expect([...result.get('behind[south]')]).toEqual([0, 0, 0])
    expect([...result.get('plain[south]')]).toEqual([0, 5, 10])
  })
})
