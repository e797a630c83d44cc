import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Dimension, Element, Model } from '@stockflow/model'
import regional from '../../../seeds/regional-sir/model.js'
import { exportMdl } from '../src/index.js'
import { elementShape, expectSameRun, normalEquation, roundTrip, runDifference, shape } from './export-helpers.js'

// exportMdl on arrayed models: subscript ranges, apply-to-all and per-element equations, subscripted
// references, bangs, arrayed lookups; each read back by importMdl to the same model and run.

const Region: Dimension = { name: 'Region', elements: ['north', 'south', 'east'] }
const arrayed = (elements: Element[], dimensions: Dimension[] = [Region]): Model => ({
  name: 'arrays',
  time: { start: 0, stop: 4, dt: 0.25 },
  dimensions,
  elements,
})

describe('exportMdl: arrays', () => {
  it('writes the regional SIR seed with subscripts and gives it back element for element', () => {
    const { text, back, warnings } = roundTrip(regional)
    expect(warnings).toEqual([])
    expect(text).toContain('Region: north, south, east\n')
    // A value per region, given as a record, is Vensim's number list.
    expect(text).toContain('Population[Region] = 1000, 2000, 500\n')
    expect(text).not.toContain('Population[east]')
    expect(text).toContain('Infected[Region] :EXCEPT: [north] = INTEG(Infecting[Region] - Recovering[Region], 0)\n')
    expect(text).toContain('Infected[north] = INTEG(Infecting[north] - Recovering[north], 5)\n')
    expect(text).toContain('SUM(Infected[Region!]) / SUM(Population[Region!])')
    // Vensim writes every subscript: a bare array reads back over its dimensions, a star as a bang.
    const equations = (m: Model) =>
      m.elements.map((e) => (e.kind === 'stock' ? e.initial : 'equation' in e ? e.equation : ''))
    expect(equations(back).map(normalEquation)).toContain(
      '(1 - travel_share) * infected[Region] / population[Region] + travel_share * sum(infected[Region!]) / sum(population[Region!])',
    )
    // A number list reads back as a value per element: compare what each element of a parameter holds.
    const held = (e: Element) =>
      e.kind === 'param' && e.dimensions
        ? {
            value: Object.fromEntries(
              Region.elements.map((r) => [
                r,
                Number(e.perElement?.find((pe) => pe.subscripts.join() === r)?.equation ?? e.value),
              ]),
            ),
            perElement: undefined,
          }
        : {}
    const strip = (m: Model) =>
      m.elements.map((e) => ({ ...elementShape(e), equation: undefined, initial: undefined, ...held(e) }))
    expect(strip(back)).toEqual(strip(regional))
    expect(back.dimensions).toEqual(regional.dimensions)
    // Written again, the model read back comes back exactly.
    expect(shape(roundTrip(back).back)).toEqual(shape(back))
    expectSameRun(regional, back)
  })

  it('writes the lines the README shows of the regional SIR seed', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('## Export'))
    const shown = /```text\n([\s\S]*?)```/.exec(section)![1]!.trimEnd().split('\n')
    expect(shown.length).toBeGreaterThan(3)
    const text = exportMdl(regional)
    for (const line of shown) expect(text).toContain(`${line}\n`)
  })

  it('writes subranges by their elements, aliases with <->, mappings with ->, and reads them back', () => {
    const dims: Dimension[] = [
      { name: 'Region', elements: ['north', 'south', 'east'], aliases: ['Area'] },
      { name: 'Coast', elements: ['north', 'south'], parent: 'Region' },
      { name: 'Zone', elements: ['z1', 'z2', 'z3'], mappings: [{ to: 'Region' }] },
      { name: 'Pair', elements: ['p1', 'p2'], mappings: [{ to: 'Region', elements: ['north', 'east'] }] },
    ]
    const m = arrayed(
      [
        { kind: 'param', name: 'base', id: 'base', dimensions: ['Region'], value: 2 },
        { kind: 'aux', name: 'on coast', id: 'on_coast', dimensions: ['Coast'], equation: 'base[Coast] * 10' },
        { kind: 'aux', name: 'by zone', id: 'by_zone', dimensions: ['Zone'], equation: 'base[Region] + Zone' },
        { kind: 'aux', name: 'by pair', id: 'by_pair', dimensions: ['Pair'], equation: 'base[Region] * 3' },
        {
          kind: 'aux',
          name: 'square',
          id: 'square',
          dimensions: ['Region', 'Area'],
          equation: 'base[Region] * base[Area]',
        },
      ],
      dims,
    )
    const { text, back } = roundTrip(m)
    expect(text).toContain('Region: north, south, east\n')
    expect(text).toContain('Area <-> Region\n')
    expect(text).toContain('Coast: north, south\n')
    expect(text).toContain('Zone: z1, z2, z3 -> Region\n')
    expect(text).toContain('Pair: p1, p2 -> (Region: north, east)\n')
    expect(back.dimensions).toEqual(dims)
    expectSameRun(m, back)
  })

  it('writes a numbered range as its elements, read back with the same names', () => {
    const Age: Dimension = { name: 'Age', elements: ['1', '2', '3'] }
    const m = arrayed(
      [
        {
          kind: 'param',
          name: 'weight',
          id: 'weight',
          dimensions: ['Age'],
          value: 0,
          perElement: [
            { subscripts: ['1'], equation: '1' },
            { subscripts: ['2'], equation: '2' },
            { subscripts: ['3'], equation: '4' },
          ],
        },
        { kind: 'aux', name: 'second', id: 'second', equation: 'weight[2] + weight[3]' },
      ],
      [Age],
    )
    const { text, back } = roundTrip(m)
    expect(text).toContain('Age: 1, 2, 3\n')
    expect(text).toContain('weight[Age] = 1, 2, 4\n')
    expect(text).toContain('second = weight[2] + weight[3]\n')
    expectSameRun(m, back)
  })

  it('writes a number list when every element of a 1-D or 2-D parameter has a number, the main value filling in', () => {
    const Age: Dimension = { name: 'Age', elements: ['young', 'old'] }
    const Sex: Dimension = { name: 'Sex', elements: ['f', 'm'] }
    const m = arrayed(
      [
        {
          kind: 'param',
          name: 'rate',
          id: 'rate',
          dimensions: ['Region'],
          value: 1,
          perElement: [{ subscripts: ['east'], equation: '3' }],
        },
        {
          kind: 'param',
          name: 'm',
          id: 'm',
          dimensions: ['Region', 'Age'],
          value: 0.5,
          perElement: [{ subscripts: ['south', 'old'], equation: '-2' }],
        },
        {
          kind: 'param',
          name: 'cube',
          id: 'cube',
          dimensions: ['Region', 'Age', 'Sex'],
          value: 7,
          perElement: [{ subscripts: ['east', 'old', 'm'], equation: '8' }],
        },
        {
          kind: 'param',
          name: 'coast',
          id: 'coast',
          dimensions: ['Region'],
          value: 1,
          perElement: [{ subscripts: ['Coast'], equation: '2' }],
        },
        {
          kind: 'aux',
          name: 'total',
          id: 'total',
          equation: 'SUM(rate[*]) + SUM(m[*,*]) + SUM(cube[*,*,*]) + SUM(coast[*])',
        },
      ],
      [Region, Age, Sex, { name: 'Coast', elements: ['north', 'south'], parent: 'Region' }],
    )
    const { text, back, warnings } = roundTrip(m)
    expect(warnings).toEqual([])
    expect(text).toContain('rate[Region] = 1, 1, 3\n')
    expect(text).toContain('m[Region,Age] = 0.5, 0.5;\n\t0.5, -2;\n\t0.5, 0.5;\n')
    // Three dimensions, or a subrange among the entries: the main value with :EXCEPT:, as before.
    expect(text).toContain('cube[Region,Age,Sex] :EXCEPT: [east,old,m] = 7\n')
    expect(text).toContain('coast[Region] :EXCEPT: [Coast] = 1\n')
    expectSameRun(m, back)
  })

  it('writes per-element equations under :EXCEPT:, subranges among them, and a stock defined element by element', () => {
    const dims: Dimension[] = [Region, { name: 'Coast', elements: ['north', 'south'], parent: 'Region' }]
    const m = arrayed(
      [
        {
          kind: 'aux',
          name: 'growth',
          id: 'growth',
          dimensions: ['Region'],
          equation: '0.1',
          perElement: [{ subscripts: ['Coast'], equation: '0.2 + Coast / 100' }],
        },
        {
          kind: 'stock',
          name: 'pop',
          id: 'pop',
          dimensions: ['Region'],
          initial: '',
          inflows: ['births'],
          outflows: [],
          perElement: [
            { subscripts: ['north'], equation: '10' },
            { subscripts: ['south'], equation: '20' },
            { subscripts: ['east'], equation: '30' },
          ],
        },
        {
          kind: 'flow',
          name: 'births',
          id: 'births',
          dimensions: ['Region'],
          equation: 'pop[Region] * growth[Region]',
        },
      ],
      dims,
    )
    const { text, back } = roundTrip(m)
    expect(text).toContain('growth[Region] :EXCEPT: [Coast] = 0.1\n')
    expect(text).toContain('growth[Coast] = 0.2 + Coast / 100\n')
    expect(text).toContain('pop[north] = INTEG(births[north], 10)\n')
    for (const id of ['growth', 'pop', 'births'])
      expect(elementShape(back.elements.find((e) => e.id === id)!)).toEqual(
        elementShape(m.elements.find((e) => e.id === id)!),
      )
    expectSameRun(m, back)
  })

  it('writes references with the subscripts they stand for: a bare array over its dimensions, * as a bang, places as elements', () => {
    const Age: Dimension = { name: 'Age', elements: ['young', 'old'] }
    const m = arrayed(
      [
        {
          kind: 'param',
          name: 'p',
          id: 'p',
          dimensions: ['Region', 'Age'],
          value: 0,
          perElement: [
            { subscripts: ['north', 'young'], equation: '1' },
            { subscripts: ['north', 'old'], equation: '2' },
            { subscripts: ['south', 'young'], equation: '3' },
            { subscripts: ['south', 'old'], equation: '4' },
            { subscripts: ['east', 'young'], equation: '5' },
            { subscripts: ['east', 'old'], equation: '6' },
          ],
        },
        { kind: 'aux', name: 'same', id: 'same', dimensions: ['Region', 'Age'], equation: 'p * 2' },
        { kind: 'aux', name: 'by region', id: 'by_region', dimensions: ['Region'], equation: 'SUM(p[Region, *])' },
        { kind: 'aux', name: 'everything', id: 'everything', equation: 'SUM(p[*, *]) + MAX(p[*, 2]) + MEAN(p[*, *])' },
        { kind: 'aux', name: 'corner', id: 'corner', equation: 'p[2, 1] + SIZE(p[*, *]) + SIZE(Region)' },
        { kind: 'aux', name: 'free', id: 'free', equation: 'PROD(p[Region, old]) + MIN(p[*, young])' },
      ],
      [Region, Age],
    )
    const { text, back } = roundTrip(m)
    expect(text).toContain('same[Region,Age] = p[Region, Age] * 2\n')
    expect(text).toContain('by region[Region] = SUM(p[Region, Age!])\n')
    expect(text).toContain('everything = SUM(p[Region!, Age!]) + VMAX(p[Region!, old]) + (SUM(p[Region!, Age!]) / 6)\n')
    expect(text).toContain('corner = p[south, young] + 6 + ELMCOUNT(Region)\n')
    expect(text).toContain('free = PROD(p[Region!, old]) + VMIN(p[Region!, young])\n')
    expectSameRun(m, back)
  })

  it('writes arrayed lookups, per element, and their calls with subscripts', () => {
    const m = arrayed([
      {
        kind: 'lookup',
        name: 'curve',
        id: 'curve',
        dimensions: ['Region'],
        x: [0, 10],
        y: [0, 1],
        perElement: [{ subscripts: ['south'], graph: { x: [0, 10], y: [0, 2] } }],
      },
      { kind: 'aux', name: 'read', id: 'read', dimensions: ['Region'], equation: 'curve[Region](TIME)' },
      { kind: 'aux', name: 'one', id: 'one', equation: 'curve[south](5)' },
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('curve[Region] :EXCEPT: [south](\n\t[(0,0)-(10,1)],(0,0),(10,1))\n')
    expect(text).toContain('curve[south](\n\t[(0,0)-(10,2)],(0,0),(10,2))\n')
    expect(text).toContain('read[Region] = curve[Region](Time)\n')
    expect(elementShape(back.elements[0]!)).toEqual(elementShape(m.elements[0]!))
    expectSameRun(m, back)
  })

  it('writes an arrayed graphical function read in a mode as one lookup per mode, each element its table', () => {
    const g = { x: [0, 2, 4], y: [1, 3, 2] }
    const m = arrayed([
      {
        kind: 'aux',
        name: 'held',
        id: 'held',
        dimensions: ['Region'],
        equation: 'TIME',
        graph: { ...g, mode: 'discrete' },
        perElement: [
          { subscripts: ['north'], equation: 'TIME / 2' },
          { subscripts: ['south'], equation: 'TIME', graph: { x: [0, 4], y: [5, 9], mode: 'discrete' } },
        ],
      },
      {
        kind: 'aux',
        name: 'two',
        id: 'two',
        dimensions: ['Region'],
        equation: 'TIME',
        graph: { ...g, mode: 'discrete' },
        perElement: [{ subscripts: ['east'], equation: 'TIME', graph: { ...g, mode: 'forward' } }],
      },
      {
        kind: 'aux',
        name: 'mixed',
        id: 'mixed',
        dimensions: ['Region'],
        equation: 'TIME',
        graph: g,
        perElement: [{ subscripts: ['north'], equation: '1' }],
      },
    ])
    const { text, back, warnings } = roundTrip(m)
    expect(warnings).toEqual([])
    expect(text).toContain('held[Region] :EXCEPT: [north],[south] = LOOKUP BACKWARD(held lookup[Region], Time)\n')
    // A per-element equation without a graph of its own reads the main one's, as the model's flattening does.
    expect(text).toContain('held[north] = LOOKUP BACKWARD(held lookup[north], Time / 2)\n')
    expect(text).toContain('held lookup[Region] :EXCEPT: [south](\n\t[(0,1)-(4,3)],(0,1),(2,3),(4,2))\n')
    expect(text).toContain('held lookup[south](\n\t[(0,5)-(4,9)],(0,5),(4,9))\n')
    expect(text).toContain('two[east] = LOOKUP FORWARD(two lookup 2[east], Time)\n')
    expect(text).toContain('two lookup 2[Region](\n\t[(0,1)-(4,3)],(0,1),(2,3),(4,2))\n')
    expect(text).toContain('mixed[north] = WITH LOOKUP(1, ([(0,1)-(4,3)],(0,1),(2,3),(4,2)))\n')
    expect(runDifference(m, back)).toBeUndefined()
  })

  it('writes the array functions Vensim has under their Vensim names', () => {
    const m = arrayed([
      {
        kind: 'param',
        name: 'v',
        id: 'v',
        dimensions: ['Region'],
        value: 0,
        perElement: [
          { subscripts: ['north'], equation: '3' },
          { subscripts: ['south'], equation: '1' },
          { subscripts: ['east'], equation: '2' },
        ],
      },
      { kind: 'aux', name: 'order', id: 'order', dimensions: ['Region'], equation: 'VECTOR_SORT_ORDER(v[Region], 1)' },
      { kind: 'aux', name: 'ranks', id: 'ranks', dimensions: ['Region'], equation: 'VECTOR_RANK(v[Region], 1)' },
      { kind: 'aux', name: 'picked', id: 'picked', equation: 'VECTOR_SELECT(v[Region!], v[Region!], 0, 0, 0)' },
    ])
    const { text, back } = roundTrip(m)
    expect(text).toContain('order[Region] = VECTOR SORT ORDER(v[Region], 1)\n')
    expect(text).toContain('ranks[Region] = VECTOR RANK(v[Region], 1)\n')
    expect(text).toContain('picked = VECTOR SELECT(v[Region!], v[Region!], 0, 0, 0)\n')
    expectSameRun(m, back)
  })

  it('refuses the array functions Vensim lacks, naming the element', () => {
    const m = arrayed([
      { kind: 'param', name: 'v', id: 'v', dimensions: ['Region'], value: 1 },
      { kind: 'aux', name: 'spread', id: 'spread', equation: 'STDDEV(v[*])' },
    ])
    expect(() => exportMdl(m)).toThrow(
      'model "arrays": element "spread": its equation cannot be written in Vensim: it uses STDDEV (Vensim has no such function over arrays)',
    )
  })
})
