import { describe, expect, it } from 'vitest'
import { aux, eq, flow, lint, lookup, model, param, stock } from '@stockflow/model'
import type { Element, Issue, LintRun, Model, TimeSpec } from '@stockflow/model'

const time: TimeSpec = { start: 0, stop: 4, dt: 1, units: 'day' }

/** A model straight from elements, bypassing the DSL's type checks. */
const raw = (elements: readonly Element[], t: TimeSpec = time): Model => ({ name: 'test', time: t, elements })

const withCode = (issues: readonly Issue[], code: string): Issue[] => issues.filter((i) => i.code === code)

/** A run made of plain series, keyed by id or name. */
function fakeRun(series: Record<string, number[]>): LintRun {
  const byId = new Map(Object.entries(series).map(([k, v]) => [k.toLowerCase().replace(/[\s_]+/g, '_'), v]))
  const key = (name: string) => name.toLowerCase().replace(/[\s_]+/g, '_')
  return {
    times: Float64Array.from([0, 1, 2, 3, 4]),
    has: (name) => byId.has(key(name)),
    get: (name) => Float64Array.from(byId.get(key(name)) ?? []),
  }
}

describe('lint: missing units', () => {
  it('warns once per stock, flow, aux and param without units, never for lookups', () => {
    const s = stock('Water', { initial: 10 })
    const k = param('Drain Time', 5)
    const f = flow('Drain', { from: s, rate: eq`${s} / ${k}` })
    const a = aux('Level', { equation: eq`${s}` })
    const l = lookup('Effect', [
      [0, 0],
      [1, 1],
    ])
    const issues = withCode(lint(raw([s, k, f, a, l])), 'missing-units')
    expect(issues.map((i) => i.element)).toEqual(['Water', 'Drain Time', 'Drain', 'Level'])
    expect(issues.every((i) => i.severity === 'warning' && i.hint)).toBe(true)
  })

  it('is quiet when everything has units (blank units count as none)', () => {
    const s = stock('Water', { initial: 10, units: 'liter' })
    const k = param('Drain Time', 5, { units: 'day' })
    const f = flow('Drain', { from: s, rate: eq`${s} / ${k}`, units: ' ' })
    expect(withCode(lint(raw([s, k, f])), 'missing-units').map((i) => i.element)).toEqual(['Drain'])
  })
})

describe('lint: buried constants', () => {
  const s = stock('Water', { initial: 10, units: 'liter' })
  const p = param('Policy Year', 3, { units: 'day' })
  const withEquation = (equation: string) =>
    withCode(lint(raw([s, p, aux('X', { equation, units: 'liter' })])), 'buried-constant')

  it('names the numbers of a flow or aux equation, with a hint to make them parameters', () => {
    const [issue, ...rest] = withEquation('Water * 0.37 + 12 - Water / 12')
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ severity: 'warning', element: 'X', field: 'equation' })
    expect(issue!.message).toContain('0.37, 12')
    expect(issue!.hint).toMatch(/parameter/)
  })

  it('allows 0, 1, 2, 0.5, 100 and -1, exponents, and equations that are only numbers', () => {
    expect(withEquation('Water * 0 + 1 - 2 * Water * 0.5 / 100 * -1')).toEqual([])
    expect(withEquation('Water ^ 0.3 + Water ^ 3')).toEqual([])
    expect(withEquation('42')).toEqual([])
    expect(withEquation('1 / 32')).toEqual([])
  })

  it('reads a negated literal as one number', () => {
    expect(withEquation('MAX(Water, -50)')[0]!.message).toContain('-50')
    expect(withEquation('MAX(Water, -1)')).toEqual([])
  })

  it('skips dates: numbers compared with TIME and the time arguments of STEP, RAMP and PULSE', () => {
    expect(withEquation('Water * EXP(-(TIME - 2010)) + IF_THEN_ELSE(TIME >= 2012.75, 1, 0)')).toEqual([])
    expect(withEquation('STEP(1, 2012.75) + RAMP(2, 2011.5, Policy_Year + 3) + PULSE(1, 2015, 5) * Water')).toEqual([])
    // The height of a step is a magnitude, not a date.
    expect(withEquation('STEP(0.15, 2024.5) * Water')[0]!.message).toMatch(/constant 0\.15$/)
  })

  it('skips the order of SMTHN and DELAYN, and stock initial values', () => {
    expect(withEquation('SMTHN(Water, Policy_Year, 5)')).toEqual([])
    const t = stock('Tank', { initial: '3 * 7', units: 'liter' })
    expect(withCode(lint(raw([t])), 'buried-constant')).toEqual([])
  })
})

describe('lint: dt too large', () => {
  const tank = (dt: number, equation: string, extra: Element[] = []) => {
    const s: Element = {
      kind: 'stock',
      name: 'Tank',
      id: 'tank',
      initial: '10',
      inflows: [],
      outflows: ['out'],
      units: 'l',
    }
    const out: Element = { kind: 'flow', name: 'Out', id: 'out', equation, units: 'liter/day' }
    return withCode(lint(raw([s, out, ...extra], { ...time, dt })), 'dt-too-large')
  }
  const tau = param('Tau', 2, { units: 'day' })

  it('reads a first-order outflow Stock / T with T a number or a parameter', () => {
    expect(tank(0.5, 'Tank / 2')).toEqual([])
    const [issue] = tank(1, 'Tank / Tau', [tau])
    expect(issue).toMatchObject({ severity: 'warning', element: 'Out', field: 'equation' })
    expect(issue!.message).toMatch(/dt 1 .*"Tau" = 2/)
    expect(issue!.hint).toMatch(/dt 0\.5 or less/)
    expect(tank(1, 'Tank / 3')).toHaveLength(1)
  })

  it('reads goal-seeking flows (Stock - Goal) / T and ignores time constants it cannot know', () => {
    expect(tank(1, '(Tank - 4) / Tau', [tau])).toHaveLength(1)
    const t = aux('Varying', { equation: 'Tank', units: 'day' })
    expect(tank(1, 'Tank / Varying', [t])).toEqual([])
    expect(tank(1, 'Tank * 2')).toEqual([])
  })

  it('reads SMTH and DELAY times, per stage for SMTHN, DELAYN, SMTH3 and DELAY3', () => {
    const smooth = (dt: number, equation: string) =>
      withCode(
        lint(
          raw([tau, aux('S', { equation, units: 'day' }), aux('In', { equation: 'TIME', units: 'day' })], {
            ...time,
            dt,
          }),
        ),
        'dt-too-large',
      )
    expect(smooth(0.5, 'SMTH1(In, Tau)')).toEqual([])
    expect(smooth(1, 'SMTH1(In, Tau)')).toHaveLength(1)
    expect(smooth(0.5, 'DELAY1(In, 4)')).toEqual([])
    expect(smooth(0.25, 'SMTHN(In, 8, 4)')).toEqual([])
    const [issue] = smooth(1, 'SMTHN(In, 8, 4)')
    expect(issue!.message).toMatch(/stage time 2 of SMTHN/)
    expect(issue!.span).toEqual({ start: 0, end: 5 })
    expect(smooth(0.5, 'DELAY3(In, 3)')).toHaveLength(1)
    expect(smooth(0.5, 'SMTH1(In, In)')).toEqual([])
  })

  it('reports only the smallest time constant, once', () => {
    const s = aux('S', { equation: 'SMTH1(TIME, 1) + SMTH1(TIME, 3)', units: 'day' })
    const issues = withCode(lint(raw([s], { ...time, dt: 2 })), 'dt-too-large')
    expect(issues).toHaveLength(1)
    expect(issues[0]!.message).toMatch(/SMTH1 time 1\b/)
  })
})

describe('lint: with a run', () => {
  const water = stock('Water', { initial: 1, units: 'liter' })
  const drain = flow('Drain', { from: water, rate: eq`1`, units: 'liter/day' })

  it('warns when a stock without nonNegative goes negative, with the time and the lowest value', () => {
    const run = fakeRun({ water: [1, 0, -1, -2, -1] })
    const [issue, ...rest] = withCode(lint(raw([water, drain]), run), 'negative-stock')
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ severity: 'warning', element: 'Water' })
    expect(issue!.message).toBe('the stock goes negative at time 2, down to -2')
    expect(lint(raw([water, drain]), fakeRun({ water: [1, 0, 0, 0, -1e-15] }))).toEqual([])
  })

  it('is quiet for nonNegative stocks, stocks with a negative min, smoothed perceptions and missing series', () => {
    const run = fakeRun({ water: [1, -1, -1, -1, -1] })
    const clamped: Element = { ...water, nonNegative: true }
    expect(withCode(lint(raw([clamped, drain]), run), 'negative-stock')).toEqual([])
    const debt: Element = { ...water, min: -100 }
    expect(withCode(lint(raw([debt, drain]), run), 'negative-stock')).toEqual([])
    expect(withCode(lint(raw([water, drain]), fakeRun({})), 'negative-stock')).toEqual([])
    const goal = param('Goal', -5, { units: 'liter' })
    const belief: Element = { ...water, inflows: ['adjust'], outflows: [] }
    const adjust: Element = {
      kind: 'flow',
      name: 'Adjust',
      id: 'adjust',
      equation: '(Goal - Water) / 2',
      units: 'liter/day',
    }
    expect(withCode(lint(raw([belief, adjust, goal]), run), 'negative-stock')).toEqual([])
  })

  it('warns when a lookup is read outside its x range through a variable in the run', () => {
    const effect = lookup(
      'Effect',
      [
        [0, 1],
        [2, 0],
      ],
      { units: '1' },
    )
    const ratio = aux('Ratio', { equation: eq`${water}`, units: '1' })
    const use = aux('Use', { equation: eq`${effect}(${ratio}) * ${effect}(${ratio})`, units: '1' })
    const m = raw([water, drain, effect, ratio, use])
    const issues = withCode(lint(m, fakeRun({ ratio: [1, 1.5, 2.5, 3, -1] })), 'lookup-out-of-range')
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({
      severity: 'warning',
      element: 'Use',
      field: 'equation',
      span: { start: 1, end: 7 },
    })
    expect(issues[0]!.message).toBe(
      'the lookup "Effect" is read at "Ratio" from -1 to 3, outside its x range 0 to 2 (first at time 2)',
    )
    expect(withCode(lint(m, fakeRun({ ratio: [0, 1, 2, 1, 0] })), 'lookup-out-of-range')).toEqual([])
    // Inputs that are expressions are not evaluated; inputs missing from the run are skipped.
    const expr = aux('Use', { equation: eq`${effect}(${ratio} * 2)`, units: '1' })
    expect(
      withCode(
        lint(raw([water, drain, effect, ratio, expr]), fakeRun({ ratio: [9, 9, 9, 9, 9] })),
        'lookup-out-of-range',
      ),
    ).toEqual([])
    expect(withCode(lint(m, fakeRun({})), 'lookup-out-of-range')).toEqual([])
  })

  it('checks an aux that is a graphical function of a single variable', () => {
    const g = aux('Shaped', {
      equation: eq`${water}`,
      graph: [
        [0, 0],
        [1, 1],
      ],
      units: '1',
    })
    const issues = withCode(
      lint(raw([water, drain, g]), fakeRun({ water: [0, 0.5, 1, 1.5, 1] })),
      'lookup-out-of-range',
    )
    expect(issues.map((i) => i.element)).toEqual(['Shaped'])
  })

  it('never throws on equations that do not parse', () => {
    const broken: Element = { kind: 'aux', name: 'Broken', id: 'broken', equation: '(((', units: '1' }
    expect(() => lint(raw([broken]), fakeRun({ broken: [1, 1, 1, 1, 1] }))).not.toThrow()
  })
})

describe('lint: the DSL example', () => {
  it('is quiet for a model with units, named constants and a small dt', () => {
    const infected = stock('Infected', { initial: 1, units: 'people' })
    const contacts = param('Contact Rate', 0.3, { units: '1/day' })
    const spread = flow('Spread', { to: infected, rate: eq`${contacts} * ${infected}`, units: 'people/day' })
    const outbreak = model('outbreak', {
      time: { start: 0, stop: 30, dt: 0.25, units: 'day' },
      elements: [infected, contacts, spread],
    })
    expect(lint(outbreak, fakeRun({ infected: [1, 2, 3, 4, 5] }))).toEqual([])
  })
})
