import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { MockInstance } from 'vitest'
import { EquationError, StockflowError, modelFromJSON, parseEquation } from '@stockflow/model'
import { quoteName } from '@stockflow/model/internal'
import { simulate } from '@stockflow/solver'
import { importXmile } from '@stockflow/xmile'

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
