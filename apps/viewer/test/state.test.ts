import { describe, expect, it } from 'vitest'
import { formatViewState, parseViewState, switchModel } from '../src/state.ts'

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

  it('starts another model afresh', () => {
    expect(switchModel('file')).toEqual({ model: 'file', set: {}, compare: [] })
  })
})
