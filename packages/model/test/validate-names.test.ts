import { describe, expect, it } from 'vitest'
import { flatten, formatIssue, modelFromData, validate } from '@stockflow/model'
import type { Issue, Model, NamedLoop, Scenario } from '@stockflow/model'

// Scenario keys and named-loop variables are names written as strings: validation checks them against
// the model, one error per name, worded as a run of the scenario words its refusal.

const messages = (issues: readonly Issue[], code: string) => issues.filter((i) => i.code === code).map((i) => i.message)

function teacup(extra: { scenarios?: Scenario[]; loops?: NamedLoop[] } = {}): Model {
  return modelFromData({
    name: 'teacup',
    time: { start: 0, stop: 10, dt: 1 },
    elements: [
      {
        kind: 'stock',
        name: 'Teacup Temperature',
        id: 'teacup_temperature',
        initial: '180',
        inflows: [],
        outflows: ['heat_loss'],
      },
      { kind: 'flow', name: 'Heat Loss', id: 'heat_loss', equation: 'Gap / Characteristic_Time' },
      { kind: 'aux', name: 'Gap', id: 'gap', equation: 'Teacup_Temperature - Room_Temperature' },
      { kind: 'param', name: 'Room Temperature', id: 'room_temperature', value: 70 },
      { kind: 'aux', name: 'Characteristic Time', id: 'characteristic_time', equation: '5 * 2' },
    ],
    ...extra,
  })
}

describe('scenario keys', () => {
  it('accept parameters, constants and stocks by name or id, in any case or spacing', () => {
    const set = { 'Room Temperature': 60, characteristic_time: 8, 'TEACUP temperature': 200 }
    expect(validate(teacup({ scenarios: [{ id: 'S1', set }] }))).toEqual([])
  })

  it('refuse a misspelt name with a did-you-mean, naming the scenario', () => {
    const issues = validate(teacup({ scenarios: [{ id: 'S1', set: { 'Room Temprature': 60 } }] }))
    expect(issues).toEqual([
      {
        severity: 'error',
        code: 'scenario-key',
        message:
          'scenario "S1": cannot set "Room Temprature": model "teacup" has no such variable; did you mean "Room Temperature"?',
      },
    ])
    expect(formatIssue(issues[0]!, 'model.ts')).toBe(
      'model.ts: error [scenario-key]: scenario "S1": cannot set "Room Temprature": model "teacup" has no such variable; did you mean "Room Temperature"?',
    )
  })

  it('refuse a name nothing is close to, a computed variable and a value that is not a number', () => {
    const scenarios: Scenario[] = [
      { id: 'far', set: { Zebra: 1 } },
      { id: 'computed', set: { Gap: 1, 'Heat Loss': 2 } },
      { id: 'nan', set: { 'Room Temperature': NaN } },
    ]
    // modelFromData refuses NaN: only a model built in code gets that far.
    expect(messages(validate({ ...teacup(), scenarios }), 'scenario-key')).toEqual([
      'scenario "far": cannot set "Zebra": model "teacup" has no such variable',
      'scenario "computed": cannot set "Gap": it is an auxiliary computed by an equation; only parameters, constants and stock initial values can be set',
      'scenario "computed": cannot set "Heat Loss": it is a flow computed by an equation; only parameters, constants and stock initial values can be set',
      'scenario "nan": cannot set "Room Temperature" to NaN: not a number',
    ])
  })

  it('report every scenario and every bad key, one issue each', () => {
    const scenarios: Scenario[] = [
      { id: 'a', set: { 'Room Temperatur': 1, 'Characteristic Tme': 2 } },
      { id: 'b', set: { 'Room Temperature': 1 } },
      { id: 'c', set: { 'Teacup Temprature': 1 } },
    ]
    expect(messages(validate(teacup({ scenarios })), 'scenario-key')).toEqual([
      'scenario "a": cannot set "Room Temperatur": model "teacup" has no such variable; did you mean "Room Temperature"?',
      'scenario "a": cannot set "Characteristic Tme": model "teacup" has no such variable; did you mean "Characteristic Time"?',
      'scenario "c": cannot set "Teacup Temprature": model "teacup" has no such variable; did you mean "Teacup Temperature"?',
    ])
  })
})

/** Contact Rate and Pop over Region (north, south, east), with Coast (south, east) a subrange. */
function regions(extra: { scenarios?: Scenario[]; loops?: NamedLoop[] } = {}): Model {
  return modelFromData({
    name: 'regions',
    time: { start: 0, stop: 1, dt: 1 },
    dimensions: [
      { name: 'Region', elements: ['north', 'south', 'east'] },
      { name: 'Coast', elements: ['south', 'east'], parent: 'Region' },
    ],
    elements: [
      { kind: 'param', name: 'Contact Rate', id: 'contact_rate', dimensions: ['Region'], value: 0.3 },
      {
        kind: 'stock',
        name: 'Pop',
        id: 'pop',
        dimensions: ['Region'],
        initial: '10',
        inflows: ['births'],
        outflows: [],
      },
      { kind: 'flow', name: 'Births', id: 'births', dimensions: ['Region'], equation: 'Contact_Rate * Pop' },
      { kind: 'aux', name: 'Total', id: 'total', equation: 'SUM(Pop[*])' },
    ],
    ...extra,
  })
}

describe('scenario keys on arrays', () => {
  it('accept an element, [*], a subrange and a whole array', () => {
    const set = {
      'Contact Rate[north]': 0.1,
      'contact rate[*]': 0.2,
      'Contact Rate[Coast]': 0.15,
      Pop: 5,
      'Pop[East]': 1,
    }
    expect(validate(regions({ scenarios: [{ id: 'ok', set }] }))).toEqual([])
  })

  it('refuse an unknown element, a misspelt variable, a wrong count and a computed array as a run would', () => {
    const set = { 'Contact Rate[west]': 0.1, 'Contact Rat[north]': 0.1, 'Contact Rate[north,south]': 0.1, Births: 1 }
    const found = messages(validate(regions({ scenarios: [{ id: 'bad', set }] })), 'scenario-key')
    expect(found).toEqual([
      'scenario "bad": cannot set "Contact Rate[west]": Contact Rate has no element [west]; did you mean "Contact Rate[east]"?',
      'scenario "bad": cannot set "Contact Rat[north]": model "regions" has no such variable; did you mean "Contact Rate[north]"?',
      expect.stringMatching(
        /^scenario "bad": cannot set "Contact Rate\[north,south\]": Contact Rate has 1 dimension, so 1 subscript: /,
      ),
      'scenario "bad": cannot set "Births[north]": it is a flow computed by an equation; only parameters, constants and stock initial values can be set',
    ])
  })
})

describe('named-loop variables', () => {
  const loop = (variables: string[]): NamedLoop => ({ id: 'R1', name: 'Contagion', polarity: 'reinforcing', variables })

  it('accept variables by name or id and, in an arrayed model, variables and elements', () => {
    expect(
      validate(teacup({ loops: [{ ...loop(['Teacup Temperature', 'heat_loss', 'GAP']), polarity: 'balancing' }] })),
    ).toEqual([])
    expect(validate(regions({ loops: [loop(['Pop', 'Births']), loop(['Pop[north]', 'births[North]'])] }))).toEqual([])
    // Flattened, an array is its elements; named whole, the analysis reads them as the variable.
    const flat = flatten(regions({ loops: [loop(['Pop', 'Births', 'Pop[north]'])] }))
    expect(flat.loops).toHaveLength(1)
    expect(validate(flat)).toEqual([])
  })

  it('refuse a misspelt variable with a did-you-mean, naming the loop', () => {
    const issues = validate(teacup({ loops: [loop(['Teacup Temperature', 'Heat Los', 'Gap'])] }))
    expect(issues).toEqual([
      {
        severity: 'warning',
        code: 'loop-variable',
        message:
          'named loop "R1" (Contagion): "Heat Los" is not a variable of model "teacup"; did you mean "Heat Loss"?',
      },
    ])
  })

  it('refuse an unknown element, a misspelt array and a name standing for several elements', () => {
    const found = messages(
      validate(regions({ loops: [loop(['Pop[west]', 'Birth[north]', 'Pop[*]', 'Pop[Coast]'])] })),
      'loop-variable',
    )
    expect(found).toEqual([
      'named loop "R1" (Contagion): "Pop[west]": Pop has no element [west]; did you mean "Pop[east]"?',
      'named loop "R1" (Contagion): "Birth[north]" is not a variable of model "regions"; did you mean "Births[north]"?',
      'named loop "R1" (Contagion): "Pop[*]" stands for 3 elements; name the variable (Pop) or one element',
      'named loop "R1" (Contagion): "Pop[Coast]" stands for 2 elements; name the variable (Pop) or one element',
    ])
  })

  it('leave out the name when it is the id', () => {
    const issues = validate(teacup({ loops: [{ id: 'B', name: 'B', polarity: 'balancing', variables: ['Gapp'] }] }))
    expect(messages(issues, 'loop-variable')).toEqual([
      'named loop "B": "Gapp" is not a variable of model "teacup"; did you mean "Gap"?',
    ])
  })
})
