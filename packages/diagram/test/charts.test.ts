import { describe, expect, it } from 'vitest'
import { finiteExtent, linear, paddedDomain } from '../src/chart-scales.js'
import { loopColors, stackScores } from '../src/dominance.js'
import { renderDominance, renderTrajectories } from '../src/index.js'
import type { DominanceData, TrajectoryData } from '../src/index.js'
import { seriesFor } from '../src/trajectories.js'
import { expectSvgSnapshot } from './snapshot.js'

const times = Float64Array.from({ length: 31 }, (_, i) => i)

/** Teacup's exact solution T(t) = room + (180 − room)·e^(−t/10) and its heat loss, for two room temperatures. */
function teacupRuns(): TrajectoryData {
  const run = (room: number) => {
    const temp = times.map((t) => room + (180 - room) * Math.exp(-t / 10))
    return { 'Teacup Temperature': temp, heat_loss_to_room: temp.map((v) => (v - room) / 10) }
  }
  return {
    times,
    runs: [
      { label: 'room 70', series: run(70) },
      { label: 'room 40 <cold & "dry">', series: run(40) },
    ],
    variables: [
      { name: 'Teacup Temperature', units: 'degF' },
      { name: 'Heat Loss to Room', units: 'degF/minute' },
    ],
    timeUnits: 'minute',
  }
}

/** Two loops trading dominance: R fades as B grows; NaN at the start as in a loop-dominance run. */
function dominanceData(): DominanceData {
  const r = times.map((t) => (t === 0 ? NaN : 1 / (1 + Math.exp((t - 15) / 3))))
  return {
    times,
    loops: [
      { id: 'R1', name: 'Growth', polarity: 'reinforcing', scores: r },
      { id: 'B1', name: 'Crowding', polarity: 'balancing', scores: r.map((v) => -(1 - v)) },
    ],
    timeUnits: 'year',
  }
}

describe('scales', () => {
  it('finds finite extents and pads flat ones', () => {
    expect(
      finiteExtent([
        [3, NaN, -1],
        [Infinity, 7],
      ]),
    ).toEqual([-1, 7])
    expect(finiteExtent([[NaN]])).toBeUndefined()
    expect(paddedDomain(undefined)).toEqual([0, 1])
    expect(paddedDomain([5, 5])).toEqual([4.5, 5.5])
    expect(paddedDomain([0, 0])).toEqual([-1, 1])
  })

  it('maps a niced domain onto the range', () => {
    const s = linear([0.3, 9.7], [0, 100])
    expect(s.domain()).toEqual([0, 10])
    expect(s(5)).toBe(50)
  })

  it('stacks reinforcing loops up and balancing loops down, by magnitude', () => {
    const { lower, upper } = stackScores({
      times: [0, 1],
      loops: [
        { id: 'R1', polarity: 'reinforcing', scores: [0.5, NaN] },
        { id: 'B1', polarity: 'balancing', scores: [-0.3, -0.4] },
        { id: 'R2', polarity: 'reinforcing', scores: [0.2, 0.1] },
      ],
    })
    expect([...lower[0]!, ...upper[0]!]).toEqual([0, 0, 0.5, 0])
    expect([...lower[1]!, ...upper[1]!]).toEqual([-0.3, -0.4, 0, 0])
    expect([...lower[2]!, ...upper[2]!].map((v) => Math.round(v * 10) / 10)).toEqual([0.5, 0, 0.7, 0.1])
    expect(loopColors([{ id: 'a', polarity: 'balancing', scores: [] }])).toEqual(['#1f77b4'])
  })
})

describe('renderTrajectories', () => {
  it('draws a panel per variable and a line per run, with units and a legend', () => {
    const { svg, layout } = renderTrajectories(teacupRuns(), { title: 'Teacup' })
    expect(layout.panels.map((p) => p.variable)).toEqual(['Teacup Temperature', 'Heat Loss to Room'])
    expect(layout.panels[0]!.yDomain).toEqual([40, 180])
    expect(layout.legend.map((l) => l.label)).toEqual(['room 70', 'room 40 <cold & "dry">'])
    expect(svg.match(/class="series"/g)).toHaveLength(4)
    expect(svg).toContain('\u2191 degF/minute')
    expect(svg).toContain('time (minute) \u2192')
    expect(svg).toContain('room 40 &lt;cold &amp; &quot;dry&quot;&gt;')
    expectSvgSnapshot('trajectories-teacup', svg)
  })

  it('matches series by name or id, in records or run-like lists', () => {
    expect(seriesFor({ teacup_temperature: [1] }, 'Teacup Temperature')).toEqual([1])
    expect(seriesFor([{ name: 'Heat Loss to Room', values: [2] }], 'heat loss to room')).toEqual([2])
    expect(seriesFor({}, 'x')).toBeUndefined()
  })

  it('leaves gaps at missing values and skips missing series', () => {
    const { svg } = renderTrajectories({
      times: [0, 1, 2, 3],
      runs: [{ label: 'a', series: { x: [1, NaN, 3, 4] } }],
      variables: [{ name: 'x' }, { name: 'missing' }],
    })
    expect(svg).toMatch(/data-run="a" d="M[^"]*M/)
    expectSvgSnapshot('trajectories-gaps', svg)
  })

  it('dashes the runs past the palette, so no two runs draw alike (13 scenarios once drew two in one blue)', () => {
    const attr = (tag: string, name: string) => tag.match(new RegExp(` ${name}="([^"]*)"`))?.[1]
    const runs = Array.from({ length: 13 }, (_, i) => ({ label: `S${i}`, series: { x: [i, i + 1] } }))
    const { svg } = renderTrajectories({ times: [0, 1], runs, variables: [{ name: 'x' }] })
    const lines = svg.match(/<path class="series"[^>]*>/g)!
    expect(lines.map((l) => attr(l, 'stroke-dasharray'))).toEqual([...Array<undefined>(10), '6 3', '6 3', '6 3'])
    expect(new Set(lines.map((l) => `${attr(l, 'stroke')} ${attr(l, 'stroke-dasharray')}`)).size).toBe(13)
    const swatches = svg.match(/<g class="legend-entry"[^>]*><path [^>]*>/g)!
    expect(swatches.map((s) => attr(s, 'stroke-dasharray'))).toEqual(lines.map((l) => attr(l, 'stroke-dasharray')))
    // Runs with colours of their own (a sweep's, in order of its levels) are never dashed.
    const own = renderTrajectories({
      times: [0, 1],
      runs: runs.map((r, i) => ({ ...r, color: `#0000${(i + 16).toString(16)}` })),
      variables: [{ name: 'x' }],
    })
    expect(own.svg).not.toContain('stroke-dasharray')
  })
})

describe('renderDominance', () => {
  it('stacks reinforcing loops above zero and balancing below', () => {
    const { svg, layout } = renderDominance(dominanceData(), { title: 'Loop dominance' })
    expect(layout.panels[0]!.yDomain).toEqual([-1, 1])
    expect(svg.match(/data-loop="R1"/g)).toHaveLength(2)
    expectSvgSnapshot('dominance-area', svg)
  })

  it('draws lines on request', () => {
    const { svg } = renderDominance(dominanceData(), { mode: 'line' })
    expect(svg).toMatch(/class="loop-score" data-loop="B1" data-polarity="balancing" d="M[^"]+" fill="none"/)
    expectSvgSnapshot('dominance-line', svg)
  })
})
