import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { StockflowError, canonicalId } from '@stockflow/model'
import type { Element, Model } from '@stockflow/model'
import { compile, simulate } from '@stockflow/solver'
import { stockflowProcess } from '../support/stockflow-process.js'

// Element names from strangers (`--set`, `--vars`, `run.get`, `run.array`): brackets that do not
// close, prototype names as subscripts, absurd lengths and counts, arrays of 100k elements. Each is a
// one-line StockflowError or the right run, never a TypeError, a stack or a pause that grows with the
// square of the model.

function element(kind: Element['kind'], name: string, rest: Record<string, unknown>): Element {
  return { kind, name, id: canonicalId(name), ...rest } as unknown as Element
}

/** `Population[r]` stocks growing at `Growth[r]`, for `n` regions, written as flattening writes them. */
function regions(n: number): Model {
  const names = Array.from({ length: n }, (_, i) => (i === 0 ? 'North' : i === 1 ? 'South' : `R${i}`))
  return {
    name: 'regions',
    time: { start: 0, stop: 2, dt: 1 },
    elements: [
      ...names.map((r) =>
        element('stock', `Population[${r}]`, { initial: '100', inflows: [canonicalId(`Births[${r}]`)], outflows: [] }),
      ),
      ...names.map((r) => element('flow', `Births[${r}]`, { equation: `"Population[${r}]" * "Growth[${r}]"` })),
      ...names.map((r) => element('param', `Growth[${r}]`, { value: 0.1 })),
    ],
  }
}

const HOSTILE = [
  'constructor',
  '__proto__',
  'constructor[*]',
  '__proto__[North]',
  'Population[__proto__]',
  'Population[constructor]',
  'Population[toString]',
  'hasOwnProperty[*]',
  'Population[',
  'Population]',
  '[North]',
  '[*]',
  '*',
  'Population[North]]',
  'Population[[North]]',
  'Population[North][South]',
  'Population[]',
  'Population[,]',
  'Population[North,South]',
  `Population[${Array(10_000).fill('North').join(',')}]`,
  `Population[${'x'.repeat(100_000)}]`,
  '['.repeat(50_000) + ']'.repeat(50_000),
  'Population[North]\u0000',
]

/** A StockflowError with a message of one line, or a value. */
function oneLineOrValue<T>(f: () => T): T | undefined {
  try {
    return f()
  } catch (e) {
    expect(e).toBeInstanceOf(StockflowError)
    const message = (e as Error).message
    expect(message.split('\n')).toHaveLength(1)
    expect(message.length).toBeLessThan(200_000 + 1000)
    return undefined
  }
}

describe('hostile element names', () => {
  const compiled = compile(regions(3))
  const run = simulate(compiled)

  it.each(HOSTILE.map((n) => [n.length > 40 ? `${n.slice(0, 40)}… (${n.length} characters)` : n, n]))(
    '%s: refused in one line by set, vars, get and array',
    (_, name) => {
      expect(oneLineOrValue(() => simulate(compiled, { set: { [name]: 1 } }))).toBeUndefined()
      expect(oneLineOrValue(() => simulate(compiled, { vars: [name] }))).toBeUndefined()
      expect(oneLineOrValue(() => run.get(name))).toBeUndefined()
      expect(oneLineOrValue(() => run.array(name))).toBeUndefined()
    },
  )

  it('a JSON set whose keys are prototype names is refused, not followed', () => {
    const set = JSON.parse('{"__proto__": 1, "constructor[*]": 2}') as Record<string, number>
    expect(() => simulate(compiled, { set })).toThrow(/cannot set "(__proto__|constructor\[\*\])"/)
  })
})

describe('prototype names as elements of a dimension', () => {
  const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty']
  const model: Model = {
    name: 'proto',
    time: { start: 0, stop: 1, dt: 1 },
    dimensions: [{ name: 'Kind', elements: names }],
    elements: [
      element('param', 'Level', { dimensions: ['Kind'], value: 1 }),
      element('aux', 'Total', { equation: 'SUM(Level[*])' }),
    ],
  }

  it('are elements like any other: set, kept and read by name', () => {
    const run = simulate(compile(model), { set: { 'Level[__proto__]': 5, 'level[constructor]': 7 } })
    expect(run.names).toEqual([...names.map((n) => `Level[${n}]`), 'Total'])
    expect(run.get('Level[__proto__]')[0]).toBe(5)
    expect(run.array('Level').elements.map((e) => e.values[0])).toEqual([5, 7, 1, 1])
    expect(run.get('Total')[0]).toBe(14)
    expect(() => run.get('Level[valueOf]')).toThrow(StockflowError)
  })
})

describe('arrays of 100k elements', () => {
  const big = compile(regions(100_000))

  it('set every element and keep a whole array: a column per element, in order', () => {
    const run = simulate(big, { set: { 'Growth[*]': 0, 'Growth[R99999]': 1 }, vars: ['Population'] })
    expect(run.names).toHaveLength(100_000)
    expect(run.names[99_999]).toBe('Population[R99999]')
    expect(run.get('population[r99999]')[2]).toBe(400)
    expect(run.get('population[north]')[2]).toBe(100)
    const all = run.array('Population')
    expect(all.elements).toHaveLength(100_000)
    expect(all.elements[2]!.subscripts).toEqual(['R2'])
  })

  it('a misspelt element or array: did-you-mean over 100k names, in one line', () => {
    const run = simulate(big, { vars: ['Population[North]'] })
    expect(() => run.get('Population')).toThrow(/is an array \(Population\[North\], .* \(100000 in all\)\)/)
    expect(() => simulate(big, { set: { 'Growth[R9999x]': 1 } })).toThrow(
      /did you mean "Growth\[R9999[0-9]?\]"( or "Growth\[R9999[0-9]?\]")?\?$/,
    )
    expect(() => simulate(big, { vars: ['Populaton'] })).toThrow(/did you mean "Population"\?$/)
  })
})

describe('hostile element names on the command line (pnpm stockflow run)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockflow-hostile-names-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const file = join(dir, 'regions.json')
  writeFileSync(file, JSON.stringify(regions(3)))

  it.each([
    [
      '--set',
      'Population[__proto__]=1',
      /--set: "Population\[__proto__\]" in \S*regions\.json: Population has no element/,
    ],
    ['--vars', 'Population[North', /--vars: no variable "Population\[North" in \S*regions\.json/],
    ['--vars', `Population[${'x'.repeat(100_000)}]`, /Population has no element \[x+\]; its elements: /],
  ])('%s %s: exit 1, one line, no stack', (flag, value, message) => {
    const r = stockflowProcess('run', file, flag, value as string)
    expect(r.status).toBe(1)
    expect(r.stdout).toBe('')
    const lines = r.stderr.trimEnd().split('\n')
    expect(lines, r.stderr.slice(0, 2000)).toHaveLength(1)
    expect(lines[0]).toMatch(message as RegExp)
    expect(r.stderr).not.toMatch(/\n\s+at |TypeError|RangeError/)
  })
})
