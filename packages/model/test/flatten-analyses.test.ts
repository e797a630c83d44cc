import { describe, expect, it } from 'vitest'
import { checkUnits, dependencyGraph, lint, validate } from '@stockflow/model'
import { REGION, arrayed } from './flatten-support.js'

const regional = () =>
  arrayed(
    [REGION],
    [
      { kind: 'stock', name: 'Pop', dimensions: ['Region'], initial: '100', inflows: ['Births'], units: 'people' },
      { kind: 'flow', name: 'Births', dimensions: ['Region'], equation: 'Pop * Rate', units: 'people/year' },
      { kind: 'param', name: 'Rate', dimensions: ['Region'], value: 0.1, units: 'm' },
      { kind: 'aux', name: 'Total', equation: 'SUM(Pop[*])' },
    ],
  )

describe('analyses of an arrayed model work element by element', () => {
  it('dependencyGraph: element nodes and edges', () => {
    const g = dependencyGraph(regional())
    expect(g.nodes).toContain('pop[east]')
    expect(g.nodes).not.toContain('pop')
    expect(g.causesOf('pop[east]')).toEqual(['births[east]'])
    expect(g.causesOf('births[south]').sort()).toEqual(['pop[south]', 'rate[south]'])
    expect(g.causesOf('total')).toEqual(['pop[north]', 'pop[south]', 'pop[east]'])
  })

  it('lint: a warning once per variable, naming the variable, not once per element', () => {
    const m = arrayed(
      [REGION],
      [
        { kind: 'param', name: 'P', value: 1, units: '1' },
        { kind: 'aux', name: 'A', dimensions: ['Region'], equation: 'P * 7 + Region' },
      ],
    )
    expect(lint(m).map((i) => `${i.code} ${i.element}`)).toEqual(['missing-units A', 'buried-constant A'])
    expect(lint(regional()).map((i) => `${i.code} ${i.element}`)).toEqual(['missing-units Total'])
  })

  it('lint: numbers the flattening substituted for positions are no buried constants', () => {
    const m = arrayed(
      [REGION, { name: 'Place', elements: ['a', 'b', 'c', 'd', 'e'] }],
      [
        { kind: 'aux', name: 'Flag', dimensions: ['Region'], equation: 'Region == 3 ? 1 : 0', units: '1' },
        {
          kind: 'aux',
          name: 'Dist',
          dimensions: ['Region', 'Place'],
          equation: 'ABS(Region - Place) - -Place',
          units: '1',
        },
        { kind: 'aux', name: 'Far', dimensions: ['Place'], equation: 'Place * 37 + Flag[north]', units: '1' },
      ],
    )
    expect(lint(m).map((i) => `${i.code} ${i.element}: ${i.message}`)).toEqual([
      'buried-constant Far: the equation contains the constant 37',
    ])
  })

  it('dependencyGraph: a branch the substitution rules out is no dependency', () => {
    const m = arrayed(
      [{ name: 'Age', elements: ['young', 'old'] }],
      [
        { kind: 'stock', name: 'Pop', dimensions: ['Age'], initial: '100', outflows: ['Aging'] },
        { kind: 'flow', name: 'Aging', dimensions: ['Age'], equation: 'Age == 1 ? Pop * 0.05 : Aging[young]' },
      ],
    )
    const g = dependencyGraph(m)
    expect(g.causesOf('aging[young]')).toEqual(['pop[young]'])
    expect(g.causesOf('aging[old]')).toEqual(['aging[young]'])
  })

  it('lint: each per-element equation apart, and a run warning for every element', () => {
    const m = arrayed(
      [{ name: 'Age', elements: ['young', 'old'] }],
      [
        { kind: 'stock', name: 'Pop', dimensions: ['Age'], initial: '100', outflows: ['Aging'], units: 'people' },
        {
          kind: 'flow',
          name: 'Aging',
          dimensions: ['Age'],
          equation: '',
          units: 'people/day',
          perElement: [
            { subscripts: ['young'], equation: 'Pop[young] * 7' },
            { subscripts: ['old'], equation: 'Pop[old] * 9' },
          ],
        },
      ],
    )
    const series: Record<string, Float64Array> = {
      'Pop[young]': Float64Array.from([100, -100]),
      'Pop[old]': Float64Array.from([100, -200]),
    }
    const run = { times: Float64Array.from([0, 1]), has: (n: string) => n in series, get: (n: string) => series[n]! }
    expect(lint(m, run).map((i) => `${i.code} ${i.element}`)).toEqual([
      'buried-constant Aging[young]',
      'buried-constant Aging[old]',
      'negative-stock Pop[young]',
      'negative-stock Pop[old]',
    ])
  })

  it('checkUnits: a mismatch once per equation, quoting it as written', async () => {
    const issues = await checkUnits(regional())
    expect(issues.map((i) => `${i.code} ${i.element}: ${i.message}`)).toEqual([
      `units Births: the equation "Pop * Rate" has units people*m, not the declared people/year`,
    ])
  })

  it('validate: the model is fine', () => {
    expect(validate(regional())).toEqual([])
  })
})
