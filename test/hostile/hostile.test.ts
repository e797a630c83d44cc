import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MockInstance } from 'vitest'
import { EquationError, StockflowError, modelFromJSON, parseEquation } from '@stockflow/model'
import { quoteName } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'
import { saveTimes } from '@stockflow/solver/internal'
import { importXmile } from '@stockflow/xmile'
import { stockflowProcess } from '../support/stockflow-process.js'

// Models from strangers are data: names and equations built to break out of the generated code, XML
// entity tricks, absurd nesting and sizes. Each is rejected with a StockflowError/EquationError or runs
// with the right numbers; a global sentinel proves no code ran and process.exit is never called.

const PAYLOADS = [
  'constructor',
  '__proto__',
  'prototype',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'Object',
  'globalThis',
  '"); globalThis.__stockflowPwned = 1; ("',
  "'); globalThis.__stockflowPwned = 1; ('",
  '`); globalThis.__stockflowPwned = 1; (`',
  ') ; process.exit(1); (',
  '${globalThis.__stockflowPwned = 1}',
  '*/ globalThis.__stockflowPwned = 1 /*',
  '\\u0022); globalThis.__stockflowPwned = 1; (\\u0022',
  'a\u2028globalThis.__stockflowPwned = 1',
  'a\u2029b',
  'a\nglobalThis.__stockflowPwned = 1',
  '</script><script>globalThis.__stockflowPwned = 1</script>',
  'x'.repeat(100_000),
  '产能\u0000null',
]

const g = globalThis as { __stockflowPwned?: unknown }
let exit: MockInstance
beforeEach(() => {
  delete g.__stockflowPwned
  exit = vi.spyOn(process, 'exit').mockImplementation((() => {
    throw new Error('process.exit was called')
  }) as never)
})
afterEach(() => {
  expect(g.__stockflowPwned).toBeUndefined()
  expect(exit).not.toHaveBeenCalled()
  exit.mockRestore()
})

let tried = 0
/** Runs a hostile input: a result or a user error, never anything else. */
function safely<T>(f: () => T): T | undefined {
  tried++
  try {
    return f()
  } catch (err) {
    if (err instanceof StockflowError || err instanceof EquationError) {
      expect(err.message.length).toBeGreaterThan(0)
      return undefined
    }
    throw err
  }
}

function jsonModel(name: string, equation: string): string {
  return JSON.stringify({
    name,
    time: { start: 0, stop: 2, dt: 1 },
    elements: [
      { kind: 'stock', name, id: name, initial: '1', inflows: ['grow'], outflows: [] },
      { kind: 'param', name: `${name} rate`, id: `${name} rate`, value: 0.5 },
      { kind: 'flow', name: 'grow', id: 'grow', equation },
    ],
  })
}

describe('hostile JSON models', () => {
  for (const payload of PAYLOADS) {
    it(`name ${JSON.stringify(payload.slice(0, 40))}${payload.length > 40 ? '…' : ''}: runs with the right numbers or is refused`, () => {
      const equation = `${quoteName(payload)} * ${quoteName(`${payload} rate`)}`
      const m = safely(() => modelFromJSON(jsonModel(payload, equation)))
      const run = m && safely(() => simulate(m))
      if (run) expect(Array.from(run.series[0]!.values)).toEqual([1, 1.5, 2.25])
      // The payload as the equation itself.
      if (m) safely(() => simulate(modelFromJSON(jsonModel('s', payload))))
      safely(() => parseEquation(payload))
    })
  }

  it('JSON with __proto__ keys builds no prototype-polluted objects', () => {
    const text = jsonModel('s', '1').replace(
      '{"name"',
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"name"',
    )
    const m = safely(() => modelFromJSON(text))
    if (m) safely(() => simulate(m))
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined()
  })
})

const xmile = (body: string, prolog = '') => `<?xml version="1.0"?>${prolog}
<xmile version="1.0" xmlns="http://docs.oasis-open.org/xmile/ns/XMILE/v1.0">
<header><vendor>x</vendor><product>y</product></header>
<sim_specs><start>0</start><stop>2</stop><dt>1</dt></sim_specs>
<model><variables>${body}</variables></model></xmile>`

describe('hostile XMILE', () => {
  const bomb =
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">' +
    Array.from(
      { length: 9 },
      (_, i) => `<!ENTITY ${String.fromCharCode(98 + i)} "${`&${String.fromCharCode(97 + i)};`.repeat(10)}">`,
    ).join('') +
    ']>'

  it('refuses a billion-laughs entity bomb without expanding it (memory stays bounded)', () => {
    const before = process.memoryUsage().heapUsed
    expect(() => importXmile(xmile('<aux name="x"><eqn>&j;</eqn></aux>', bomb))).toThrow(StockflowError)
    tried++
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024)
  })

  it('refuses external entities and never shows the file they name', () => {
    for (const prolog of [
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
      '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd">',
      '<!DOCTYPE x [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
    ]) {
      tried++
      let message = ''
      try {
        importXmile(xmile('<aux name="x"><eqn>&e;</eqn></aux>', prolog))
      } catch (err) {
        expect(err).toBeInstanceOf(StockflowError)
        message = (err as Error).message
      }
      expect(message).not.toMatch(/root:|daemon:/)
      expect(message.length).toBeGreaterThan(0)
    }
  })

  for (const payload of PAYLOADS) {
    it(`variable named ${JSON.stringify(payload.slice(0, 40))}: imported as data or refused`, () => {
      const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
      const body = `<stock name="${esc(payload)}"><eqn>1</eqn><inflow>grow</inflow></stock>
        <flow name="grow"><eqn>${esc(quoteName(payload))} * 0.5</eqn></flow>
        <aux name="z"><eqn>${esc(payload)}</eqn></aux>`
      const imported = safely(() => importXmile(xmile(body)))
      if (imported) safely(() => simulate(imported.model))
    })
  }

  it('a 4 MB file of 20k variables is read or refused with bounded memory', () => {
    const body = Array.from(
      { length: 20_000 },
      (_, i) => `<aux name="v${i}"><eqn>${i}</eqn><doc>${'d'.repeat(100)}</doc></aux>`,
    ).join('')
    const before = process.memoryUsage().heapUsed
    safely(() => importXmile(xmile(body)))
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(1024 * 1024 * 1024)
  })
})

describe('deep nesting', () => {
  it('10k parentheses: an EquationError, not a crash', () => {
    const deep = '('.repeat(10_000) + '1' + ')'.repeat(10_000)
    expect(() => parseEquation(deep)).toThrow(EquationError)
    tried++
  })

  it('10k unary minus signs: an EquationError, not a crash', () => {
    expect(() => parseEquation('-'.repeat(10_000) + '1')).toThrow(EquationError)
    tried++
  })

  // The readers recurse; a stack overflow becomes a one-line error naming the cause.
  it('a sum of 100k terms: parsed, or an EquationError', () => {
    safely(() => parseEquation(Array(100_000).fill('1').join('+')))
  })

  it('10k parentheses in an XMILE equation: a StockflowError', () => {
    safely(() => importXmile(xmile(`<aux name="x"><eqn>${'('.repeat(10_000)}1${')'.repeat(10_000)}</eqn></aux>`)))
  })

  it('3000 nested IF THEN ELSE in XMILE: a StockflowError', () => {
    safely(() => importXmile(xmile(`<aux name="x"><eqn>${'IF 1 THEN 2 ELSE '.repeat(3000)}3</eqn></aux>`)))
  })

  it('counts what it tried', () => {
    expect(tried).toBeGreaterThan(0)
  })
})

// Numbers that size what a run holds or does: pulses too dense to restart at, delays too long to
// remember, work without end. Each is a one-line StockflowError naming the variable, never a crash of
// the process (a V8 "invalid size" abort cannot be caught) nor minutes of work.

/** The model of the report: a PULSE TRAIN every 1e-7 over 15 time units, 1.5e8 pulses. */
const DENSE_TRAIN = `{"name":"pt","time":{"start":0,"stop":16,"dt":0.25},
"elements":[{"kind":"stock","name":"s","id":"s","initial":"0","inflows":["f"],"outflows":[]},
{"kind":"flow","name":"f","id":"f","equation":"pulse_train(1, 0.1, 1e-7, 16)"}]}`

/** A stock `s` filled by one flow `f`. */
function oneFlow(equation: string, time = { start: 0, stop: 16, dt: 0.25 }): string {
  return JSON.stringify({
    name: 'one',
    time,
    elements: [
      { kind: 'stock', name: 's', id: 's', initial: '0', inflows: ['f'], outflows: [] },
      { kind: 'flow', name: 'f', id: 'f', equation },
    ],
  })
}

/** The message of the user error `f` throws (the test fails on anything else, or on no error). */
function userMessage(f: () => unknown): string {
  tried++
  try {
    f()
  } catch (err) {
    if (err instanceof StockflowError) return err.message
    throw err
  }
  throw new Error('expected a StockflowError')
}

describe('hostile numbers', () => {
  it('a PULSE TRAIN of 1.5e8 pulses under the adaptive method: a StockflowError naming it (simulate)', () => {
    const message = userMessage(() => simulate(modelFromJSON(DENSE_TRAIN), { method: 'adaptive' }))
    expect(message).toMatch(/^PULSE TRAIN in "f" makes 3\.0e8 breakpoints .*limit of 31,250; widen the pulses/)
    expect(message).not.toContain('\n')
    // The fixed-step methods never expand the pulses.
    expect(simulate(modelFromJSON(DENSE_TRAIN), { method: 'rk4' }).times.length).toBe(65)
  })

  it('the same model through `pnpm stockflow run model.json --method adaptive`: exit 1, one line, no abort', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-hostile-'))
    try {
      const file = join(dir, 'model.json')
      writeFileSync(file, DENSE_TRAIN)
      const { status, stdout, stderr } = stockflowProcess('run', file, '--method', 'adaptive')
      tried++
      expect(stderr).not.toMatch(/Fatal|invalid size|internal error/)
      expect(stdout).toBe('')
      expect(stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^stockflow: .*model\.json: PULSE TRAIN in "f" makes 3\.0e8 breakpoints/),
      ])
      expect(status).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('a PULSE starting 1e9 time units before the run restarts only at the pulses inside it', () => {
    const run = safely(() => simulate(modelFromJSON(oneFlow('pulse(1, -1e9, 1)')), { method: 'adaptive' }))
    // A pulse at every whole time, 1/dt high for one dt: each adds 1.
    expect(run?.at('s', 16)).toBeCloseTo(16, 6)
  })

  it('a PULSE interval below the rounding of the time: no endless expansion', () => {
    const time = { start: 1e16, stop: 1e16 + 16, dt: 4 }
    safely(() => simulate(modelFromJSON(oneFlow('pulse(1, 1e16, 1)', time)), { method: 'adaptive' }))
  })

  // PULSE TRAIN changes only from one step to the next (Vensim's rule), so the narrow pulses are XMILE's.
  it('15,000 narrow pulses: the adaptive method stops at its budget, saying why', () => {
    const text = oneFlow('pulse(1, 1, 0.001)')
    expect(userMessage(() => simulate(modelFromJSON(text), { method: 'adaptive' }))).toMatch(
      /^the adaptive method spent its budget of 1,000,000 evaluations by time [\d.]+ \(of 16\) in [\d,]+ steps: it restarted at [\d,]+ input jumps \(mostly PULSE in "f"\); try --method rk4/,
    )
  })

  // A fuzz find (a stock of 1e300 among DELAYN, SMTH3, TREND and PULSE TRAIN) stiffened the same way
  // until PULSE TRAIN took Vensim's whole steps; this stock keeps it stiff by construction.
  it('a stiff non-negative stock near 1e300: stopped at the budget, sooner for a smaller one', () => {
    const run = (maxEvaluations: number) =>
      userMessage(() => simulate(modelFromJSON(STIFF), { method: 'adaptive', maxEvaluations }))
    const message = run(1e5)
    expect(message).toMatch(
      /^the adaptive method spent its budget of 100,000 evaluations by time [\d.e-]+ \(of 6\) in [\d,]+ steps: the model may be stiff or discontinuous there \("s2" reacts to itself/,
    )
    // The budget is counted, not timed: a smaller one stops after fewer steps.
    const steps = (m: string) => Number(/in ([\d,]+) steps/.exec(m)![1]!.replace(/,/g, ''))
    const less = run(1e4)
    expect(less).toContain('budget of 10,000 evaluations')
    expect(steps(less)).toBeLessThan(steps(message) / 5)
  })

  it('DELAY FIXED: many long delays are refused together, naming the one that passes the limit', () => {
    const elements = [
      { kind: 'stock', name: 's', id: 's', initial: '0', inflows: ['f'], outflows: [] },
      ...Array.from({ length: 6 }, (_, i) => ({
        kind: 'aux',
        name: `d${i}`,
        id: `d${i}`,
        equation: `delay_fixed(time, 2e7)`,
      })),
      { kind: 'flow', name: 'f', id: 'f', equation: 'd0 + d1 + d2 + d3 + d4 + d5' },
    ]
    const m = modelFromJSON(JSON.stringify({ name: 'delays', time: { start: 0, stop: 4, dt: 1 }, elements }))
    expect(userMessage(() => simulate(m))).toMatch(
      /^DELAY FIXED in "d3" would remember 20000000 steps besides the 60000000 of the delays before it, more than 67108864 in all/,
    )
  })

  it('save points: a clock of 3e12 steps is refused by saveTimes as by simulate', () => {
    const m = modelFromJSON(oneFlow('1'))
    expect(userMessage(() => saveTimes(m, { stop: 3e12 }))).toMatch(/save points, more than memory allows/)
    expect(userMessage(() => simulate(m, { stop: 3e12 }))).toMatch(/more than memory allows/)
  })
})

/** A random valid model the fuzz found taking seconds under the adaptive method (19 stocks, most internal). */
const STIFF = JSON.stringify({
  name: 'stiff',
  time: { start: 0, stop: 6, dt: 0.25 },
  elements: [
    { kind: 'stock', name: 's2', id: 's2', initial: '1e300', inflows: [], outflows: ['f1'], nonNegative: true },
    { kind: 'flow', name: 'f1', id: 'f1', equation: '1e8 * (s2 - 1e300 * (1 + sin(time)))' },
  ],
})
