import { describe, expect, it } from 'vitest'
import { checkUnits, data, formatIssue, modelFromData } from '@stockflow/model'
import type { Issue, Model } from '@stockflow/model'
import { parseUnits, UnitSyntaxError } from '../src/units-parse.js'
import { UnitAlgebra } from '../src/units-algebra.js'

type Raw = Record<string, unknown>

const stock = (name: string, units: string | undefined, extra: Raw = {}): Raw => ({
  kind: 'stock',
  name,
  initial: '0',
  ...(units !== undefined ? { units } : {}),
  ...extra,
})
const flow = (name: string, equation: string, units?: string, extra: Raw = {}): Raw => ({
  kind: 'flow',
  name,
  equation,
  ...(units !== undefined ? { units } : {}),
  ...extra,
})
const aux = (name: string, equation: string, units?: string, extra: Raw = {}): Raw => ({
  kind: 'aux',
  name,
  equation,
  ...(units !== undefined ? { units } : {}),
  ...extra,
})
const param = (name: string, units?: string, value = 1): Raw => ({
  kind: 'param',
  name,
  value,
  ...(units !== undefined ? { units } : {}),
})

/** A model from plain elements; the time unit is `year` unless given. */
const build = (elements: Raw[], timeUnits: string | undefined = 'year'): Model =>
  modelFromData({
    name: 'test',
    time: { start: 0, stop: 10, dt: 1, ...(timeUnits !== undefined ? { units: timeUnits } : {}) },
    elements,
  })

/** The unit warnings of a model, one formatted line each. */
async function lines(elements: Raw[], timeUnits?: string): Promise<string[]> {
  return (await checkUnits(build(elements, timeUnits))).map((i) => formatIssue(i))
}

/** An aux `Out` with `equation` and `units`, over parameters with the given names and units. */
async function check(equation: string, units: string | undefined, params: Record<string, string>): Promise<Issue[]> {
  const ps = Object.entries(params).map(([n, u]) => param(n, u))
  return checkUnits(build([aux('Out', equation, units), ...ps]))
}

describe('parseUnits', () => {
  const factors = (text: string) => Object.fromEntries(parseUnits(text))

  it('reads products, quotients, per, powers and parentheses', () => {
    expect(factors('money/year')).toEqual({ money: 1, year: -1 })
    expect(factors('units/year/year')).toEqual({ units: 1, year: -2 })
    expect(factors('money*year/units')).toEqual({ money: 1, year: 1, units: -1 })
    expect(factors('people per year')).toEqual({ people: 1, year: -1 })
    expect(factors('$/year')).toEqual({ $: 1, year: -1 })
    expect(factors('year^-1')).toEqual({ year: -1 })
    expect(factors('year^(-1)')).toEqual({ year: -1 })
    expect(factors('m^(1/2)')).toEqual({ m: 0.5 })
    expect(factors('(a*b)^2/c')).toEqual({ a: 2, b: 2, c: -1 })
    expect(factors('Rs/(Month*Person)')).toEqual({ rs: 1, month: -1, person: -1 })
    expect(factors('cubic meters / day')).toEqual({ cubic_meters: 1, day: -1 })
    expect(factors('产能/年')).toEqual({ 产能: 1, 年: -1 })
  })

  it('reads 1, dmnl, dimensionless, fraction and percent as dimensionless', () => {
    for (const text of ['1', 'dmnl', 'Dmnl', 'dimensionless', 'unitless', 'fraction', 'percent', 'year/year'])
      expect(factors(text), text).toEqual({})
    expect(factors('1/provinces')).toEqual({ provinces: -1 })
    expect(factors('fraction/year')).toEqual({ year: -1 })
  })

  it('ignores case, spaces and underscores, and folds time plurals only', () => {
    expect(factors('Year')).toEqual(factors('year'))
    expect(factors('YEARS')).toEqual({ year: 1 })
    expect(factors('Months')).toEqual({ month: 1 })
    expect(factors('Cubic_Meters')).toEqual(factors('cubic  meters'))
    expect(factors('people')).not.toEqual(factors('person'))
  })

  it('says where unreadable text goes wrong and what to write', () => {
    const cases: [string, number, RegExp][] = [
      ['people per', 10, /end after "per"/],
      ['per year', 0, /"per" has no unit before it/],
      ['people 2', 7, /unexpected "2"/],
      ['Month [0,?]', 6, /the character "\[" cannot be part of a unit/],
      ['a/(b', 4, /a \( is not closed/],
      ['a^x', 2, /"\^" must be followed by a number/],
      ['a)', 1, /a \) with no \(/],
      ['1000 widgets', 0, /the number 1000 cannot be a unit/],
      ['  ', 0, /blank/],
    ]
    for (const [text, at, message] of cases) {
      let error: unknown
      try {
        parseUnits(text)
      } catch (err) {
        error = err
      }
      expect(error, text).toBeInstanceOf(UnitSyntaxError)
      const e = error as UnitSyntaxError
      expect(e.message, text).toMatch(message)
      expect(e.at, text).toBe(at)
      expect(e.hint, text).not.toBe('')
    }
  })
})

describe('unit algebra', () => {
  it('makes every name its own dimension: m is not metres, minute is not 60 seconds', async () => {
    const a = await UnitAlgebra.load()
    const u = (text: string) => a.fromFactors(parseUnits(text))
    expect(a.equal(u('m'), u('km'))).toBe(false)
    expect(a.format(a.divide(u('km'), u('m')))).toBe('km/m')
    expect(a.equal(u('minute'), u('second'))).toBe(false)
    expect(a.equal(u('hour'), u('minute'))).toBe(false)
    expect(a.format(u('m/s'))).toBe('m/s')
  })

  it('multiplies, divides and raises to powers', async () => {
    const a = await UnitAlgebra.load()
    const u = (text: string) => a.fromFactors(parseUnits(text))
    expect(a.equal(a.multiply(u('money/units'), u('units/year')), u('money/year'))).toBe(true)
    expect(a.format(u('units/year/year'))).toBe('units/year^2')
    expect(a.format(a.pow(u('m^2'), 0.5))).toBe('m')
    expect(a.format(a.multiply(a.pow(u('a'), 1 / 3), a.pow(u('a'), 2 / 3)))).toBe('a')
    expect(a.isDimensionless(a.divide(u('a/b'), u('a/b')))).toBe(true)
    expect(a.format(a.one)).toBe('1')
    expect(a.format(u('money*year/units'))).toBe('money*year/units')
    expect(a.format(u('1/(a*b)'))).toBe('1/(a*b)')
  })
})

describe('checkUnits: equations and declarations', () => {
  it('passes a consistent model', async () => {
    expect(
      await lines([
        stock('Water', 'liter', { initial: 'Capacity / 2', outflows: ['Drain'] }),
        flow('Drain', 'Water / Drain_Time', 'liter/year'),
        param('Capacity', 'liter'),
        param('Drain Time', 'years'),
      ]),
    ).toEqual([])
  })

  it("flags an equation whose units differ from the element's, quoting the equation and both units", async () => {
    const out = await lines(
      [
        stock('Teacup Temperature', 'degF', { initial: '180', outflows: ['Heat Loss to Room'] }),
        flow('Heat Loss to Room', '(Teacup_Temperature - "Room Temperature") * Characteristic_Time', 'degF/minute'),
        param('Room Temperature', 'degF'),
        param('Characteristic Time', 'minute'),
      ],
      'minute',
    )
    expect(out).toEqual([
      `warning [units] "Heat Loss to Room" equation at 1: the equation '(Teacup_Temperature - "Room Temperature") * Characteristic_Time' has units degF*minute, not the declared degF/minute (multiply it by something in 1/minute^2, or declare units: 'degF*minute')`,
    ])
  })

  it('flags a flow that does not move its stock per time unit, naming the stock', async () => {
    const out = await lines([
      stock('Population', 'people', { inflows: ['Births'] }),
      flow('Births', 'Population * Birth_Rate', 'people'),
      param('Birth Rate', '1/year'),
    ])
    expect(out).toHaveLength(2)
    expect(out[0]).toMatch(
      /"Births" equation at 1: the equation "Population \* Birth_Rate" has units people\/year, not the declared people/,
    )
    expect(out[1]).toMatch(
      /"Births": the flow has units people, but the flow fills "Population" \(people\) and so needs people\/year.*declare units: 'people\/year'/,
    )
  })

  it('checks an undeclared flow by its equation against its stock', async () => {
    const out = await lines([
      stock('Population', 'people', { outflows: ['Deaths'] }),
      flow('Deaths', 'Population * Fraction'),
      param('Fraction', '1'),
    ])
    expect(out).toEqual([
      expect.stringMatching(
        /"Deaths" equation at 1: the equation "Population \* Fraction" has units people, but the flow drains "Population" \(people\) and so needs people\/year/,
      ),
    ])
  })

  it("flags a stock's initial value that does not have the stock's units", async () => {
    const out = await lines([stock('Debt', 'money', { initial: 'Rate * 2' }), param('Rate', 'money/year')])
    expect(out).toEqual([
      expect.stringMatching(
        /"Debt" initial at 1: the initial value "Rate \* 2" has units money\/year, not the stock's money/,
      ),
    ])
  })

  it('names both terms and their units when added terms disagree', async () => {
    const [issue, ...rest] = await check('a + b * 2', 'people', { a: 'people', b: 'people/year' })
    expect(rest).toEqual([])
    expect(issue).toMatchObject({ severity: 'warning', code: 'units', element: 'Out', field: 'equation' })
    expect(issue!.message).toBe('the added terms have different units: "a" is people, "b * 2" is people/year')
    expect(issue!.span).toEqual({ start: 0, end: 9 })
    expect(issue!.hint).toMatch(/multiply "b \* 2" by something in year/)
    // Subtraction and comparison too; only the first mismatch of a sum is reported.
    expect((await check('a - b', undefined, { a: 'm', b: 's' }))[0]!.message).toMatch(/the subtracted terms/)
    expect((await check('if(a > b, 1, 0)', undefined, { a: 'm', b: 's' }))[0]!.message).toMatch(/the compared terms/)
    expect(await check('a + b + c', undefined, { a: 'm', b: 's', c: 'kg' })).toHaveLength(1)
  })

  it('lets numbers take the units of what they are added to, compared with or chosen against', async () => {
    const params = { x: 'people', t: 'year' }
    for (const eq of [
      'x + 1',
      '1 - x',
      'MAX(0, x)',
      'MIN(x, 100)',
      'if(x > 0, x, 0)',
      'x * 2',
      'x / 2',
      '-x',
      'ABS(x)',
    ])
      expect(await check(eq, 'people', params), eq).toEqual([])
    expect(await check('1 / t', '1/year', params)).toEqual([])
    expect(await check('(TIME - 2010) / t', '1', params)).toEqual([])
    expect(await check('5', 'people', params)).toEqual([])
    // In * and / a number is a pure scale: 2 * x has x's units, not whatever the element declares.
    expect(await check('x * 2', 'people/year', params)).toHaveLength(1)
  })

  it('propagates unknown units silently', async () => {
    expect(await check('a + b', 'people', { a: 'people', b: '' })).toEqual([])
    expect(await check('a * b', 'year', { a: 'people' })).toEqual([])
    expect(await check('EXP(b) * SMTH1(a, b)', 'people', { a: 'people' })).toEqual([])
    // ...but a sum has the units of its known terms whatever the unknown ones are, so it is still checked.
    expect(await check('(a + b) * 2', 'year', { a: 'people', b: '' })).toHaveLength(1)
  })

  it('keeps m, km, minute and second apart: mixing them is flagged', async () => {
    expect(await check('a + b', undefined, { a: 'm', b: 'km' })).toHaveLength(1)
    expect(await check('a / b', '1', { a: 'km', b: 'm' })).toHaveLength(1)
    const out = await lines(
      [
        stock('Signal', 'volt', { inflows: ['Change'], outflows: ['Leak'] }),
        flow('Change', '(Target - Signal) / Lag', 'volt/minute'),
        flow('Leak', 'Signal / Lag', 'volt/second'),
        param('Target', 'volt'),
        param('Lag', 'second'),
        aux('Smoothed', 'SMTH1(Target, Lag)', 'volt'),
      ],
      'minute',
    )
    expect(out).toHaveLength(3)
    expect(out[0]).toMatch(/"Change" equation at 1: .* has units volt\/second, not the declared volt\/minute/)
    expect(out[1]).toMatch(
      /"Smoothed" equation at 15: the time of SMTH1 "Lag" has units second, not the model's time unit minute/,
    )
    expect(out[2]).toMatch(
      /"Leak": the flow has units volt\/second, but the flow drains "Signal" \(volt\) and so needs volt\/minute/,
    )
  })
})

describe('checkUnits: powers', () => {
  it('needs a dimensionless exponent', async () => {
    const [issue] = await check('a ^ t', undefined, { a: '1', t: 'year' })
    expect(issue!.message).toBe('the exponent "t" has units year; an exponent must be dimensionless')
    expect(issue!.span).toEqual({ start: 4, end: 5 })
  })

  it('multiplies the powers by a constant exponent', async () => {
    expect(await check('side ^ 2', 'm^2', { side: 'm' })).toEqual([])
    expect(await check('side ^ (1 + 1)', 'm^2', { side: 'm' })).toEqual([])
    expect(await check('area ^ 0.5', 'm', { area: 'm^2' })).toEqual([])
    expect(await check('SQRT(area)', 'm', { area: 'm^2' })).toEqual([])
    expect((await check('side ^ 2', 'm', { side: 'm' }))[0]!.message).toMatch(/has units m\^2, not the declared m/)
  })

  it('refuses a variable exponent on a quantity with units, not on a dimensionless one', async () => {
    const [issue] = await check('price ^ e', undefined, { price: 'money/units', e: '1' })
    expect(issue!.message).toBe(
      '"price" (money/units) is raised to "e", which is not a constant, so the result has no fixed units',
    )
    expect(await check('(price / ref) ^ e', '1', { price: 'money/units', ref: 'money/units', e: '1' })).toEqual([])
  })
})

describe('checkUnits: builtins', () => {
  const time = { t: 'year', x: 'people', r: 'people/year', d: '1' }

  it('needs dimensionless arguments for EXP, LN, LOG10 and trigonometry, and gives a dimensionless result', async () => {
    expect(await check('EXP(d) + LN(d) + SIN(d)', '1', time)).toEqual([])
    for (const fn of ['EXP', 'LN', 'LOG10', 'SIN', 'ARCTAN', 'TANH']) {
      const [issue] = await check(`${fn}(x)`, undefined, time)
      expect(issue!.message, fn).toBe(`the argument of ${fn} "x" has units people, not dimensionless`)
    }
    expect(await check('EXP(-t / t)', '1', time)).toEqual([])
  })

  it('keeps units through ABS, INT, ROUND, INIT and PREVIOUS, and MOD needs agreeing operands', async () => {
    for (const eq of ['ABS(x)', 'INT(x)', 'ROUND(x)', 'INIT(x)', 'PREVIOUS(x, 0)', 'MOD(x, x)', 'x % 7'])
      expect(await check(eq, 'people', time), eq).toEqual([])
    expect((await check('MOD(x, t)', undefined, time))[0]!.message).toMatch(/the operands of MOD have different units/)
    expect((await check('PREVIOUS(x, t)', undefined, time))[0]!.message).toMatch(
      /the value and initial value of PREVIOUS/,
    )
  })

  it('reads TIME, DT, STARTTIME and STOPTIME in the time unit', async () => {
    expect(await check('TIME - t + DT + STARTTIME + STOPTIME', 'year', time)).toEqual([])
    expect((await check('TIME + x', undefined, time))[0]!.message).toMatch(/"TIME" is year, "x" is people/)
    // Without a time unit, time is unknown and passes.
    expect(await checkUnits(build([aux('X', 'TIME + x'), param('x', 'people')], undefined))).toEqual([])
  })

  it('checks STEP, RAMP and PULSE: times in the time unit, results per their semantics', async () => {
    expect(await check('STEP(x, t)', 'people', time)).toEqual([])
    expect(await check('STEP(x, 2020)', 'people', time)).toEqual([])
    expect((await check('STEP(x, x)', 'people', time))[0]!.message).toBe(
      `the start time of STEP "x" has units people, not the model's time unit year`,
    )
    expect(await check('RAMP(r, t, t + 5)', 'people', time)).toEqual([])
    expect((await check('RAMP(x, 2020)', 'people', time))[0]!.message).toMatch(/has units people\*year/)
    // PULSE is magnitude/DT for one step: a rate that adds `magnitude` to a stock.
    expect(await check('PULSE(x, t)', 'people/year', time)).toEqual([])
    expect(await check('PULSE_TRAIN(t, 1, 2, 10) * r', 'people/year', time)).toEqual([])
    // A number as a slope or magnitude takes the units the context needs: a 0-to-1 phase-in.
    expect(await check('RAMP(1 / 2, t, t + 2)', '1', time)).toEqual([])
  })

  it('checks smoothing and delays: output in the input units, a time in the time unit, a dimensionless order', async () => {
    for (const fn of ['SMTH1', 'SMTH3', 'DELAY1', 'DELAY3', 'DELAY_FIXED']) {
      expect(await check(`${fn}(x, t)`, 'people', time), fn).toEqual([])
      expect(await check(`${fn}(x, t, 0)`, 'people', time), fn).toEqual([])
      expect((await check(`${fn}(x, x)`, undefined, time))[0]!.message, fn).toMatch(
        new RegExp(`the time of ${fn} "x" has units people, not the model's time unit year`),
      )
      expect((await check(`${fn}(x, t, r)`, undefined, time))[0]!.message, fn).toMatch(
        /the input and initial value of .* have different units/,
      )
    }
    expect(await check('SMTHN(x, t, 3) + DELAYN(x, t, 3, x)', 'people', time)).toEqual([])
    expect((await check('DELAYN(x, t, t)', undefined, time))[0]!.message).toMatch(/the order of DELAYN "t"/)
  })

  it('gives TREND 1/time and FORCST the input units', async () => {
    expect(await check('TREND(x, t)', '1/year', time)).toEqual([])
    expect(await check('TREND(x, t, 0.1)', '1/year', time)).toEqual([])
    expect((await check('TREND(x, t, d)', undefined, time))[0]!.message).toMatch(
      /the initial trend of TREND "d" has units 1 \(dimensionless\), not 1\/year/,
    )
    expect(await check('FORCST(x, t, t)', 'people', time)).toEqual([])
    expect((await check('FORCST(x, t, x)', undefined, time))[0]!.message).toMatch(/the horizon of FORCST/)
  })

  it('divides in SAFEDIV, XIDZ and ZIDZ, and checks the fallback', async () => {
    expect(await check('SAFEDIV(x, t)', 'people/year', time)).toEqual([])
    expect(await check('XIDZ(x, t, r)', 'people/year', time)).toEqual([])
    expect(await check('ZIDZ(x, t)', 'people/year', time)).toEqual([])
    expect((await check('XIDZ(x, t, x)', undefined, time))[0]!.message).toMatch(
      /the fallback value of XIDZ "x" has units people, not people\/year/,
    )
  })

  it('needs IF branches to agree and a condition that is a comparison or a switch', async () => {
    expect(await check('IF_THEN_ELSE(x > 0, x, 0)', 'people', time)).toEqual([])
    expect(await check('if(d, x, 0)', 'people', time)).toEqual([])
    expect(await check('x > 0 ? x : 0', 'people', time)).toEqual([])
    expect(await check('if(x > 0 and not (t < 1), x, 0)', 'people', time)).toEqual([])
    expect((await check('if(d, x, t)', undefined, time))[0]!.message).toBe(
      'the branches of IF_THEN_ELSE have different units: "x" is people, "t" is year',
    )
    expect((await check('x > 0 ? x : t', undefined, time))[0]!.message).toMatch(/the branches of the conditional/)
    const [issue] = await check('if(x, 1, 0)', undefined, time)
    expect(issue!.message).toBe(
      'the condition "x" has units people; a condition is a comparison or a dimensionless switch',
    )
    expect(issue!.hint).toBe('compare it with something, e.g. x > 0')
  })

  it('draws random numbers in the units of their bounds', async () => {
    expect(await check('UNIFORM(x, x * 2) + NORMAL(x, x) + RANDOM() * x', 'people', time)).toEqual([])
    expect((await check('UNIFORM(x, t)', undefined, time))[0]!.message).toMatch(/the bounds of UNIFORM/)
  })
})

describe('checkUnits: lookups and graphical functions', () => {
  it("gives a lookup call the lookup's declared units and leaves its input unchecked", async () => {
    const effect = { kind: 'lookup', name: 'Effect', x: [0, 1], y: [0, 1], units: '1' }
    const out = await lines([
      aux('X', 'Base * Effect(Price)', 'people'),
      param('Base', 'people'),
      param('Price', 'money'),
      effect,
    ])
    expect(out).toEqual([])
    const wrong = await lines([aux('X', 'Effect(Price)', 'people'), param('Price', 'money'), effect])
    expect(wrong).toEqual([
      expect.stringMatching(/"Effect\(Price\)" has units 1 \(dimensionless\), not the declared people/),
    ])
    // A lookup without units is unknown.
    expect(
      await lines([
        aux('X', 'G(Price)', 'people'),
        param('Price', 'money'),
        { kind: 'lookup', name: 'G', x: [0, 1], y: [0, 1] },
      ]),
    ).toEqual([])
  })

  it('reads a graphical-function aux as its declared units, its equation being the x input', async () => {
    const out = await lines([
      aux('Effect', 'Price / Reference', 'people', { graph: { x: [0, 1], y: [0, 2] } }),
      param('Price', 'money'),
      param('Reference', 'money'),
      aux('Y', 'Effect * 2', 'people'),
    ])
    expect(out).toEqual([])
    // A data variable is the same: equation TIME, units of its values.
    const series = data(
      'Observed',
      [
        [0, 1],
        [1, 2],
      ],
      { units: 'people' },
    )
    expect(
      await checkUnits(build([series as unknown as Raw, aux('Gap', 'Observed - x', 'people'), param('x', 'people')])),
    ).toEqual([])
  })
})

describe('checkUnits: unreadable units and robustness', () => {
  it('reports unreadable unit text with the element and the position, and checks the rest', async () => {
    const out = await lines([
      param('a', 'people per'),
      param('b', 'Month [0,?]'),
      aux('X', 'a + c', 'people'),
      param('c', 'year'),
    ])
    expect(out).toEqual([
      `warning [units-syntax] "a": the units "people per" cannot be read at character 11: the units end after "per" (write the unit that follows it)`,
      `warning [units-syntax] "b": the units "Month [0,?]" cannot be read at character 7: the character "[" cannot be part of a unit (a Vensim range [min, max] belongs in min and max, not in the units)`,
      expect.stringMatching(/"X" equation at 1: the equation "a \+ c" has units year, not the declared people/),
    ])
    const time = await checkUnits(build([], 'year per'))
    expect(time).toMatchObject([{ code: 'units-syntax', field: 'time' }])
  })

  it('skips equations that do not parse and never throws on odd data', async () => {
    expect(await lines([aux('X', 'a +* (', 'people'), param('a', 'people')])).toEqual([])
    const odd = {
      name: 'odd',
      time: { start: 0, stop: 1, dt: 1, units: 'day' },
      elements: [
        { kind: 'aux', name: 'A', id: 'a', equation: 'B', units: 7 },
        { kind: 'stock', name: 'S', id: 's', initial: '1', inflows: ['nope', 'A'], outflows: [] },
      ],
    } as unknown as Model
    await expect(checkUnits(odd)).resolves.toEqual([])
  })
})
