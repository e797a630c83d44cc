import { describe, expect, it } from 'vitest'
import { model } from '@stockflow/model'
import type { NamedLoop } from '@stockflow/model'
import sir from '../../../seeds/SIR/model.js'
import { analyzeLoops } from '@stockflow/loops'
import { containsInCyclicOrder, matchNamedLoops } from '../src/named.js'

describe('containsInCyclicOrder', () => {
  it('accepts the named variables in cyclic order, with others between them', () => {
    const loop = ['a', 'b', 'c', 'd', 'e']
    expect(containsInCyclicOrder(loop, ['a', 'c', 'e'])).toBe(true)
    expect(containsInCyclicOrder(loop, ['d', 'a', 'b'])).toBe(true) // wraps around once
    expect(containsInCyclicOrder(loop, ['c'])).toBe(true)
    expect(containsInCyclicOrder(loop, ['c', 'a', 'e'])).toBe(false) // out of order
    expect(containsInCyclicOrder(loop, ['a', 'x'])).toBe(false)
    expect(containsInCyclicOrder(loop, [])).toBe(false)
  })
})

describe('matchNamedLoops', () => {
  const loops = [
    { id: 'R1', polarity: 'reinforcing' as const, variables: ['a', 'b'] },
    { id: 'B1', polarity: 'balancing' as const, variables: ['a', 'c', 'b'] },
    { id: 'B2', polarity: 'balancing' as const, variables: ['a', 'd'] },
  ]
  const named = (id: string, polarity: NamedLoop['polarity'], variables: string[]): NamedLoop => ({
    id,
    name: id,
    polarity,
    variables,
  })
  const resolve = (name: string) => (['a', 'b', 'c', 'd'].includes(name) ? name : undefined)

  it('takes the shortest matching loop, preferring the named polarity among equals', () => {
    const [m] = matchNamedLoops([named('X', 'balancing', ['a', 'b'])], loops, resolve)
    expect(m).toMatchObject({ loop: 'R1', exact: true, candidates: 2, polarityAgrees: false })
    const [n] = matchNamedLoops([named('Y', 'balancing', ['b', 'a'])], loops, resolve)
    expect(n).toMatchObject({ loop: 'R1' }) // b -> a -> b is the same loop
  })

  it('reports unknown variables and loops not found', () => {
    const [u, v] = matchNamedLoops(
      [named('U', 'balancing', ['a', 'zz']), named('V', 'reinforcing', ['c', 'd'])],
      loops,
      resolve,
    )
    expect(u).toMatchObject({ unknown: ['zz'], candidates: 0 })
    expect(u!.loop).toBeUndefined()
    expect(v).toMatchObject({ candidates: 0, unknown: [] })
  })

  it('names the found loops of a model', () => {
    const loops: NamedLoop[] = [
      { id: 'R', name: 'Contagion', polarity: 'reinforcing', variables: ['Infectious', 'Succumbing'] },
      { id: 'B', name: 'Depletion', polarity: 'reinforcing', variables: ['Susceptible', 'Succumbing'] },
      { id: 'X', name: 'Nonsense', polarity: 'balancing', variables: ['Recovered', 'Recovering'] },
    ]
    const a = analyzeLoops(model('SIR', { time: sir.time, elements: sir.elements, loops }))
    expect(a.loop('R1')!.named).toEqual([{ id: 'R', name: 'Contagion' }])
    expect(a.named.map((m) => [m.named.id, m.loop, m.polarityAgrees])).toEqual([
      ['R', 'R1', true],
      ['B', 'B2', false],
      ['X', undefined, undefined],
    ])
  })
})
