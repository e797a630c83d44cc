import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loopsCommand } from '../src/commands/loops.js'
import type { LoopsFlags } from '../src/commands/loops.js'
import { POPULATION, REGIONAL_SIR, mixedSigns } from '../../loops/test/arrayed-models.js'

const root = join(__dirname, '../../..')
const seed = (name: string) => join(root, 'seeds', name)

async function loops(model: string, flags: LoopsFlags = {}) {
  let stdout = ''
  let stderr = ''
  const code = await loopsCommand(model, flags, {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  })
  return { code, stdout, stderr }
}

describe('stockflow loops', () => {
  it('prints one line per loop', async () => {
    const { code, stdout, stderr } = await loops(seed('teacup'))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(stdout).toBe('B1 balancing (2 links): Teacup Temperature -> Heat Loss to Room -> Teacup Temperature\n')
  })

  it('prints the loops of SIR, and only those through a variable with --through', async () => {
    expect((await loops(seed('SIR'))).stdout.split('\n')).toEqual([
      'B1 balancing (2 links): Infectious -> Recovering -> Infectious',
      'R1 reinforcing (2 links): Infectious -> Succumbing -> Infectious',
      'B2 balancing (2 links): Susceptible -> Succumbing -> Susceptible',
      '',
    ])
    expect((await loops(seed('SIR'), { through: 'susceptible' })).stdout).toBe(
      'B2 balancing (2 links): Susceptible -> Succumbing -> Susceptible\n',
    )
  })

  it('writes the loops JSON: { loops: [{ id, name?, polarity, variables, links }] }', async () => {
    const { code, stdout } = await loops(seed('teacup'), { json: true })
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual({
      loops: [
        {
          id: 'B1',
          polarity: 'balancing',
          variables: ['Teacup Temperature', 'Heat Loss to Room'],
          links: [
            { from: 'Teacup Temperature', to: 'Heat Loss to Room', polarity: '+' },
            { from: 'Heat Loss to Room', to: 'Teacup Temperature', polarity: '-' },
          ],
        },
      ],
      named: [],
    })
  })

  it('adds the dominant loop per interval with --dominance', async () => {
    const text = (await loops(seed('SIR'), { dominance: true })).stdout.split('\n')
    expect(text[3]).toBe('dominant loops (Loops That Matter, mean relative loop score):')
    expect(text.slice(4).map((l) => l.replace(/ \d+%$/, ''))).toEqual([
      '  0.03125 to 33.15625: R1 reinforcing',
      '  33.1875 to 42.8125: B2 balancing',
      '  42.84375 to 100: B1 balancing',
      '',
    ])
    const json = JSON.parse((await loops(seed('SIR'), { dominance: true, json: true })).stdout)
    expect(json.dominance.intervals.map((i: { loop: string }) => i.loop)).toEqual(['R1', 'B2', 'B1'])
  })

  it('names matched loops, and reports named loops that disagree', async () => {
    const { stdout, stderr, code } = await loops(seed('involution'), { through: 'Local Government Debt' })
    expect(code).toBe(0)
    expect(stderr).toMatch(/^stockflow: .*model\.ts: more than 10000 loops; listing a shortest independent loop set/)
    expect(stdout).toContain(
      'R2 reinforcing (2 links): Local Government Debt -> LG Interest -> Local Government Debt  [named R4 Local fiscal squeeze]\n',
    )
    const all = (await loops(seed('involution'))).stdout
    expect(all).toContain('named loops: 15 of 15 found, 1 with the other polarity\n')
    expect(all).toMatch(/\n {2}R2 Provincial GDP tournament: found balancing \(B\d+\), named reinforcing\n/)
  })

  it('says which variable is unknown, naming the file', async () => {
    const { code, stdout, stderr } = await loops(seed('SIR'), { through: 'Infectios' })
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toMatch(
      /^stockflow: .*model\.ts: model "SIR" has no variable "Infectios"; did you mean "Infectious"\?\n$/,
    )
  })

  it('reports a model that cannot run in one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-loops-'))
    const file = join(dir, 'bad.json')
    writeFileSync(
      file,
      JSON.stringify({
        name: 'bad',
        time: { start: 0, stop: 1, dt: 1 },
        elements: [{ kind: 'aux', name: 'A', equation: 'B + 1' }],
      }),
    )
    const { code, stderr } = await loops(file)
    expect(code).toBe(1)
    expect(stderr.split('\n')[0]).toMatch(/^stockflow: .*bad\.json: /)
    expect(stderr).toContain('B')
  })

  describe('an arrayed model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-loops-'))
    const rsir = join(dir, 'rsir.json')
    writeFileSync(rsir, JSON.stringify(REGIONAL_SIR))

    it('prints its loops at the variable level, each with the element loops it stands for', async () => {
      const { code, stdout, stderr } = await loops(rsir)
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout.split('\n')).toEqual([
        'B1 balancing (2 links): Infected -> Recovering -> Infected  [3 element loops]',
        'B2 balancing (2 links): Susceptible -> Infecting -> Susceptible  [3 element loops]',
        'R1 reinforcing (3 links): Infected -> Exposure -> Infecting -> Infected  [8 element loops]',
        '',
      ])
      expect((await loops(rsir, { through: 'Exposure' })).stdout).toBe(
        'R1 reinforcing (3 links): Infected -> Exposure -> Infecting -> Infected  [8 element loops]\n',
      )
    })

    it('prints the regional SIR seed’s loops with the named loops they match', async () => {
      const { code, stdout } = await loops(seed('regional-sir'))
      expect(code).toBe(0)
      expect(stdout.split('\n')).toEqual([
        'B1 balancing (2 links): Infected -> Recovering -> Infected  [3 element loops; named recovery Recovery]',
        'B2 balancing (2 links): Susceptible -> Infecting -> Susceptible  [3 element loops; named depletion Depletion]',
        'R1 reinforcing (3 links): Infected -> Exposure -> Infecting -> Infected  [8 element loops; named contagion Contagion]',
        'named loops: 3 of 3 found',
        '',
      ])
    })

    it('prints the element loops with --elements', async () => {
      const lines = (await loops(rsir, { elements: true })).stdout.split('\n')
      expect(lines).toHaveLength(15)
      expect(lines[0]).toBe('B1 balancing (2 links): Infected[east] -> Recovering[east] -> Infected[east]')
      expect(lines[9]).toBe(
        'R4 reinforcing (6 links): Infected[north] -> Exposure[east] -> Infecting[east] -> Infected[east] -> Exposure[north] -> Infecting[north] -> Infected[north]',
      )
      const through = (await loops(rsir, { elements: true, through: 'Recovering[south]' })).stdout
      expect(through).toBe('B3 balancing (2 links): Infected[south] -> Recovering[south] -> Infected[south]\n')
    })

    it('names variables in its JSON, and elements with --elements', async () => {
      const json = JSON.parse((await loops(rsir, { json: true })).stdout)
      expect(json.loops[2]).toEqual({
        id: 'R1',
        polarity: 'reinforcing',
        variables: ['Infected', 'Exposure', 'Infecting'],
        elementLoops: 8,
        links: [
          { from: 'Infected', to: 'Exposure', polarity: '+' },
          { from: 'Exposure', to: 'Infecting', polarity: '+' },
          { from: 'Infecting', to: 'Infected', polarity: '+' },
        ],
      })
      const flat = JSON.parse((await loops(rsir, { json: true, elements: true })).stdout)
      expect(flat.loops).toHaveLength(14)
      expect(flat.loops[0]).toEqual({
        id: 'B1',
        polarity: 'balancing',
        variables: ['Infected[east]', 'Recovering[east]'],
        links: [
          { from: 'Infected[east]', to: 'Recovering[east]', polarity: '+' },
          { from: 'Recovering[east]', to: 'Infected[east]', polarity: '-' },
        ],
      })
    })

    it('gives the dominant variable loop per interval with --dominance', async () => {
      const text = (await loops(rsir, { dominance: true })).stdout.split('\n')
      expect(text.slice(3)).toEqual([
        'dominant loops (Loops That Matter, mean relative loop score):',
        '  0.125 to 52: R1 reinforcing 58%',
        '  52.125 to 60: B2 balancing 58%',
        '',
      ])
      const json = JSON.parse((await loops(rsir, { dominance: true, json: true, elements: true })).stdout)
      expect(json.dominance.intervals[0].loop).toMatch(/^R\d+$/)
    })

    it('says when not every element loop could be listed', async () => {
      const many = join(dir, 'eight.json')
      const regions = Array.from({ length: 8 }, (_, i) => `r${i}`)
      writeFileSync(
        many,
        JSON.stringify({
          ...REGIONAL_SIR,
          dimensions: [{ name: 'Region', elements: regions }],
          elements: [{ ...REGIONAL_SIR.elements[0], perElement: [] }, ...REGIONAL_SIR.elements.slice(1)],
        }),
      )
      const { code, stdout, stderr } = await loops(many)
      expect(code).toBe(0)
      expect(stderr).toMatch(
        /^stockflow: .*eight\.json: element loops: more than 10000 loops; counts and scores of the variable loops cover the \d+ listed \(--elements lists them\)\n$/,
      )
      expect(stdout).toContain(
        'B1 balancing (2 links): Infected -> Recovering -> Infected  [at least 8 element loops]\n',
      )
      const json = JSON.parse((await loops(many, { json: true })).stdout)
      expect(json.elements).toMatchObject({ truncated: true, message: 'more than 10000 loops' })
      expect(json.truncated).toBeUndefined()
    })
  })

  describe('a loop through a variable more than once (regional population)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-loops-'))
    const pop = join(dir, 'population.json')
    writeFileSync(pop, JSON.stringify(POPULATION))

    it('lists the closed walk, marked, with what its marks and the mixed link mean', async () => {
      const { code, stdout, stderr } = await loops(pop)
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout.split('\n')).toEqual([
        'B1 balancing (2 links): Pop -> Aging -> Pop  [2 element loops; mixed link Pop -> Aging]',
        'R1 reinforcing (2 links): Pop -> Births -> Pop  [2 element loops]',
        'B2 balancing (2 links): Pop -> Deaths -> Pop  [4 element loops]',
        'R2 reinforcing (4 links): Pop -> Births -> Pop -> Aging -> Pop  [2 element loops; through Pop twice; mixed link Pop -> Aging]',
        'mixed link: its sign changes along the run, or its element links have both signs; the loop takes the polarity its element loops share',
        'through Pop twice: its element loops pass through more than one element of Pop (Pop[north,young], Pop[north,old]), so its variables make a closed walk, not a simple loop; each element loop counts in one variable loop',
        '',
      ])
    })

    it('names the variables passed more than once in its JSON', async () => {
      const json = JSON.parse((await loops(pop, { json: true })).stdout)
      expect(json.loops[3]).toMatchObject({
        id: 'R2',
        polarity: 'reinforcing',
        variables: ['Pop', 'Births', 'Pop', 'Aging'],
        elementLoops: 2,
        revisits: ['Pop'],
      })
      expect(json.loops.slice(0, 3).some((l: { revisits?: unknown }) => l.revisits)).toBe(false)
    })

    it('gives the walk as the dominant loop, as the element level gives its element loops', async () => {
      const text = (await loops(pop, { dominance: true })).stdout.split('\n')
      expect(text.slice(6)).toEqual([
        'dominant loops (Loops That Matter, mean relative loop score):',
        '  0.25 to 24: R2 reinforcing 37%',
        '',
      ])
      const elements = JSON.parse((await loops(pop, { dominance: true, json: true, elements: true })).stdout)
      const last = elements.dominance.intervals.filter((i: { end: number }) => i.end === 24)
      expect(last.map((i: { loop: string }) => i.loop)).toEqual(['R3', 'R4'])
      expect(elements.loops.find((l: { id: string }) => l.id === 'R3').variables).toEqual([
        'Pop[north,young]',
        'Aging[north,old]',
        'Pop[north,old]',
        'Births[north,young]',
      ])
    })

    it('explains a mixed loop', async () => {
      const mixed = join(dir, 'mixed.json')
      writeFileSync(mixed, JSON.stringify(mixedSigns()))
      expect((await loops(mixed)).stdout.split('\n')).toEqual([
        'B1 balancing (2 links): X -> Change -> X  [3 element loops; mixed]',
        'mixed: the loop has a link whose sign changes along the run, or element loops of both polarities; shown with the polarity of most of the run, else of most of its element loops',
        '',
      ])
    })
  })
})
