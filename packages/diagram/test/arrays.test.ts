import { describe, expect, it } from 'vitest'
import regionalSir from '../../../seeds/regional-sir/model.js'
import { renderDominance, renderStockFlow, renderTrajectories } from '../src/index.js'
import type { TrajectoryData } from '../src/index.js'
import { ELEMENT_COLORS, stackRuns } from '../src/trajectories.js'

const times = [0, 1, 2]
const regions = ['north', 'south', 'east']
const series = (k: number) =>
  Object.fromEntries(regions.map((r, j) => [`Infected[${r}]`, Float64Array.from(times, (t) => k * (j + 1) * (t + 1))]))

/** Attribute values of the elements matching a tag with a class in an SVG string, in order. */
function attrs(svg: string, pattern: RegExp, name: string): string[] {
  return [...svg.matchAll(pattern)].map((m) => new RegExp(`${name}="([^"]*)"`).exec(m[0])?.[1] ?? '')
}

describe('arrays in the charts and diagrams', () => {
  const data = (stacked: boolean, runs = 1): TrajectoryData => ({
    times,
    runs: Array.from({ length: runs }, (_, k) => ({ label: `run ${k}`, series: series(k + 1) })),
    variables: [
      {
        name: 'Infected',
        units: 'people',
        elements: regions.map((r) => ({ name: `Infected[${r}]`, label: r })),
        stacked,
      },
    ],
  })

  it("draws an arrayed variable's elements a line each, coloured apart, with a legend of their labels", () => {
    const { svg, layout } = renderTrajectories(data(false, 2))
    const lines = attrs(svg, /<path class="series"[^>]*>/g, 'data-element')
    expect(lines).toEqual([...regions, ...regions].map((r) => `Infected[${r}]`))
    const strokes = attrs(svg, /<path class="series"[^>]*>/g, 'stroke')
    expect(strokes.slice(0, 3)).toEqual(ELEMENT_COLORS.slice(0, 3))
    // The second run's lines are dashed, in the same colours; its legend swatch too.
    expect(attrs(svg, /<path class="series"[^>]*>/g, 'stroke-dasharray')).toEqual(['', '', '', '6 3', '6 3', '6 3'])
    expect(svg).toMatch(/<g class="legend-entry" data-element="Infected\[north\]">/)
    expect(layout.panels[0]).toMatchObject({
      variable: 'Infected',
      elements: regions.map((r) => `Infected[${r}]`),
    })
    // Each element's 3 values, up to run 2's east (2 * 3 * 3 = 18), are in the value axis.
    expect(layout.panels[0]!.yDomain[1]).toBeGreaterThanOrEqual(18)
  })

  it('stacks the elements of an arrayed stock, the value axis reaching their sum', () => {
    const { svg, layout } = renderTrajectories(data(true))
    expect(svg).toContain('data-stacked="true"')
    expect(attrs(svg, /<path class="series stacked"[^>]*>/g, 'data-element')).toEqual(
      regions.map((r) => `Infected[${r}]`),
    )
    // At t = 2: 3 + 6 + 9.
    expect(layout.panels[0]!.yDomain[1]).toBeGreaterThanOrEqual(18)
    expect(svg).toContain('Infected (stacked)')
  })

  it('stacks only parts of a whole: a negative value, or a missing series, draws lines', () => {
    const ok = stackRuns([[Float64Array.from([1, 2]), Float64Array.from([3, NaN])]], 2)!
    expect(ok[0]!.map((c) => Array.from(c))).toEqual([
      [1, 2],
      [4, 2],
    ])
    expect(stackRuns([[Float64Array.from([1, -2])]], 2)).toBeUndefined()
    expect(stackRuns([[undefined]], 2)).toBeUndefined()
  })

  it('draws an arrayed stock as a stack of boxes, saying how many elements it holds', () => {
    const { svg } = renderStockFlow(regionalSir)
    const infected = /<g class="node stock arrayed" data-node="infected">(.*?)<\/g>/.exec(svg)
    expect(infected?.[1]).toContain('<title>Infected (3 elements)</title>')
    expect(infected?.[1].match(/class="stack-layer"/g)).toHaveLength(2)
  })

  it("labels the dominance chart's loops as given, with their colours, and grows to hold its legend", () => {
    const loops = Array.from({ length: 30 }, (_, j) => ({
      id: `R${j + 1}`,
      label: j === 0 ? 'R1 = R9 A named loop whose name is much longer than the legend' : `R${j + 1}`,
      polarity: 'reinforcing' as const,
      scores: [0.1, 0.1],
      ...(j === 29 ? { color: '#123456' } : {}),
    }))
    const { svg, layout } = renderDominance({ times: [0, 1], loops })
    expect(layout.height).toBeGreaterThan(360)
    expect(svg).toContain('<title>R1 = R9 A named loop whose name is much longer than the legend</title>')
    expect(svg).toContain('fill="#123456"')
  })
})
