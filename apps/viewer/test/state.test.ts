import { describe, expect, it } from 'vitest'
import { formatFocus, formatViewState, parseFocus, parseViewState, switchModel } from '../src/state.ts'
import type { ViewState } from '../src/state.ts'

describe('view state in the URL', () => {
  it('round-trips model, scenario, parameters, variables, compared scenarios and loop', () => {
    const state = {
      model: 'involution',
      scenario: 'S1',
      set: { added_tariff: 0.3, 'hares.births': -2, 价格: 1e-7 },
      vars: ['price', 'a,b'],
      compare: ['S0', 'R1-off'],
      loop: 'B19',
    }
    const search = formatViewState(state)
    expect(search).toBe(
      '?model=involution&scenario=S1&p.added_tariff=0.3&p.hares.births=-2&p.%E4%BB%B7%E6%A0%BC=1e-7&var=price&var=a%2Cb&cmp=S0&cmp=R1-off&loop=B19',
    )
    expect(parseViewState(search, 'x')).toEqual(state)
  })

  it('falls back to a model and leaves out what the URL does not say', () => {
    expect(parseViewState('', 'involution')).toEqual({ model: 'involution', set: {}, compare: [] })
    expect(parseViewState('?model=teacup&p.x=&p.y=abc&p.=3&cmp=', 'involution')).toEqual({
      model: 'teacup',
      set: {},
      compare: [],
    })
  })

  it('tells "no variables" from "the default variables"', () => {
    const none = formatViewState({ model: 'sir', set: {}, vars: [], compare: [] })
    expect(none).toBe('?model=sir&var=')
    expect(parseViewState(none, 'x').vars).toEqual([])
    expect(parseViewState('?model=sir', 'x').vars).toBeUndefined()
  })

  it('round-trips the selected variable, the focus view and the dominance basis', () => {
    const state: ViewState = {
      model: 'sir',
      set: {},
      compare: [],
      select: 'x[north,young]',
      focus: 'causes:a:b:2',
      dominance: 'named',
    }
    const search = formatViewState(state)
    expect(search).toBe('?model=sir&sel=x%5Bnorth%2Cyoung%5D&focus=causes%3Aa%3Ab%3A2&dom=named')
    expect(parseViewState(search, 'x')).toEqual(state)
    expect(parseViewState('?model=sir&sel=&focus=&dom=all', 'x')).toEqual({ model: 'sir', set: {}, compare: [] })
  })

  it('reads and writes focus views', () => {
    const focuses = [
      { kind: 'causes', id: 'price', depth: 3 },
      { kind: 'uses', id: 'a:b', depth: 1 },
      { kind: 'loop', id: 'B12' },
      { kind: 'sector', index: 0 },
    ] as const
    for (const focus of focuses) expect(parseFocus(formatFocus(focus))).toEqual(focus)
    expect(formatFocus({ kind: 'uses', id: 'pop[north]', depth: 2 })).toBe('uses:pop[north]:2')
    expect(parseFocus('causes:price:03')).toEqual({ kind: 'causes', id: 'price', depth: 3 })
    for (const bad of [
      '',
      'price',
      'causes:price',
      'causes::2',
      'causes:price:0',
      'causes:price:x',
      'loop:',
      'sector:-1',
      'sector:a',
      'tree:price:2',
    ])
      expect(parseFocus(bad), bad).toBeUndefined()
  })

  it('starts another model afresh', () => {
    expect(switchModel('file')).toEqual({ model: 'file', set: {}, compare: [] })
  })
})
