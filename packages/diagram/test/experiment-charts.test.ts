import { describe, expect, it } from 'vitest'
import {
  renderCalibration,
  renderSensitivity,
  renderSweepAt,
  renderTrajectories,
  sequentialColors,
  standaloneSvg,
} from '../src/index.js'
import { sequentialColor } from '../src/color-scale.js'
import { expectSvgSnapshot } from './snapshot.js'

/** `class="cls"` elements' attributes, read from the SVG text. */
function elements(svg: string, cls: string): Record<string, string>[] {
  return [...svg.matchAll(new RegExp(`<\\w+ class="${cls}"([^>]*)>`, 'g'))].map((m) =>
    Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
  )
}

describe('renderSweepAt', () => {
  const data = {
    parameter: 'Contact Rate',
    at: '50',
    outputs: [{ name: 'Infected', units: 'people' }, { name: 'Recovered' }],
    lines: [2, 5].map((d) => ({
      label: `duration=${d}`,
      x: [0.3, 0.1, 0.2],
      values: { Infected: [3 * d, d, 2 * d], Recovered: [30 * d, 10 * d, NaN] },
    })),
  }

  it('draws a line per combination and a point per finite value, placed by the panel scales', () => {
    const { svg, layout } = renderSweepAt(data, { title: 'Sweep' })
    expect(layout.panels.map((p) => p.variable)).toEqual(['Infected', 'Recovered'])
    expect(layout.legend.map((l) => l.label)).toEqual(['duration=2', 'duration=5'])
    expect(elements(svg, 'sweep-line')).toHaveLength(4)
    const points = elements(svg, 'point')
    expect(points).toHaveLength(3 + 3 + 2 + 2)
    const p = layout.panels[0]!
    const top = points.find((q) => q['data-line'] === 'duration=5' && q['data-x'] === '0.3')!
    expect(top['data-value']).toBe('15')
    const y = p.y + p.height - ((15 - p.yDomain[0]) / (p.yDomain[1] - p.yDomain[0])) * p.height
    expect(Number(top.cy)).toBeCloseTo(y, 1)
    // Lines run in the order of the swept values, whatever the runs' order.
    const d = elements(svg, 'sweep-line')[0]!.d!
    const xs = [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]))
    expect(xs).toEqual([...xs].sort((a, b) => a - b))
    expect(svg).toContain('Infected (at time 50)')
    expectSvgSnapshot('sweep-at', svg)
  })
})

describe('renderSensitivity', () => {
  const inputs = [
    { name: 'Duration', first: 0.6, firstConf: 0.1, total: 0.7, totalConf: 0.12, muStar: 8, sigma: 2 },
    { name: 'Contact Rate', first: 0.25, firstConf: 0.05, total: 0.35, totalConf: 0.3, muStar: 3, sigma: 4 },
    { name: 'Unused', first: -0.01, firstConf: 0.02, total: 0, totalConf: 0.01, muStar: 0, sigma: 0 },
  ]

  it('Sobol: two bars per input with their intervals, a panel per output', () => {
    const { svg, layout } = renderSensitivity({
      analysis: 'sobol',
      outputs: [
        { output: 'Infected', at: 'max', inputs },
        { output: 'Recovered', at: 30, inputs: inputs.slice(0, 2) },
      ],
    })
    expect(layout.panels.map((p) => p.variable)).toEqual(['Infected', 'Recovered'])
    expect(elements(svg, 'bar')).toHaveLength(10)
    expect(elements(svg, 'interval')).toHaveLength(10)
    const p = layout.panels[0]!
    const bar = elements(svg, 'bar').find((b) => b['data-input'] === 'Duration' && b['data-index'] === 'total')!
    const scale = p.width / (p.xDomain[1] - p.xDomain[0])
    expect(Number(bar.width)).toBeCloseTo(0.7 * scale, 1)
    expect(Number(bar.x)).toBeCloseTo(p.x + (0 - p.xDomain[0]) * scale, 1)
    // A negative estimate is a bar left of zero.
    const negative = elements(svg, 'bar').find((b) => b['data-input'] === 'Unused' && b['data-index'] === 'first')!
    expect(Number(negative.x)).toBeLessThan(Number(bar.x))
    expect(svg).toContain('Sobol indices of Infected (max over the run)')
    expect(svg).toContain('Sobol indices of Recovered (at time 30)')
    expect(layout.legend.map((l) => l.label)).toEqual(['first-order index \u00b1 95%', 'total index \u00b1 95%'])
    expectSvgSnapshot('sensitivity-sobol', svg)
  })

  it('Morris: a labelled point per input at (mu*, sigma)', () => {
    const { svg, layout } = renderSensitivity({ analysis: 'morris', outputs: [{ output: 'Infected', inputs }] })
    const points = elements(svg, 'point')
    expect(points.map((q) => q['data-input'])).toEqual(['Duration', 'Contact Rate', 'Unused'])
    expect(layout.panels[0]!.xDomain).toEqual([0, 8])
    expect(svg).toContain('mu* (mean |effect|) \u2192')
    expectSvgSnapshot('sensitivity-morris', svg)
  })
})

describe('renderCalibration', () => {
  it('draws the observations as points over the fitted run', () => {
    const times = Array.from({ length: 21 }, (_, i) => i / 2)
    const { svg, layout } = renderCalibration({
      times,
      series: [
        {
          name: 'cases',
          variable: 'Infected',
          units: 'people',
          observedTimes: [0, 2, 4, 6, 8, 10],
          observed: [1, 2.1, 3.9, NaN, 8.2, 9.8],
          fitted: times.map((t) => 1 + t * 0.9),
        },
      ],
      timeUnits: 'week',
    })
    expect(elements(svg, 'observation')).toHaveLength(5)
    expect(elements(svg, 'fit')).toHaveLength(1)
    expect(layout.panels[0]!.xDomain).toEqual([0, 10])
    expect(svg).toContain('cases (Infected)')
    expect(svg).toContain('time (week) \u2192')
    expectSvgSnapshot('calibration', svg)
  })
})

describe('standalone SVG and colours', () => {
  it('names fonts a rasteriser has and keeps the document otherwise', () => {
    const { svg } = renderTrajectories({ times: [0, 1], runs: [], variables: [{ name: 'x' }] })
    const doc = standaloneSvg(svg)
    expect(doc.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg ')).toBe(true)
    expect(doc).toContain('font-family="&quot;Liberation Sans&quot;, Arial')
    expect(doc).not.toContain('system-ui')
    expect(doc.slice(doc.indexOf('>', 40))).toBe(svg.slice(svg.indexOf('>')))
    expect(standaloneSvg(doc)).toBe(doc)
  })

  it('a run may have its own colour', () => {
    const { svg, layout } = renderTrajectories({
      times: [0, 1],
      runs: [{ label: 'a', series: { x: [1, 2] }, color: '#123456' }],
      variables: [{ name: 'x' }],
    })
    expect(layout.legend[0]!.color).toBe('#123456')
    expect(svg).toMatch(/class="series" data-run="a" d="[^"]+" fill="none" stroke="#123456"/)
  })

  it('spreads a sequential scale, darkest first', () => {
    expect(sequentialColor(0)).toBe('#440154')
    expect(sequentialColor(1)).toBe('#fde725')
    const five = sequentialColors(5)
    expect(new Set(five).size).toBe(5)
    expect(five[0]).toBe('#440154')
    expect(sequentialColors(1)).toHaveLength(1)
  })
})
