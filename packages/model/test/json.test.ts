import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  StockflowError,
  aux,
  eq,
  flow,
  lookup,
  model,
  modelFromData,
  modelFromJSON,
  modelToJSON,
  param,
  stock,
  validate,
} from '@stockflow/model'
import type { Model } from '@stockflow/model'

function fullModel(): Model {
  const capacity = stock('产能', {
    initial: 100,
    units: 'widget',
    doc: 'installed capacity',
    min: 0,
    nonNegative: true,
  })
  const debt = stock('Local Government Debt', { initial: eq`${capacity} * 0.5`, units: 'money', max: 1e6 })
  const rate = param('Investment Rate', 0.08, { units: '1/year', min: 0, max: 0.5, doc: 'share reinvested' })
  const effect = lookup(
    'Price Effect',
    [
      [0, 2],
      [1, 1],
      [2, 0.25],
    ],
    { mode: 'extrapolate', units: 'dimensionless' },
  )
  const utilisation = aux('Utilisation', { equation: eq`MIN(1, ${capacity} / 120)`, doc: 'share in use' })
  const investment = flow('Investment', {
    to: capacity,
    rate: eq`${rate} * ${capacity} * Price_Effect(${utilisation})`,
    units: 'widget/year',
    nonNegative: true,
  })
  const borrowing = flow('Borrowing', { to: debt, rate: eq`${investment} * 0.3` })
  const repayment = flow('Repayment', { from: debt, rate: eq`${debt} / 10` })
  return model('involution', {
    time: { start: 2000, stop: 2035, dt: 0.25, saveper: 1, units: 'year', method: 'rk4' },
    doc: 'overcapacity and debt',
    elements: [capacity, debt, rate, effect, utilisation, investment, borrowing, repayment],
    scenarios: [
      { id: 'S0', name: 'baseline', set: {} },
      { id: 'solar', doc: 'more investment', set: { 'Investment Rate': 0.12, 产能: 150 } },
    ],
    loops: [
      {
        id: 'R1',
        name: 'capacity builds capacity',
        polarity: 'reinforcing',
        variables: ['产能', 'Investment'],
        story: 'more capacity, more investment',
      },
      { id: 'B1', name: 'repayment', polarity: 'balancing', variables: ['Local Government Debt', 'Repayment'] },
    ],
    views: [
      {
        name: 'main',
        items: [
          { id: '产能', x: 100, y: 50, width: 45, height: 35 },
          {
            id: 'investment',
            x: 40.5,
            y: 50,
            points: [
              [0, 50],
              [100, 50],
            ],
          },
        ],
      },
      { items: [] },
    ],
  })
}

/** The StockflowError that `read` throws, failing when it throws nothing or something else. */
const failure = (read: () => unknown): StockflowError => {
  try {
    read()
  } catch (err) {
    expect(err).toBeInstanceOf(StockflowError)
    return err as StockflowError
  }
  throw new Error('expected a StockflowError')
}

const teacupData = () => ({
  name: 'teacup',
  time: { start: 0, stop: 30, dt: 0.125 },
  elements: [
    { kind: 'stock', name: 'Teacup Temperature', initial: 180, outflows: ['heat_loss'] },
    { kind: 'param', name: 'Room Temperature', value: 70 },
    { kind: 'flow', name: 'Heat Loss', equation: '(Teacup_Temperature - Room_Temperature) / 10' },
  ] as Record<string, unknown>[],
})

describe('modelToJSON / modelFromJSON', () => {
  it('round-trips a model losslessly: scenarios, loops, views, units, doc, min/max, lookup modes, nonNegative', () => {
    const m = fullModel()
    const text = modelToJSON(m)
    const back = modelFromJSON(text)
    expect(back).toEqual(m)
    expect(modelToJSON(back)).toBe(text)
    expect(validate(back)).toEqual(validate(m))
  })

  it('writes pretty JSON ending in a newline', () => {
    const text = modelToJSON(fullModel())
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "name": "involution",')
  })

  it('derives ids, empty flow lists and equation text when a hand-written file leaves them out', () => {
    const m = modelFromJSON(JSON.stringify(teacupData()))
    expect(m.elements.map((e) => e.id)).toEqual(['teacup_temperature', 'room_temperature', 'heat_loss'])
    expect(m.elements[0]).toMatchObject({ initial: '180', inflows: [], outflows: ['heat_loss'] })
    expect(validate(m)).toEqual([])
  })
})

describe('modelFromJSON errors', () => {
  const read = (data: unknown) => () => modelFromJSON(JSON.stringify(data), 'models/teacup.json')

  it('names the file when the text is not JSON', () => {
    const err = failure(() => modelFromJSON('{ "name": "teacup", ', 'models/teacup.json'))
    expect(err.message).toMatch(/^models\/teacup\.json: not valid JSON at line 1, column 21: /)
    expect(err.message).not.toContain('\n')
  })

  it('reports a missing model name', () => {
    const { name: _name, ...rest } = teacupData()
    expect(failure(read(rest)).message).toBe('models/teacup.json: the model: "name" must be a string')
  })

  it('reports an element without a name by its position', () => {
    const data = teacupData()
    data.elements[1] = { kind: 'param', value: 70 }
    expect(failure(read(data)).message).toBe('models/teacup.json: elements[1]: "name" must be a string')
  })

  it('reports an unknown kind, naming the element', () => {
    const data = teacupData()
    data.elements[2] = { ...data.elements[2], kind: 'widget' }
    expect(failure(read(data)).message).toBe(
      'models/teacup.json: element "Heat Loss": unknown kind "widget" (stock, flow, aux, param, lookup)',
    )
  })

  it('reports a parameter value that is not a number', () => {
    const data = teacupData()
    data.elements[1] = { kind: 'param', name: 'Room Temperature', value: '70' }
    const message = 'models/teacup.json: element "Room Temperature": "value" must be a finite number'
    expect(failure(read(data)).message).toBe(message)
    const huge = JSON.stringify(teacupData()).replace('"value":70', '"value":1e999')
    expect(failure(() => modelFromJSON(huge, 'models/teacup.json')).message).toBe(message)
  })

  it('reports a loop with a bad polarity', () => {
    const data = { ...teacupData(), loops: [{ id: 'R1', name: 'r', polarity: 'positive', variables: [] }] }
    expect(failure(read(data)).message).toBe(
      'models/teacup.json: loops[0]: "polarity" must be "reinforcing" or "balancing"',
    )
  })

  it('reports bad time settings, flags and lookup modes', () => {
    expect(failure(read({ ...teacupData(), time: { start: 0, stop: 1 } })).message).toBe(
      'models/teacup.json: time: "dt" must be a finite number',
    )
    expect(failure(read({ ...teacupData(), time: { start: 0, stop: 1, dt: 1, method: 'rk45' } })).message).toMatch(
      /time: unknown method "rk45"/,
    )
    const flag = teacupData()
    flag.elements[0] = { ...flag.elements[0], nonNegative: 'yes' }
    expect(failure(read(flag)).message).toBe(
      'models/teacup.json: element "Teacup Temperature": "nonNegative" must be true or false',
    )
    const table = teacupData()
    table.elements.push({ kind: 'lookup', name: 'T', x: [0], y: [1], mode: 'spline' })
    expect(failure(read(table)).message).toMatch(/element "T": unknown lookup mode "spline"/)
  })

  it('uses a default file name for plain data', () => {
    expect(failure(() => modelFromData(42)).message).toBe('model: the model: expected an object')
    expect(failure(() => modelFromData({ ...teacupData(), elements: {} })).message).toMatch(
      /"elements" must be an array/,
    )
  })
})

describe('modelFromJSON with hostile input', () => {
  afterEach(() => {
    vi.restoreAllMocks()
  })

  it('reads code-like names and equations as plain strings and never runs them', () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation(() => undefined as never)
    const evil = "'); process.exit(1); ('"
    const text = JSON.stringify({
      name: evil,
      time: { start: 0, stop: 1, dt: 1 },
      elements: [
        { kind: 'param', name: evil, value: 1 },
        { kind: 'aux', name: 'Exit', equation: 'process.exit(1)' },
        { kind: 'aux', name: 'Loader', equation: 'require("child_process")' },
      ],
    })
    const m = modelFromJSON(text)
    expect(m.name).toBe(evil)
    expect(m.elements[0]).toMatchObject({ name: evil, value: 1 })
    expect(m.elements[1]).toMatchObject({ equation: 'process.exit(1)' })
    const issues = validate(m)
    expect(issues.filter((i) => i.element === 'Exit').map((i) => i.code)).toEqual(['unsupported-syntax'])
    expect(issues.filter((i) => i.element === 'Loader').map((i) => i.code)).toEqual([
      'unknown-function',
      'unknown-reference',
    ])
    expect(exit).not.toHaveBeenCalled()
  })

  it('ignores __proto__ and unknown keys instead of copying them', () => {
    const text = `{
      "__proto__": { "polluted": true },
      "name": "m",
      "time": { "start": 0, "stop": 1, "dt": 1, "__proto__": { "polluted": true } },
      "elements": [
        { "kind": "param", "name": "p", "value": 1, "__proto__": { "polluted": true }, "exec": "rm -rf /" }
      ]
    }`
    const m = modelFromJSON(text)
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(m.time)).toBe(Object.prototype)
    expect(Object.getPrototypeOf(m.elements[0])).toBe(Object.prototype)
    expect(m.elements[0]).toEqual({ kind: 'param', name: 'p', id: 'p', value: 1 })
    expect(Object.keys(m)).toEqual(['name', 'time', 'elements'])
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('reads an element named __proto__ as a plain name', () => {
    const m = modelFromJSON(
      JSON.stringify({
        name: 'm',
        time: { start: 0, stop: 1, dt: 1 },
        elements: [
          { kind: 'param', name: '__proto__', value: 1 },
          { kind: 'param', name: 'constructor', value: 2 },
        ],
      }),
    )
    expect(m.elements.map((e) => e.name)).toEqual(['__proto__', 'constructor'])
    expect(({} as Record<string, unknown>).value).toBeUndefined()
  })

  it('keeps scenario keys such as "__proto__" and "constructor" as plain data', () => {
    const text = `{
      "name": "m",
      "time": { "start": 0, "stop": 1, "dt": 1 },
      "elements": [{ "kind": "param", "name": "__proto__", "value": 1 }],
      "scenarios": [{ "id": "s", "set": { "__proto__": 5, "constructor": 6, "x": 7 } }]
    }`
    const set = modelFromJSON(text).scenarios![0]!.set
    expect(Object.getPrototypeOf(set) === Object.prototype || Object.getPrototypeOf(set) === null).toBe(true)
    expect(Object.keys(set)).toEqual(['__proto__', 'constructor', 'x'])
    expect(Object.getOwnPropertyDescriptor(set, '__proto__')?.value).toBe(5)
    expect(set.constructor).toBe(6)
  })
})

describe('JSON: arrays', () => {
  const arrayedJSON = {
    name: 'regions',
    time: { start: 0, stop: 1, dt: 1 },
    dimensions: [
      {
        name: 'Region',
        elements: ['north', 'south'],
        aliases: ['Place'],
        mappings: [{ to: 'Zone', elements: ['z2', 'z1'] }],
      },
      { name: 'Coast', elements: ['north'], parent: 'Region' },
      { name: 'Zone', elements: ['z1', 'z2'] },
      { name: 'Layer', size: 3 },
    ],
    elements: [
      {
        kind: 'param',
        name: 'Rate',
        dimensions: ['Region'],
        value: 1,
        perElement: [{ subscripts: ['south'], equation: 2 }],
      },
      {
        kind: 'lookup',
        name: 'L',
        dimensions: ['Layer'],
        x: [],
        y: [],
        perElement: [{ subscripts: ['Layer'], graph: { x: [0, 1], y: [1, 2] } }],
      },
    ],
  }

  it('reads dimensions (a size as elements "1" to "n") and per-element equations, and writes them back the same', () => {
    const m = modelFromData(arrayedJSON)
    expect(m.dimensions).toEqual([
      {
        name: 'Region',
        elements: ['north', 'south'],
        aliases: ['Place'],
        mappings: [{ to: 'Zone', elements: ['z2', 'z1'] }],
      },
      { name: 'Coast', elements: ['north'], parent: 'Region' },
      { name: 'Zone', elements: ['z1', 'z2'] },
      { name: 'Layer', elements: ['1', '2', '3'] },
    ])
    expect(m.elements[0]).toEqual({
      kind: 'param',
      name: 'Rate',
      id: 'rate',
      dimensions: ['Region'],
      value: 1,
      perElement: [{ subscripts: ['south'], equation: '2' }],
    })
    expect(m.elements[1]).toMatchObject({ perElement: [{ subscripts: ['Layer'], graph: { x: [0, 1], y: [1, 2] } }] })
    expect(modelFromJSON(modelToJSON(m))).toEqual(m)
    expect(validate(m).map((i) => `${i.code} ${i.element}`)).toEqual(['unused Rate[north]', 'unused L[1]'])
  })

  it('says where a dimension or per-element equation is malformed', () => {
    const bad = (patch: object) => () => modelFromData({ ...arrayedJSON, ...patch }, 'm.json')
    expect(bad({ dimensions: [{ name: 'D' }] })).toThrow(
      'm.json: dimension "D": give its "elements" (names) or its "size" (a number)',
    )
    expect(bad({ dimensions: [{ name: 'D', size: 0 }] })).toThrow(
      'm.json: dimension "D": "size" must be a whole number from 1',
    )
    expect(bad({ dimensions: [{ name: 'D', elements: ['a'], mappings: [{ elements: [] }] }] })).toThrow(
      'm.json: dimension "D".mappings[0]: "to" must be a string',
    )
    const element = (e: object) => bad({ elements: [{ kind: 'aux', name: 'A', equation: '1', ...e }] })
    expect(element({ dimensions: 'Region' })).toThrow('m.json: element "A": "dimensions" must be an array of strings')
    expect(element({ perElement: [{ subscripts: ['north'] }] })).toThrow(
      'm.json: element "A".perElement[0]: give it an "equation" or a "graph"',
    )
    expect(element({ perElement: [{ equation: '1' }] })).toThrow(StockflowError)
  })
})
