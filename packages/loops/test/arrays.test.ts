import { describe, expect, it } from 'vitest'
import sir from '../../../seeds/SIR/model.js'
import regionalSirSeed from '../../../seeds/regional-sir/model.js'
import { analyzeLoops, loopDominance } from '@stockflow/loops'
import type { LoopAnalysis } from '@stockflow/loops'
import { project, projectionKey } from '../src/projection.js'
import {
  coastalFishery,
  crossedChannels,
  manyRegions,
  mixedSigns,
  noElementLoop,
  regionalDecay,
  regionalSir,
  totalInfected,
  twoDimensional,
} from './arrayed-models.js'

const describeLoop = (l: {
  id: string
  polarity: string
  names: readonly string[]
  elementLoops?: readonly string[]
}) => `${l.id} ${l.polarity}: ${l.names.join(' -> ')}${l.elementLoops ? ` (${l.elementLoops.join(' ')})` : ''}`

/** Each variable link as `from -> to polarity`. */
const links = (a: LoopAnalysis) =>
  a.graph.links.map(
    (l) => `${a.graph.node(l.from)!.name} -> ${a.graph.node(l.to)!.name} ${a.polarities.get(l)!.polarity}`,
  )

describe('arrayed models at the variable level', () => {
  const rsir = analyzeLoops(regionalSir())

  it('regional SIR: three variable loops, standing for its 14 element loops', () => {
    expect(rsir.graph.nodes.map((n) => n.name)).toEqual([
      'Population',
      'Contact Rate',
      'Travel',
      'Duration',
      'Susceptible',
      'Infected',
      'Recovered',
      'Exposure',
      'Infecting',
      'Recovering',
    ])
    expect(rsir.loops.map(describeLoop)).toEqual([
      'B1 balancing: Infected -> Recovering (B1 B2 B3)',
      'B2 balancing: Susceptible -> Infecting (B4 B5 B6)',
      'R1 reinforcing: Infected -> Exposure -> Infecting (R1 R2 R3 R4 R5 R6 R7 R8)',
    ])
    expect(rsir.loops.every((l) => !l.mixed)).toBe(true)
    expect(rsir.truncated).toBe(false)
    // The element loops are today's flat analysis: R4 winds through two regions, R7 through three.
    const elements = rsir.elements!
    expect(elements.loops).toHaveLength(14)
    expect(elements.loop('R4')!.names).toEqual([
      'Infected[north]',
      'Exposure[east]',
      'Infecting[east]',
      'Infected[east]',
      'Exposure[north]',
      'Infecting[north]',
    ])
    expect(rsir.loop('R1')!.links).toEqual([
      { from: 'infected', to: 'exposure', polarity: '+', delayed: false, kind: 'equation' },
      { from: 'exposure', to: 'infecting', polarity: '+', delayed: false, kind: 'equation' },
      { from: 'infecting', to: 'infected', polarity: '+', delayed: false, kind: 'inflow' },
    ])
  })

  it('links variables when some of their elements are linked, signed when all element links agree', () => {
    expect(links(rsir)).toEqual([
      'Infecting -> Susceptible -',
      'Infecting -> Infected +',
      'Recovering -> Infected -',
      'Recovering -> Recovered +',
      // Travel raises exposure where a region's prevalence is below the average and lowers it above.
      'Travel -> Exposure mixed',
      // Through the region's own term and through SUM(Infected[*]) for every other region.
      'Infected -> Exposure +',
      'Population -> Exposure -',
      'Contact Rate -> Infecting +',
      'Susceptible -> Infecting +',
      'Exposure -> Infecting +',
      'Infected -> Recovering +',
      'Duration -> Recovering -',
    ])
    const travel = rsir.graph.link('travel', 'exposure')!
    expect(rsir.polarities.get(travel)).toMatchObject({ polarity: 'mixed', method: 'elements' })
  })

  it('matches named loops by variable name', () => {
    expect(rsir.named.map((n) => `${n.named.name}: ${n.loop} exact=${n.exact} agrees=${n.polarityAgrees}`)).toEqual([
      'Contagion: R1 exact=false agrees=true',
      'Depletion: B2 exact=true agrees=true',
    ])
    expect(rsir.loop('R1')!.named).toEqual([{ id: 'R1', name: 'Contagion' }])
  })

  it('matches a named loop of elements to the variable loop of their variables', () => {
    const named = analyzeLoops({
      ...regionalSir(),
      loops: [
        {
          id: 'n',
          name: 'Northern contagion',
          polarity: 'reinforcing',
          variables: ['Infected[north]', 'Infecting[north]'],
        },
      ],
    })
    expect(named.named[0]).toMatchObject({ loop: 'R1', exact: false, polarityAgrees: true, unknown: [] })
    // Element by element it is the loop of those elements.
    const flat = analyzeLoops(named.model, { elements: true })
    expect(flat.loop(flat.named[0]!.loop!)!.names).toEqual(['Infected[north]', 'Exposure[north]', 'Infecting[north]'])
  })

  it('lists loops through a variable, or through the variable of an element', () => {
    expect(rsir.loopsThrough('Infected').map((l) => l.id)).toEqual(['B1', 'R1'])
    expect(rsir.loopsThrough('infected[north]').map((l) => l.id)).toEqual(['B1', 'R1'])
    expect(() => rsir.loopsThrough('Infectd')).toThrow(
      'model "regional SIR" has no variable "Infectd"; did you mean "Infected"?',
    )
  })

  it('with elements: true, the element loops as before', () => {
    const flat = analyzeLoops(regionalSir(), { elements: true })
    expect(flat.elements).toBeUndefined()
    expect(flat.loops.map((l) => l.id)).toEqual(rsir.elements!.loops.map((l) => l.id))
    expect(flat.loops[0]!.names).toEqual(['Infected[east]', 'Recovering[east]'])
    expect(flat.loops[0]!.elementLoops).toBeUndefined()
  })

  it('leaves models without arrays as they were', () => {
    const a = analyzeLoops(sir)
    expect(a.elements).toBeUndefined()
    expect(analyzeLoops(sir, { elements: true }).loops.map(describeLoop)).toEqual(a.loops.map(describeLoop))
  })

  it('2-D: growth and crowding (a SUM over one dimension), four element loops each', () => {
    const a = analyzeLoops(twoDimensional())
    expect(a.loops.map(describeLoop)).toEqual([
      'R1 reinforcing: Pop -> Births (R1 R2 R3 R4)',
      'B1 balancing: Pop -> Crowding -> Births (B1 B2 B3 B4)',
    ])
    expect(a.elements!.loop('B2')!.names).toEqual(['Pop[a,young]', 'Crowding[a]', 'Births[a,young]'])
    expect(links(a)).toContain('Pop -> Crowding +')
  })

  it('a subrange: boats on the coast only, catch zero in the north', () => {
    const a = analyzeLoops(coastalFishery())
    expect(a.loops.map(describeLoop)).toEqual([
      'R1 reinforcing: Fish -> Regrowth (R1 R2 R3)',
      'R2 reinforcing: Boats -> Landings -> Investment (R4 R5)',
      'B1 balancing: Fish -> Landings -> Catch (B1 B2)',
    ])
    expect(a.elements!.loop('B2')!.names).toEqual(['Fish[south]', 'Landings[south]', 'Catch[south]'])
  })

  it.each(['SUM', 'MAX', 'MIN'])('finds and signs the loop through %s(Infected[*])', (fn) => {
    const a = analyzeLoops(totalInfected(fn))
    expect(a.loops.map(describeLoop)).toEqual([
      'B1 balancing: Infected -> Recovering (B1 B2 B3)',
      'B2 balancing: Susceptible -> Infecting (B4 B5 B6)',
      'R1 reinforcing: Infected -> Exposure -> Infecting (R1 R2 R3)',
      'R2 reinforcing: Infected -> Total Infected -> Exposure -> Infecting (R4 R5 R6)',
    ])
    expect(links(a)).toContain('Infected -> Total Infected +')
    expect(a.polarities.get(a.graph.link('infected', 'total_infected')!)!.method).toBe('elements')
    expect(a.elements!.loop('R4')!.names).toEqual([
      'Infected[east]',
      'Total Infected',
      'Exposure[east]',
      'Infecting[east]',
    ])
  })

  it('element links of both signs make a mixed variable link; the loop takes its element loops’ majority', () => {
    const a = analyzeLoops(mixedSigns())
    expect(links(a)).toEqual(['Change -> X +', 'X -> Change mixed'])
    expect(a.loops.map(describeLoop)).toEqual(['B1 balancing: X -> Change (B1 R1 B2)'])
    expect(a.loops[0]).toMatchObject({ mixed: true, changes: [] })
    expect(a.elements!.loops.map(describeLoop)).toEqual([
      'B1 balancing: X[east] -> Change[east]',
      'R1 reinforcing: X[north] -> Change[north]',
      'B2 balancing: X[south] -> Change[south]',
    ])
    // Summed loop scores: +1 for the north, -1 for the south and the east.
    const d = loopDominance(a)
    for (let i = 1; i < d.times.length; i++) expect(d.scores[0]![i]).toBeCloseTo(-1, 12)
  })

  it('past maxLoops, lists an independent set and the loops the listed element loops project onto', () => {
    const a = analyzeLoops(regionalSir(), { maxLoops: 2 })
    expect(a).toMatchObject({ truncated: true, message: 'more than 2 loops' })
    expect(a.elements).toMatchObject({ truncated: true, message: 'more than 2 loops' })
    expect(a.loops.map((l) => `${l.id} ${l.names.join(' -> ')}`)).toEqual([
      'B1 Infected -> Recovering',
      'B2 Susceptible -> Infecting',
      'R1 Infected -> Exposure -> Infecting',
    ])
    const independent = analyzeLoops(regionalSir(), { loopSet: 'independent' })
    expect(independent.rank).toBe(3)
    expect(independent.loops.map((l) => l.id)).toEqual(['B1', 'B2', 'R1'])
  })

  it('stays bounded on many regions: the variable graph is enumerated, not the element loops', () => {
    const a = analyzeLoops(manyRegions(30), { simulate: false })
    // The element graph of 30 regions has far more loops than the 10 000 listed; the variable graph three.
    expect(a.elements!.truncated).toBe(true)
    expect(a.truncated).toBe(false)
    expect(a.loops.map((l) => `${l.id} ${l.polarity}: ${l.names.join(' -> ')}`)).toEqual([
      'B1 balancing: Infected -> Recovering',
      'B2 balancing: Susceptible -> Infecting',
      'R1 reinforcing: Infected -> Exposure -> Infecting',
    ])
    // What the element analysis could list (its independent set) is shared out among them.
    expect(a.loops.map((l) => l.elementLoops!.length)).toEqual([30, 30, 465])
  })
})

describe('projection of element loops onto variable loops', () => {
  it('groups element loops that wind through two variable loops under their closed walk', () => {
    const a = analyzeLoops(crossedChannels())
    // R2 and R3 go out through one channel and come back through the other: one walk, up to rotation.
    expect(a.loops.map(describeLoop)).toEqual([
      'R1 reinforcing: A -> B -> F (R1)',
      'R2 reinforcing: A -> C -> F (R4)',
      'R3 reinforcing: A -> B -> F -> A -> C -> F (R2 R3)',
    ])
    expect(a.loops.map((l) => l.revisits)).toEqual([undefined, undefined, ['a', 'f']])
    expect(a.elements!.loops.map(describeLoop)).toEqual([
      'R1 reinforcing: A[one] -> B[two] -> F[two] -> A[two] -> B[one] -> F[one]',
      'R2 reinforcing: A[one] -> B[two] -> F[two] -> A[two] -> C[one] -> F[one]',
      'R3 reinforcing: A[one] -> C[two] -> F[two] -> A[two] -> B[one] -> F[one]',
      'R4 reinforcing: A[one] -> C[two] -> F[two] -> A[two] -> C[one] -> F[one]',
    ])
    // An independent set is of simple cycles only.
    expect(analyzeLoops(crossedChannels(), { loopSet: 'independent' }).loops.map((l) => l.id)).toEqual(['R1', 'R2'])
  })

  it('keeps a variable loop no element loop stands for, with a zero score', () => {
    const a = analyzeLoops(noElementLoop())
    expect(a.loops.map(describeLoop)).toEqual(['R1 reinforcing: S -> F ()'])
    expect(a.elements!.loops).toEqual([])
    const d = loopDominance(a)
    expect(Array.from(d.scores[0]!)).toEqual([NaN, 0, 0, 0, 0])
    expect(d.intervals).toEqual([])
  })

  const variableOf = new Map(
    ['n', 'e'].flatMap((r) => ['I', 'E', 'F', 'A', 'B', 'C'].map((v) => [`${v}[${r}]`, v] as [string, string])),
  )

  it('reduces a loop winding twice to its period', () => {
    expect(projectionKey(['I[n]', 'E[e]', 'F[e]', 'I[e]', 'E[n]', 'F[n]'], variableOf)).toBe('E\u0000F\u0000I')
    expect(projectionKey(['F[n]', 'I[n]', 'E[n]'], variableOf)).toBe('E\u0000F\u0000I')
  })

  it('gives a loop through two variable loops its closed walk, the same from any rotation', () => {
    expect(project(['A[n]', 'B[n]', 'A[e]', 'C[n]'], variableOf)).toEqual({
      key: 'A\u0000B\u0000A\u0000C',
      walk: ['A', 'B', 'A', 'C'],
      simple: false,
    })
    expect(projectionKey(['C[e]', 'A[e]', 'B[n]', 'A[n]'], variableOf)).toBe('A\u0000B\u0000A\u0000C')
    expect(project(['F[n]', 'I[n]', 'E[n]'], variableOf).simple).toBe(true)
    // Winding twice round a walk reduces to one period of it.
    expect(projectionKey(['A[n]', 'B[n]', 'A[e]', 'C[n]', 'A[e]', 'B[e]', 'A[n]', 'C[e]'], variableOf)).toBe(
      'A\u0000B\u0000A\u0000C',
    )
  })
})

describe('Loops That Matter on arrays, summed per variable loop', () => {
  it('a drain per region: each element loop scores -1, the variable loop their sum', () => {
    for (const n of [1, 2, 3]) {
      const a = analyzeLoops(regionalDecay(n))
      const d = loopDominance(a)
      expect(d.loops.map(describeLoop)).toEqual([
        `B1 balancing: Stock -> Drain (${Array.from({ length: n }, (_, i) => `B${i + 1}`).join(' ')})`,
      ])
      expect(Number.isNaN(d.scores[0]![0]!)).toBe(true)
      for (let i = 1; i < d.times.length; i++) {
        expect(d.scores[0]![i]).toBeCloseTo(-n, 12)
        expect(d.relative[0]![i]).toBeCloseTo(-1, 12)
      }
    }
  })
})

describe('the regional SIR seed', () => {
  const a = analyzeLoops(regionalSirSeed)
  const d = loopDominance(a)
  const at = (t: number) => d.times.indexOf(t)

  it('has contagion, depletion and recovery at the variable level, each the named loop', () => {
    expect(a.loops.map(describeLoop)).toEqual([
      'B1 balancing: Infected -> Recovering (B1 B2 B3)',
      'B2 balancing: Susceptible -> Infecting (B4 B5 B6)',
      'R1 reinforcing: Infected -> Exposure -> Infecting (R1 R2 R3 R4 R5 R6 R7 R8)',
    ])
    expect(a.loops.map((l) => l.named.map((n) => n.name).join())).toEqual(['Recovery', 'Depletion', 'Contagion'])
    expect(a.named.every((n) => n.exact && n.polarityAgrees)).toBe(true)
    // Total Infected reads every region but nothing reads it: on no loop.
    expect(links(a)).toContain('Infected -> Total Infected +')
    expect(a.loopsThrough('Total Infected')).toEqual([])
  })

  it('scores each variable loop as the sum of its element loops’ scores', () => {
    const flat = analyzeLoops(regionalSirSeed, { elements: true })
    const elementScores = loopDominance(flat)
    // By hand: an element loop's variables (names without their subscripts), reduced to one period.
    const variableLoop = (names: readonly string[]) => {
      const vars = names.map((n) => n.replace(/\[.*\]$/, ''))
      const p = vars.findIndex((v, i) => i > 0 && v === vars[0])
      return (p < 0 ? vars : vars.slice(0, p)).join(' -> ')
    }
    expect(d.times).toEqual(elementScores.times)
    d.loops.forEach((loop, j) => {
      const members = elementScores.loops.flatMap((l, k) =>
        variableLoop(l.names) === loop.names.join(' -> ') ? [k] : [],
      )
      expect(members.length).toBe(loop.elementLoops!.length)
      for (let i = 1; i < d.times.length; i++) {
        const sum = members.reduce((s, k) => s + elementScores.scores[k]![i]!, 0)
        expect(d.scores[j]![i]).toBeCloseTo(sum, 9)
      }
    })
    // Shares among the variable loops of the one partition: their magnitudes add to 1.
    for (let i = 1; i < d.times.length; i++) {
      expect(d.relative.reduce((s, r) => s + Math.abs(r[i]!), 0)).toBeCloseTo(1, 12)
    }
  })

  it('contagion leads while the epidemic spreads region to region; recovery, then, as it ebbs', () => {
    expect(d.scores.map((s) => Number(s[at(20)]!.toFixed(2)))).toEqual([-9.97, -0.27, 13.98])
    expect(d.relative.map((s) => Number(s[at(20)]!.toFixed(3)))).toEqual([-0.412, -0.011, 0.577])
    const intervals = d.intervals.map((i) => `${i.start}-${i.end}: ${i.loop}`)
    expect(intervals[0]).toBe('0.125-28.25: R1')
    expect(intervals.at(-1)).toBe('62.125-100: B1')
    expect(d.between(0, 40).map((x) => `${x.loop.id} ${x.mean.toFixed(2)}`)).toEqual([
      'R1 0.55',
      'B1 -0.40',
      'B2 -0.05',
    ])
    expect(d.between(40, 100).map((x) => `${x.loop.id} ${x.mean.toFixed(2)}`)).toEqual([
      'B1 -0.51',
      'R1 0.41',
      'B2 -0.08',
    ])
    // Scoring a subset: its element loops only, shares among the subset.
    const sub = loopDominance(a, [a.loop('R1')!, a.loop('B2')!])
    expect(sub.scores[0]).toEqual(d.scores[2])
    expect(sub.relative[0]![at(20)]! + Math.abs(sub.relative[1]![at(20)]!)).toBeCloseTo(1, 12)
  })

  it('matches its named loops element by element through the variable loops', () => {
    const flat = analyzeLoops(regionalSirSeed, { elements: true })
    expect(flat.named.map((n) => `${n.named.name}: ${n.loop} exact=${n.exact}`)).toEqual([
      'Contagion: R1 exact=true',
      'Depletion: B4 exact=true',
      'Recovery: B1 exact=true',
    ])
    expect(flat.loop('R1')!.named).toEqual([{ id: 'contagion', name: 'Contagion' }])
    expect(a.elements!.named).toEqual(flat.named)
  })
})
