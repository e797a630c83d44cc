import { describe, expect, it } from 'vitest'
import { aux, eq, flow, lookup, model, param, stock, validate } from '@stockflow/model'
import type { Element, Issue, Model, TimeSpec } from '@stockflow/model'

const time: TimeSpec = { start: 0, stop: 30, dt: 0.125, units: 'minute' }

/** A model straight from elements, bypassing the DSL's type checks (validate must cope with anything). */
const raw = (elements: readonly Element[], t: TimeSpec = time): Model => ({ name: 'test', time: t, elements })

const withCode = (issues: readonly Issue[], code: string): Issue[] => issues.filter((i) => i.code === code)
const errors = (issues: readonly Issue[]): Issue[] => issues.filter((i) => i.severity === 'error')

/** The one issue of `code`, failing the test when there is not exactly one. */
const only = (issues: readonly Issue[], code: string): Issue => {
  const found = withCode(issues, code)
  expect(found, `issues with code ${code} in ${JSON.stringify(issues)}`).toHaveLength(1)
  return found[0]!
}

/** The equation text an issue's span points at. */
const spanned = (text: string, issue: Issue): string => {
  expect(issue.span).toBeDefined()
  return text.slice(issue.span!.start, issue.span!.end)
}

function teacup(): Model {
  const temperature = stock('Teacup Temperature', { initial: 180, units: 'degF' })
  const room = param('Room Temperature', 70, { units: 'degF', min: 0, max: 100 })
  const tau = param('Characteristic Time', 10, { units: 'minute' })
  const heatLoss = flow('Heat Loss to Room', {
    from: temperature,
    rate: eq`(${temperature} - ${room}) / ${tau}`,
    units: 'degF/minute',
  })
  return model('teacup', { time, elements: [temperature, room, tau, heatLoss] })
}

describe('validate: a valid model', () => {
  it('finds nothing wrong with the teacup', () => {
    expect(validate(teacup())).toEqual([])
  })

  it('accepts Chinese names, lookups, builtins and chained initial values', () => {
    const initialCapacity = param('初始产能', 100)
    const capacity = stock('产能', { initial: eq`${initialCapacity}` })
    const price = lookup('Price Effect', [
      [0, 2],
      [1, 1],
      [2, 0.5],
    ])
    const utilisation = aux('Utilisation', { equation: eq`MIN(1, ${capacity} / 120)` })
    const investment = flow('投资', {
      to: capacity,
      rate: eq`Price_Effect(${utilisation}) * SMTH1(${capacity}, 3) * STEP(0.1, 5) + IF_THEN_ELSE(TIME > 10, 1, 0)`,
    })
    const m = model('industry', { time, elements: [capacity, initialCapacity, price, utilisation, investment] })
    expect(validate(m)).toEqual([])
  })
})

describe('validate: every problem at once', () => {
  it('reports problems of every kind from one call, errors and warnings together', () => {
    const m = raw(
      [
        {
          kind: 'stock',
          name: 'Population',
          id: 'population',
          initial: '',
          inflows: ['births_typo'],
          outflows: ['Fertility'],
        },
        { kind: 'param', name: 'Fertility', id: 'fertility', value: 0.1 },
        { kind: 'param', name: 'fertility', id: 'fertility', value: 0.2 },
        { kind: 'aux', name: 'A', id: 'a', equation: 'B + Fertility' },
        { kind: 'aux', name: 'B', id: 'b', equation: 'A * 2' },
        { kind: 'aux', name: 'Growth', id: 'growth', equation: 'Fertilty * Population' },
        { kind: 'aux', name: 'Smoothed', id: 'smoothed', equation: 'SMTHN(Growth, 3, Fertility)' },
        { kind: 'aux', name: 'Capped', id: 'capped', equation: 'LOG(Growth)' },
        { kind: 'aux', name: 'Weird', id: 'weird', equation: 'frobnicate(Growth, 2)' },
        { kind: 'aux', name: 'Broken', id: 'broken', equation: 'Growth + * 2' },
        { kind: 'lookup', name: 'Effect', id: 'effect', x: [0, 2, 1], y: [0, 1, 2] },
        { kind: 'lookup', name: 'Short', id: 'short', x: [0, 1], y: [0] },
        { kind: 'param', name: 'Time', id: 'time', value: 3 },
        { kind: 'param', name: 'Unused', id: 'unused', value: 1 },
        { kind: 'flow', name: 'Drift', id: 'drift', equation: '1' },
      ],
      { start: 10, stop: 5, dt: 0 },
    )
    const issues = validate(m)
    const codes = new Set(issues.map((i) => i.code))
    for (const code of [
      'bad-dt',
      'bad-time',
      'missing-initial',
      'unknown-flow',
      'not-a-flow',
      'duplicate-name',
      'algebraic-loop',
      'unknown-reference',
      'order-not-constant',
      'wrong-arity',
      'unknown-function',
      'syntax',
      'lookup-not-monotone',
      'lookup-points',
      'reserved-name',
      'unused',
      'unattached-flow',
    ]) {
      expect(codes, `expected ${code} among ${[...codes].join(', ')}`).toContain(code)
    }
    for (const issue of issues) {
      expect(issue.message).not.toBe('')
      expect(issue.element !== undefined || issue.field !== undefined).toBe(true)
    }
    expect(only(issues, 'unattached-flow').severity).toBe('warning')
    expect(only(issues, 'algebraic-loop').severity).toBe('error')
  })

  it('reports an initial-value loop even when the model also has an algebraic loop elsewhere', () => {
    const m = raw([
      { kind: 'aux', name: 'A', id: 'a', equation: 'B + 1' },
      { kind: 'aux', name: 'B', id: 'b', equation: 'A * 2' },
      { kind: 'stock', name: 'Capital', id: 'capital', initial: 'Debt * 2', inflows: [], outflows: [] },
      { kind: 'stock', name: 'Debt', id: 'debt', initial: 'Capital / 2', inflows: [], outflows: [] },
    ])
    const issues = validate(m)
    expect(withCode(issues, 'algebraic-loop')).toHaveLength(1)
    expect(withCode(issues, 'initial-loop').map((i) => i.message)).toEqual([
      'initial values depend on each other in a circle: Capital -> Debt -> Capital',
    ])
  })

  it('never throws, even on a model whose equations do not parse', () => {
    const m = raw([{ kind: 'aux', name: 'A', id: 'a', equation: 'a = 3' }])
    expect(() => validate(m)).not.toThrow()
    expect(only(validate(m), 'unsupported-syntax')).toMatchObject({ element: 'A', field: 'equation' })
  })
})

describe('validate: references', () => {
  it('reports an unknown reference with its position and a did-you-mean hint', () => {
    const text = '(Teacup_Temprature - "Room Temperature") / Characteristic_Time'
    const m = teacup()
    const broken: Model = {
      ...m,
      elements: m.elements.map((e) => (e.kind === 'flow' ? { ...e, equation: text } : e)),
    }
    const issues = validate(broken)
    expect(issues).toHaveLength(1)
    const issue = only(issues, 'unknown-reference')
    expect(issue).toMatchObject({
      severity: 'error',
      element: 'Heat Loss to Room',
      field: 'equation',
      hint: 'did you mean "Teacup Temperature"?',
    })
    expect(issue.message).toContain('Teacup_Temprature')
    expect(spanned(text, issue)).toBe('Teacup_Temprature')
  })

  it('finds the position of an unknown quoted name and of a repeated one', () => {
    const text = 'Known + "Room Temprature" * "Room Temprature"'
    const m = raw([
      { kind: 'param', name: 'Known', id: 'known', value: 1 },
      { kind: 'param', name: 'Room Temperature', id: 'room_temperature', value: 1 },
      { kind: 'aux', name: 'Out', id: 'out', equation: text },
    ])
    const refs = withCode(validate(m), 'unknown-reference')
    expect(refs).toHaveLength(2)
    expect(refs.map((r) => spanned(text, r))).toEqual(['Room Temprature', 'Room Temprature'])
    expect(refs[0]!.span!.start).toBeLessThan(refs[1]!.span!.start)
    expect(refs[0]!.hint).toBe('did you mean "Room Temperature"?')
  })

  it('gives a generic hint when no name is close, and checks initial values too', () => {
    const m = raw([{ kind: 'stock', name: 'S', id: 's', initial: 'zzzqqqxxx * 2', inflows: [], outflows: [] }])
    expect(only(validate(m), 'unknown-reference')).toMatchObject({
      element: 'S',
      field: 'initial',
      span: { start: 0, end: 9 },
      hint: 'check the spelling or add the element',
    })
  })

  it('rejects a lookup used as a value and a non-lookup called like a function', () => {
    const m = raw([
      { kind: 'lookup', name: 'Effect', id: 'effect', x: [0, 1], y: [0, 1] },
      { kind: 'param', name: 'K', id: 'k', value: 2 },
      { kind: 'aux', name: 'A', id: 'a', equation: 'Effect + 1' },
      { kind: 'aux', name: 'B', id: 'b', equation: 'K(2)' },
    ])
    const issues = validate(m)
    expect(only(issues, 'lookup-as-value')).toMatchObject({ element: 'A', field: 'equation', hint: 'write effect(x)' })
    expect(only(issues, 'not-a-lookup')).toMatchObject({ element: 'B', span: { start: 0, end: 1 } })
  })
})

describe('validate: names', () => {
  it('reports names that differ only in case, spaces or underscores as duplicates', () => {
    const m = raw([
      { kind: 'param', name: 'Room Temperature', id: 'room_temperature', value: 1 },
      { kind: 'param', name: 'room_temperature', id: 'room_temperature', value: 2 },
      { kind: 'param', name: 'ROOM   temperature', id: 'room_temperature', value: 3 },
      { kind: 'param', name: 'Room__Temperature_', id: 'room_temperature', value: 4 },
      { kind: 'aux', name: 'Out', id: 'out', equation: 'Room_Temperature * 2' },
    ])
    const dups = withCode(validate(m), 'duplicate-name')
    expect(dups.map((d) => d.element)).toEqual(['room_temperature', 'ROOM   temperature', 'Room__Temperature_'])
    for (const d of dups) {
      expect(d).toMatchObject({ severity: 'error', field: 'name' })
      expect(d.message).toContain('"Room Temperature"')
      expect(d.hint).toMatch(/case, spaces or underscores/)
    }
  })

  it('reserves the clock names, in any spelling', () => {
    const m = raw([
      { kind: 'param', name: 'Time', id: 'time', value: 1 },
      { kind: 'aux', name: 'DT', id: 'dt', equation: '1' },
      { kind: 'param', name: 'Initial  Time', id: 'initial_time', value: 0 },
      { kind: 'param', name: 'Timer', id: 'timer', value: 0 },
    ])
    const reserved = withCode(validate(m), 'reserved-name')
    expect(reserved.map((r) => r.element)).toEqual(['Time', 'DT', 'Initial  Time'])
    for (const r of reserved) expect(r).toMatchObject({ field: 'name', hint: 'rename the element' })
  })

  it('reports an id that does not match its name', () => {
    const m = raw([{ kind: 'param', name: 'Growth Rate', id: 'growth', value: 1 }])
    expect(only(validate(m), 'bad-id')).toMatchObject({ element: 'Growth Rate', field: 'name' })
  })
})

describe('validate: loops', () => {
  it('reports an algebraic loop and prints the cycle', () => {
    const a = aux('a', { equation: 'b + 1' })
    const b = aux('b', { equation: 'a * 2' })
    const issue = only(validate(model('m', { time, elements: [a, b] })), 'algebraic-loop')
    expect(issue.message).toBe('algebraic loop: a -> b -> a')
    expect(issue.element).toBe('a')
    expect(issue.hint).toMatch(/stock/)
  })

  it('prints a longer cycle in causal order with display names', () => {
    const m = raw([
      { kind: 'aux', name: 'Price', id: 'price', equation: 'Demand * 2' },
      { kind: 'aux', name: 'Demand', id: 'demand', equation: '100 - Supply' },
      { kind: 'aux', name: 'Supply', id: 'supply', equation: 'Price / 2' },
    ])
    // Supply reads Price, Demand reads Supply, Price reads Demand.
    expect(only(validate(m), 'algebraic-loop').message).toBe('algebraic loop: Price -> Supply -> Demand -> Price')
  })

  it('reports a variable that reads itself', () => {
    const m = raw([{ kind: 'aux', name: 'Self', id: 'self', equation: 'Self + 1' }])
    expect(only(validate(m), 'algebraic-loop').message).toBe('algebraic loop: Self -> Self')
  })

  it('reports one issue per independent loop', () => {
    const m = raw([
      { kind: 'aux', name: 'A', id: 'a', equation: 'B' },
      { kind: 'aux', name: 'B', id: 'b', equation: 'A' },
      { kind: 'aux', name: 'C', id: 'c', equation: 'D' },
      { kind: 'aux', name: 'D', id: 'd', equation: 'C' },
    ])
    expect(withCode(validate(m), 'algebraic-loop').map((i) => i.element)).toEqual(['A', 'C'])
  })

  it('reports stocks whose initial values depend on each other', () => {
    const m = raw([
      { kind: 'stock', name: 'Capital', id: 'capital', initial: 'Debt * 2', inflows: [], outflows: [] },
      { kind: 'stock', name: 'Debt', id: 'debt', initial: 'Capital / 2', inflows: [], outflows: [] },
    ])
    const issues = validate(m)
    expect(withCode(issues, 'algebraic-loop')).toEqual([])
    const issue = only(issues, 'initial-loop')
    expect(issue.message).toContain('Capital -> Debt -> Capital')
    expect(issue.element).toBe('Capital')
    expect(issue.hint).toMatch(/initial value/)
  })

  it('reports an initial loop through an auxiliary', () => {
    const m = raw([
      { kind: 'stock', name: 'S', id: 's', initial: 'Twice', inflows: [], outflows: [] },
      { kind: 'aux', name: 'Twice', id: 'twice', equation: 'S * 2' },
    ])
    const issues = validate(m)
    expect(withCode(issues, 'algebraic-loop')).toEqual([])
    expect(only(issues, 'initial-loop').message).toMatch(/S -> Twice -> S|Twice -> S -> Twice/)
  })

  it('does not call a loop through a stock algebraic', () => {
    const level = stock('Level', { initial: 10 })
    const goal = param('Goal', 50)
    const tau = param('Adjustment Time', 4)
    const gap = aux('Gap', { equation: eq`${goal} - ${level}` })
    const adjust = flow('Adjustment', { to: level, rate: eq`${gap} / ${tau}` })
    expect(validate(model('goal seeking', { time, elements: [level, goal, tau, gap, adjust] }))).toEqual([])
  })

  it('does not call a loop through SMTH1 algebraic', () => {
    const m = raw([
      { kind: 'aux', name: 'Perceived', id: 'perceived', equation: 'SMTH1(Actual, 3)' },
      { kind: 'aux', name: 'Actual', id: 'actual', equation: '10 - Perceived' },
    ])
    expect(withCode(validate(m), 'algebraic-loop')).toEqual([])
  })

  it('does not call a loop through the input of DELAY1 algebraic', () => {
    const m = raw([
      { kind: 'aux', name: 'Shipments', id: 'shipments', equation: 'DELAY1(Orders, 3)' },
      { kind: 'aux', name: 'Orders', id: 'orders', equation: '10 - Shipments' },
    ])
    expect(withCode(validate(m), 'algebraic-loop')).toEqual([])
  })

  it('accepts a loop through SMTH1 whose initial value is given', () => {
    // With an explicit initial value, Perceived(0) = 0 and Actual(0) = 10: nothing is circular.
    const m = raw([
      { kind: 'aux', name: 'Perceived', id: 'perceived', equation: 'SMTH1(Actual, 3, 0)' },
      { kind: 'aux', name: 'Actual', id: 'actual', equation: '10 - Perceived' },
    ])
    expect(validate(m)).toEqual([])
  })

  it('reports a loop through SMTH1 without an initial value as an initial-value loop', () => {
    // SMTH1 starts at its input, so Actual(0) = 10 - Actual(0): the start values are circular.
    const m = raw([
      { kind: 'aux', name: 'Perceived', id: 'perceived', equation: 'SMTH1(Actual, 3)' },
      { kind: 'aux', name: 'Actual', id: 'actual', equation: '10 - Perceived' },
    ])
    expect(only(validate(m), 'initial-loop').message).toMatch(/Perceived -> Actual -> Perceived/)
  })

  it('accepts a variable that reads its own PREVIOUS value with an initial value', () => {
    const m = raw([{ kind: 'aux', name: 'Counter', id: 'counter', equation: 'PREVIOUS(Counter, 0) + 1' }])
    expect(validate(m)).toEqual([])
  })

  it("reports a loop through DELAY1's delay time as algebraic", () => {
    const m = raw([
      { kind: 'param', name: 'Orders', id: 'orders', value: 10 },
      { kind: 'aux', name: 'Shipments', id: 'shipments', equation: 'DELAY1(Orders, Lead_Time)' },
      { kind: 'aux', name: 'Lead Time', id: 'lead_time', equation: '2 + Shipments / 100' },
    ])
    const issue = only(validate(m), 'algebraic-loop')
    expect(issue.message).toMatch(/Shipments -> Lead Time -> Shipments|Lead Time -> Shipments -> Lead Time/)
  })
})

describe('validate: stocks and flows', () => {
  it('reports a stock without an initial value', () => {
    const s = stock('Inventory', { initial: '' })
    const issue = only(validate(model('m', { time, elements: [s] })), 'missing-initial')
    expect(issue).toMatchObject({ severity: 'error', element: 'Inventory', field: 'initial' })
    expect(issue.hint).toMatch(/initial/)
  })

  it('reports inflows naming a non-flow and outflows naming an unknown flow', () => {
    const m = raw([
      { kind: 'stock', name: 'Tank', id: 'tank', initial: '0', inflows: ['Rain'], outflows: ['Leak'] },
      { kind: 'aux', name: 'Rain', id: 'rain', equation: '1' },
    ])
    const issues = validate(m)
    const notFlow = only(issues, 'not-a-flow')
    expect(notFlow).toMatchObject({ element: 'Tank', field: 'inflows', hint: 'make "Rain" a flow' })
    expect(notFlow.message).toContain('"Rain", a aux')
    const unknown = only(issues, 'unknown-flow')
    expect(unknown).toMatchObject({ element: 'Tank', field: 'outflows' })
    expect(unknown.message).toContain('"Leak"')
    expect(unknown.hint).toBeTruthy()
  })

  it('warns about an unused parameter and lookup, and a flow attached to no stock', () => {
    const used = param('Used', 1)
    const unused = param('Spare Capacity', 5)
    const table = lookup('Table', [
      [0, 0],
      [1, 1],
    ])
    const drift = flow('Drift', { rate: eq`${used} * 2` })
    const issues = validate(model('m', { time, elements: [used, unused, table, drift] }))
    expect(errors(issues)).toEqual([])
    expect(issues).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'unused', element: 'Spare Capacity' }),
      expect.objectContaining({ severity: 'warning', code: 'unused', element: 'Table' }),
      expect.objectContaining({ severity: 'warning', code: 'unattached-flow', element: 'Drift' }),
    ])
    for (const i of issues) expect(i.hint).toBeTruthy()
  })

  it('counts a parameter read only by an initial value as used', () => {
    const start = param('Start', 5)
    const s = stock('S', { initial: eq`${start}` })
    expect(validate(model('m', { time, elements: [start, s] }))).toEqual([])
  })
})

describe('validate: functions', () => {
  const check = (equation: string): Issue[] => {
    const x = param('x', 1)
    return validate(model('m', { time, elements: [x, aux('A', { equation })] }))
  }

  it('reports an unknown function with its position', () => {
    const issue = only(check('1 + frobnicate(x, 2)'), 'unknown-function')
    expect(issue).toMatchObject({ element: 'A', field: 'equation', hint: 'see the list of builtins' })
    expect(spanned('1 + frobnicate(x, 2)', issue)).toBe('frobnicate')
  })

  it('suggests the builtin a misspelt call probably meant', () => {
    expect(only(check('smoth1(x, 2)'), 'unknown-function').hint).toBe('did you mean smth1?')
    const oneArg = only(check('sqr(x)'), 'unknown-function')
    expect(oneArg.message).toMatch(/neither a builtin function nor a lookup/)
    expect(oneArg.hint).toBe('did you mean sqrt?')
  })

  it('reports the wrong number of arguments with the signature as hint', () => {
    const log = only(check('LOG(x)'), 'wrong-arity')
    expect(log).toMatchObject({ message: 'LOG takes 2 arguments, got 1', hint: 'LOG(x, base)', field: 'equation' })
    expect(spanned('LOG(x)', log)).toBe('LOG')
    expect(only(check('abs(x, 2)'), 'wrong-arity').message).toBe('ABS takes 1 argument, got 2')
    expect(only(check('SMTH1(x)'), 'wrong-arity').message).toBe('SMTH1 takes 2 to 3 arguments, got 1')
    expect(check('SAFEDIV(x, 0, 1) + SAFEDIV(x, 2) + PULSE(1, 2)')).toEqual([])
  })

  it('requires a constant order for SMTHN and DELAYN', () => {
    const smthn = only(check('SMTHN(x, 3, x)'), 'order-not-constant')
    expect(smthn).toMatchObject({ element: 'A', field: 'equation', message: 'the order of SMTHN must be a number' })
    expect(smthn.hint).toMatch(/literal/)
    expect(only(check('DELAYN(x, 3, x * 2)'), 'order-not-constant').message).toMatch(/DELAYN/)
    expect(check('SMTHN(x, 3, 2 + 1) + DELAYN(x, 3, 4)')).toEqual([])
  })
})

describe('validate: lookups', () => {
  const use = (l: Element): Model =>
    raw([
      l,
      { kind: 'aux', name: 'Out', id: 'out', equation: `${l.id}(TIME)` },
      { kind: 'param', name: 'p', id: 'p', value: 1 },
    ])

  it('reports x values that do not increase', () => {
    const l = lookup('Effect', [
      [0, 1],
      [2, 3],
      [1, 4],
    ])
    const issue = only(validate(use(l)), 'lookup-not-monotone')
    expect(issue).toMatchObject({ element: 'Effect', field: 'points' })
    expect(issue.message).toContain('x[2] = 1 follows 2')
    expect(issue.hint).toMatch(/sort/)
    const repeated = lookup('Effect', [
      [0, 1],
      [0, 2],
    ])
    expect(withCode(validate(use(repeated)), 'lookup-not-monotone')).toHaveLength(1)
  })

  it('reports x and y of different lengths, with a hint', () => {
    const l: Element = { kind: 'lookup', name: 'Effect', id: 'effect', x: [0, 1, 2], y: [0, 1] }
    const issue = only(validate(use(l)), 'lookup-points')
    expect(issue).toMatchObject({ severity: 'error', element: 'Effect', field: 'points' })
    expect(issue.message).toMatch(/as many y values as x values/)
    expect(issue.hint, 'lookup-points should tell the modeler how to fix it').toBeTruthy()
  })

  it('reports a lookup without points', () => {
    const l: Element = { kind: 'lookup', name: 'Effect', id: 'effect', x: [], y: [] }
    expect(withCode(validate(use(l)), 'lookup-points')).toHaveLength(1)
  })
})

describe('validate: time', () => {
  const m = (t: TimeSpec) => raw([{ kind: 'param', name: 'p', id: 'p', value: 1 }], t)
  const timeErrors = (t: TimeSpec) => errors(validate(m(t)))

  it('rejects a dt that is not positive', () => {
    for (const dt of [0, -0.5]) {
      const issue = only(timeErrors({ start: 0, stop: 10, dt }), 'bad-dt')
      expect(issue).toMatchObject({ severity: 'error', field: 'time' })
      expect(issue.message).toBe(`dt must be positive, got ${dt}`)
      expect(issue.hint).toBeTruthy()
    }
  })

  it('rejects stop at or before start', () => {
    for (const stop of [5, 4]) {
      const issue = only(timeErrors({ start: 5, stop, dt: 1 }), 'bad-time')
      expect(issue).toMatchObject({ field: 'time', message: `stop (${stop}) must be after start (5)` })
      expect(issue.hint).toBeTruthy()
    }
  })

  it('rejects a saveper that is not a multiple of dt, suggesting one', () => {
    const issue = only(timeErrors({ start: 0, stop: 10, dt: 0.25, saveper: 0.3 }), 'saveper-not-multiple')
    expect(issue).toMatchObject({ field: 'time', hint: 'use a multiple such as 0.25' })
    expect(withCode(timeErrors({ start: 0, stop: 10, dt: 0.25, saveper: 0.1 }), 'saveper-not-multiple')).toHaveLength(1)
    expect(only(timeErrors({ start: 0, stop: 10, dt: 1, saveper: 0 }), 'bad-saveper').field).toBe('time')
  })

  it('accepts multiples of dt despite rounding in binary floating point', () => {
    expect(timeErrors({ start: 0, stop: 10, dt: 0.1, saveper: 0.3 })).toEqual([])
    expect(timeErrors({ start: 0, stop: 10, dt: 0.0625, saveper: 1 })).toEqual([])
    expect(timeErrors({ start: 2000, stop: 2035, dt: 0.25, saveper: 0.25 })).toEqual([])
  })

  it('rejects a time value that is not a finite number', () => {
    expect(withCode(timeErrors({ start: 0, stop: Infinity, dt: 1 }), 'bad-time').length).toBeGreaterThan(0)
  })
})
