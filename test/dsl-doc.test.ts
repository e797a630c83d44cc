import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Aux, Issue, Model, Stock } from '@stockflow/model'
import { modelToJSON, validate } from '@stockflow/model'
import type { LoopAnalysis, NamedLoopMatch } from '@stockflow/loops'
import type { ArraySeries, CheckResult, Run } from '@stockflow/solver'
import { codeBlocks, runTypeScriptBlock, typeErrorsOfBlocks } from './support/readme.js'
import type { CodeBlock } from './support/readme.js'

// docs/dsl.md, the modeler's guide to the DSL: every ```ts block type-checks under the repository's
// strict tsconfig, runs, and what its comments say is checked here, so the page cannot drift from the code.

const docs = join(__dirname, '../docs')
const markdown = readFileSync(join(docs, 'dsl.md'), 'utf8')

/** What the test does with one block: the bindings it reads, and the checks on them. */
interface Example {
  readonly names: readonly string[]
  readonly verify: (exports: never) => void
}

/** An example whose exports have the types `T` (the block's bindings, as the test reads them). */
function example<T>(names: readonly (keyof T & string)[], verify: (exports: T) => void): Example {
  return { names, verify: verify as (exports: never) => void }
}

const close = (a: number, b: number, digits = 6) => expect(a).toBeCloseTo(b, digits)

/** The blocks by section heading; a section's second block is `Heading #2`. */
const EXAMPLES: Record<string, Example> = {
  Models: example<{ diffusion: Model; run: Run; years: Float64Array; halfway: number }>(
    ['diffusion', 'run', 'years', 'halfway'],
    ({ diffusion, run, years, halfway }) => {
      expect(run.meta.method).toBe('rk4')
      expect(Array.from(years)).toEqual(Array.from({ length: 21 }, (_, i) => i))
      expect(halfway).toBeCloseTo(0.533, 3)
      expect(diffusion.elements.map((e) => e.id)).toContain('potential_adopters')
      // Nobody appears or disappears: the two stocks add up to the market.
      const sum = run.get('Potential Adopters').map((p, i) => p + run.get('Adopters')[i]!)
      for (const s of sum) close(s, 10_000)
    },
  ),
  Stocks: example<{ level: Float64Array }>(['level'], ({ level }) => {
    expect(Array.from(level)).toEqual([250, 200, 150, 100, 50, 0, 0, 0, 0, 0, 0])
  }),
  Flows: example<{ tanks: Model; upperTank: Stock; lowerTank: Stock; run: Run; firstTransfer: number }>(
    ['tanks', 'upperTank', 'lowerTank', 'run', 'firstTransfer'],
    ({ upperTank, lowerTank, run, firstTransfer }) => {
      expect(upperTank).toMatchObject({ inflows: ['rain'], outflows: ['transfer'] })
      expect(lowerTank).toMatchObject({ inflows: ['transfer'], outflows: ['spill'] })
      expect(firstTransfer).toBe(-6)
      expect(Math.min(...run.get('Spill'))).toBe(0)
      expect(run.get('Lower Tank')[0]).toBe(80)
    },
  ),
  Auxiliaries: example<{ firstOrders: number; finalGap: number }>(
    ['firstOrders', 'finalGap'],
    ({ firstOrders, finalGap }) => {
      expect(firstOrders).toBe(25)
      expect(finalGap).toBeGreaterThan(0)
      expect(finalGap).toBeLessThan(1)
    },
  ),
  Parameters: example<{ ranch: Model; base: number; faster: number; beyond: number }>(
    ['ranch', 'base', 'faster', 'beyond'],
    ({ ranch, base, faster, beyond }) => {
      expect(ranch.elements.find((e) => e.name === 'Growth Rate')).toMatchObject({ min: 0, max: 0.2 })
      expect(base).toBeCloseTo(164.6, 1)
      expect(faster).toBeCloseTo(270.1, 1)
      expect(beyond).toBeGreaterThan(10_000)
    },
  ),
  Equations: example<{ bonusAt: (week: number) => number; problem: Issue; revenue: Aux }>(
    ['bonusAt', 'problem', 'revenue'],
    ({ bonusAt, problem }) => {
      // Week 7: 100 + 50 (the step) + 20 (the ramp) widgets at 4 dollars is 680; week 8: 720.
      expect([2, 6, 7].map(bonusAt)).toEqual([0, 0, 0])
      close(bonusAt(8), 72, 9)
      expect(problem).toMatchObject({
        code: 'unknown-reference',
        element: 'Doubled',
        hint: 'did you mean "Units Sold"?',
      })
    },
  ),
  'What the compiler refuses': example<{ doesNotCompile: readonly (() => unknown)[]; compiles: Model }>(
    [],
    ({ doesNotCompile, compiles }) => {
      expect(doesNotCompile).toHaveLength(4)
      expect(validate(compiles)).toEqual([])
    },
  ),
  Lookups: example<{ at5: number[]; at30: number[]; own: number; beyond: number }>(
    ['at5', 'at30', 'own', 'beyond'],
    ({ at5, at30, own, beyond }) => {
      expect(at5).toEqual([0.5, 0.5, 0, 1])
      expect(at30).toEqual([3, 5, 3, 3])
      expect(own).toBe(25)
      expect(beyond).toBe(30)
    },
  ),
  'Data variables': example<{ observed: number[]; real2021: number }>(
    ['observed', 'real2021'],
    ({ observed, real2021 }) => {
      expect(observed).toEqual([100, 145, 160])
      close(real2021, 130 / 1.05, 9)
    },
  ),
  Scenarios: example<{
    fishery: Model
    baseline: number
    quota: number
    collapse: number
    quotaPlus: number
    mistake: string
  }>(
    ['fishery', 'baseline', 'quota', 'collapse', 'quotaPlus', 'mistake'],
    ({ fishery, baseline, quota, collapse, quotaPlus, mistake }) => {
      expect(fishery.scenarios?.[0]).toEqual({
        id: 'quota',
        name: 'Quota',
        doc: 'Harvest cut to a third',
        set: { 'Harvest Rate': 0.1 },
      })
      expect(baseline).toBeCloseTo(250, 0)
      expect(quota).toBeCloseTo(750, 0)
      expect(collapse).toBeLessThan(5)
      expect(quotaPlus).toBeCloseTo(500, 0)
      expect(mistake).toBe(
        'scenario "typo": cannot set "Harvest Rat": model "fishery" has no such variable; did you mean "Harvest Rate"?',
      )
      expect(markdown).toContain(`// '${mistake}'`)
    },
  ),
  'Named loops': example<{
    analysis: LoopAnalysis
    wom: NamedLoopMatch
    saturation: NamedLoopMatch
    r1: string[]
    mistake: string
  }>(['analysis', 'wom', 'saturation', 'r1', 'mistake'], ({ wom, saturation, r1, mistake }) => {
    expect(wom).toMatchObject({ loop: 'R1', exact: false, polarityAgrees: true, unknown: [] })
    expect(wom.named.variables).toEqual(['Adopters', 'Adoption'])
    expect(saturation).toMatchObject({ loop: 'B1', exact: true, candidates: 2, polarityAgrees: true })
    expect(r1).toEqual(['Adopters', 'Word of Mouth', 'Adoption'])
    expect(mistake).toBe(
      'named loop "B" (Saturation): "Potential Adopter" is not a variable of model "diffusion"; did you mean "Potential Adopters"?',
    )
    expect(markdown).toContain(`// '${mistake}'`)
  }),
  Views: example<{ factory: Model; placedFrom: string }>(['factory', 'placedFrom'], ({ factory, placedFrom }) => {
    expect(placedFrom).toBe('view')
    expect(factory.views?.map((v) => v.name)).toEqual(['Factory', 'Dispatch'])
    expect(validate(factory)).toEqual([])
  }),
  Arrays: example<{
    regions: Model
    flatNames: string[]
    shares: number[]
    start: number[]
    bust: number
    baseline: number
    run: Run
  }>(
    ['regions', 'flatNames', 'shares', 'start', 'bust', 'baseline', 'run'],
    ({ regions, flatNames, shares, start, bust, baseline, run }) => {
      expect(validate(regions)).toEqual([])
      expect(flatNames).toEqual(['Young[north]', 'Young[south]', 'Young[east]', 'Old[north]'])
      close(shares[0]!, 1 / 3)
      close(shares[1]!, 80 / 180)
      close(shares[2]!, 1 / 3)
      // Coastal Old: north and east, 50 each; Care Load[south]: 100 young at 0.1 and 80 old at 1.2.
      close(start[0]!, 100)
      close(start[1]!, 106)
      expect(start[2]).toBe(3)
      expect(bust).toBeLessThan(baseline)
      const headcount: ArraySeries = run.array('Headcount[north,*]')
      expect(headcount.elements.map((e) => e.name)).toEqual(['Headcount[north,young]', 'Headcount[north,old]'])
      expect(run.get('North Young')[0]).toBe(100)
    },
  ),
  'Arrays #2': example<{ doesNotCompile: readonly (() => unknown)[]; compiles: Model }>(
    [],
    ({ doesNotCompile, compiles }) => {
      expect(doesNotCompile).toHaveLength(5)
      expect(validate(compiles).filter((i) => i.severity === 'error')).toEqual([])
    },
  ),
  'Behaviour checks': example<{ results: CheckResult[]; passed: string[]; failure: string }>(
    ['results', 'passed', 'failure'],
    ({ results, passed, failure }) => {
      expect(passed).toEqual(results.slice(0, 4).map((r) => r.name))
      expect(results[4]!.pass).toBe(false)
      expect(failure).toBe('max of Old Share[north] in the model (at 40) = 0.7563 >= 0.8')
      expect(markdown).toContain(`expected of what: \`${failure}\``)
    },
  ),
  'Simulating from a script': example<{
    temperature: Float64Array
    after10: number
    header: string
    infected: ArraySeries
    peaks: (readonly [string, number])[]
    total: Float64Array
  }>(['temperature', 'after10', 'header', 'infected', 'peaks', 'total'], (x) => {
    close(x.temperature[x.temperature.length - 1]!, 60 + 120 * Math.exp(-3))
    close(x.after10, 180 * Math.exp(-1), 4)
    expect(x.header).toBe('time,Teacup Temperature')
    expect(x.infected.name).toBe('Infected')
    expect(x.peaks.map(([region]) => region)).toEqual(['north', 'south', 'east'])
    expect(x.total.length).toBe(x.infected.elements[0]!.values.length)
  }),
  'The model as JSON': example<{ teacup: Model; json: string; back: Model }>(
    ['teacup', 'json', 'back'],
    ({ teacup, json, back }) => {
      const shown = blocks.find((b) => b.section === 'The model as JSON' && b.block.lang === 'json')
      expect(JSON.parse(json)).toEqual(JSON.parse(shown!.block.code))
      expect(modelToJSON(back)).toBe(modelToJSON(teacup))
    },
  ),
}

/** Every fenced block with the heading of the section it is in. */
const blocks: { section: string; block: CodeBlock }[] = codeBlocks(markdown).map((block) => {
  const before = markdown.split('\n').slice(0, block.line - 1)
  const heading = before.reverse().find((l) => /^#{2,3} /.test(l)) ?? ''
  return { section: heading.replace(/^#+ /, ''), block }
})

/** The ts blocks, keyed as EXAMPLES is. */
const tsBlocks = blocks
  .filter((b) => b.block.lang === 'ts')
  .map((b, i, all) => {
    const n = all.slice(0, i + 1).filter((o) => o.section === b.section).length
    return { key: n === 1 ? b.section : `${b.section} #${n}`, block: b.block }
  })

describe('docs/dsl.md', () => {
  it('has a test for every ts block and a block for every test', () => {
    expect(tsBlocks.map((b) => b.key).sort()).toEqual(Object.keys(EXAMPLES).sort())
  })

  it('type-checks every ts block under the repository tsconfig', async () => {
    const errors = await typeErrorsOfBlocks(
      tsBlocks.map(({ key, block }) => ({ code: block.code, names: EXAMPLES[key]?.names ?? [] })),
      docs,
    )
    // Each error as docs/dsl.md:line:column, where a reader finds it.
    const located = errors.flatMap((list, i) =>
      list.map((e) => {
        const [, line, rest] = /^(\d+):(.*)$/s.exec(e) ?? [undefined, undefined, e]
        return line === undefined ? e : `docs/dsl.md:${tsBlocks[i]!.block.line + Number(line) - 1}:${rest}`
      }),
    )
    expect(located).toEqual([])
  }, 120_000)

  for (const { key, block } of tsBlocks) {
    it(`runs the "${key}" example and gets what its comments say`, async () => {
      const ex = EXAMPLES[key]
      if (!ex) throw new Error(`no test for the ts block of "${key}" (docs/dsl.md:${block.line})`)
      ex.verify((await runTypeScriptBlock(block.code, ex.names, docs)) as never)
    })
  }
})
