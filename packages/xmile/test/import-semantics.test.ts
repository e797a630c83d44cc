import { describe, expect, it } from 'vitest'
import { simulate } from '@stockflow/solver'
import { importXmile } from '../src/index.js'

/** A small XMILE document around some variables. */
function doc(variables: string, specs = '<start>0</start><stop>4</stop><dt>1</dt>', method = 'euler'): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
  <header><vendor>Test</vendor><product>Hand written</product></header>
  <sim_specs method="${method}">${specs}</sim_specs>
  <model><variables>
${variables}
  </variables></model>
</xmile>`
}

/** The message of what `f` throws. */
function message(f: () => unknown): string {
  try {
    f()
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
  throw new Error('expected an error')
}

describe('importXmile: SELF', () => {
  it('is the variable being defined, in PREVIOUS(SELF, x), any case', () => {
    const { model } = importXmile(
      doc(`<aux name="count"><eqn>PREVIOUS(SELF, 0) + 1</eqn></aux>
           <aux name="Running Total"><eqn>PREVIOUS(self, 10) + TIME</eqn></aux>`),
    )
    expect(model.elements.find((e) => e.name === 'count')).toMatchObject({ equation: 'previous(count, 0) + 1' })
    expect(model.elements.find((e) => e.name === 'Running Total')).toMatchObject({
      equation: 'previous(Running_Total, 10) + TIME',
    })
    const run = simulate(model)
    expect(Array.from(run.get('count'))).toEqual([1, 2, 3, 4, 5])
    expect(Array.from(run.get('Running Total'))).toEqual([10, 11, 13, 16, 20])
  })

  it('reads INIT(SELF) as the initial value of the variable (which validation finds circular)', () => {
    const { model } = importXmile(
      doc(`<stock name="s"><eqn>5</eqn><inflow>f</inflow></stock>
           <flow name="f"><eqn>1</eqn></flow>
           <aux name="level"><eqn>IF TIME = 0 THEN s ELSE INIT(SELF) + 0 * s</eqn></aux>`),
    )
    expect(model.elements.find((e) => e.name === 'level')).toMatchObject({
      equation: '(TIME == 0) ? s : init(level) + 0 * s',
    })
    // The start of a variable is its own equation at the start: INIT(SELF) inside it is a circle.
    expect(() => simulate(model)).toThrow(/"level": initial values depend on each other in a circle: level -> level/)
  })

  it('keeps a variable actually named self, and refuses SELF elsewhere with the place', () => {
    const named = importXmile(doc('<aux name="self"><eqn>2</eqn></aux><aux name="b"><eqn>self * 3</eqn></aux>'))
    expect(simulate(named.model).get('b')[0]).toBe(6)
    expect(message(() => importXmile(doc('<aux name="a"><eqn>SELF + 1</eqn></aux>'), 'm.xmile'))).toMatch(
      /^m\.xmile:\d+: "a": SELF is only valid inside PREVIOUS, INIT or SIZE \(at character 1 of "SELF \+ 1"\)$/,
    )
  })
})

describe('importXmile: NPV', () => {
  it('reads NPV with two to four arguments and simulates it', () => {
    const { model } = importXmile(
      doc(
        `<aux name="cash"><eqn>10</eqn></aux>
         <aux name="v2"><eqn>NPV(cash, 0.1)</eqn></aux>
         <aux name="v4"><eqn>NPV(cash, 0.1, 5, 2)</eqn></aux>`,
      ),
    )
    const run = simulate(model)
    const q = 1 / 1.1
    expect(run.get('v2')[2]!).toBeCloseTo(10 * (1 + q + q * q), 12)
    expect(run.get('v4')[2]!).toBeCloseTo(2 * (5 + 10 * (1 + q + q * q)), 12)
  })

  it('names the arity when it is wrong', () => {
    expect(message(() => importXmile(doc('<aux name="v"><eqn>NPV(1)</eqn></aux>')))).toContain(
      'NPV takes 2 to 4 arguments, got 1',
    )
  })
})

describe('importXmile: comparisons after a call in a condition', () => {
  it('simulates IF MODULO(TIME, 2) = 0 THEN ... and the same with other builtins', () => {
    const { model } = importXmile(
      doc(`<aux name="even"><eqn>IF MODULO(Time, 2) = 0 THEN Time ELSE 0</eqn></aux>
           <aux name="big"><eqn>IF ABS(TIME - 2) >= 1 THEN 1 ELSE 0</eqn></aux>
           <aux name="low"><eqn>IF MIN(TIME, 3) &lt; 2 THEN 1 ELSE 0</eqn></aux>`),
    )
    const run = simulate(model)
    expect(Array.from(run.get('even'))).toEqual([0, 0, 2, 0, 4])
    expect(Array.from(run.get('big'))).toEqual([1, 1, 0, 1, 1])
    expect(Array.from(run.get('low'))).toEqual([1, 1, 0, 0, 0])
  })
})

describe('importXmile: a non-negative stock fed by a flow that turns negative', () => {
  const variables = `
      <stock name="Water"><eqn>3</eqn><inflow>net_rain</inflow><non_negative/></stock>
      <flow name="net rain"><eqn>2 - TIME</eqn></flow>`

  it('stays at zero or above under Euler, the inflow taking what the stock holds', () => {
    const { model } = importXmile(doc(variables, '<start>0</start><stop>6</stop><dt>1</dt>'))
    const run = simulate(model)
    expect(Array.from(run.get('net rain'))).toEqual([2, 1, 0, -1, -2, -3, 0])
    expect(Array.from(run.get('Water'))).toEqual([3, 5, 6, 6, 5, 3, 0])
  })

  it('stays at zero or above under RK4', () => {
    const { model } = importXmile(doc(variables, '<start>0</start><stop>12</stop><dt>0.5</dt>', 'rk4'))
    expect(model.time.method).toBe('rk4')
    for (const v of simulate(model).get('Water')) expect(v).toBeGreaterThanOrEqual(0)
  })
})
