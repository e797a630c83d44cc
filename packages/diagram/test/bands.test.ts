import { describe, expect, it } from 'vitest'
import { renderTrajectories } from '../src/index.js'
import type { PercentileBands, TrajectoryData } from '../src/index.js'
import { expectSvgSnapshot } from './snapshot.js'

const times = Float64Array.from({ length: 21 }, (_, i) => i / 2)
/** Standard normal quantiles of the band percentiles. */
const Z = { p5: -1.6449, p25: -0.6745, p50: 0, p75: 0.6745, p95: 1.6449 }

/** x' = r x with r ~ normal(0.1, 0.02): the p-th percentile of x(t) is exp(r_p t). */
function growthBands(gapAt?: number): PercentileBands {
  const at = (z: number) => times.map((t, i) => (i === gapAt ? NaN : Math.exp((0.1 + 0.02 * z) * t)))
  return { time: times, p5: at(Z.p5), p25: at(Z.p25), p50: at(Z.p50), p75: at(Z.p75), p95: at(Z.p95) }
}

function data(): TrajectoryData {
  return {
    times,
    runs: [{ label: 'current', series: { x: times.map((t) => Math.exp(0.1 * t)), y: times.map(() => 1) } }],
    variables: [{ name: 'x' }, { name: 'Gappy' }, { name: 'y' }],
    timeUnits: 'year',
    bands: { label: 'MC <200 runs> & "more"', series: { x: growthBands(), gappy: growthBands(10) } },
  }
}

/** The points of an SVG path made of M and L commands, one list per subpath. */
function subpaths(d: string): { x: number; y: number }[][] {
  return d
    .split('M')
    .filter((s) => s !== '')
    .map((s) =>
      s
        .replace(/Z$/, '')
        .split('L')
        .map((p) => {
          const [x, y] = p.split(',').map(Number)
          return { x: x!, y: y! }
        }),
    )
}

/** A d3 area's outline: its top edge left to right, then its bottom edge right to left. */
function edges(d: string): { top: { x: number; y: number }[]; bottom: { x: number; y: number }[] } {
  const [points] = subpaths(d)
  const half = points!.length / 2
  return { top: points!.slice(0, half), bottom: points!.slice(half).reverse() }
}

const attr = (svg: string, variable: string, percentile: string) => {
  const panel = svg.slice(svg.indexOf(`data-variable="${variable}"`))
  return new RegExp(`data-percentile="${percentile}" d="([^"]*)"`).exec(panel)![1]!
}

describe('percentile bands', () => {
  it('shades 5–95% and 25–75% behind the runs, with the median, nested in that order', () => {
    const { svg, layout } = renderTrajectories(data())
    const panel = svg.slice(svg.indexOf('data-variable="x"'), svg.indexOf('data-variable="Gappy"'))
    const order = [...panel.matchAll(/class="(band|band-median|series)" (?:data-percentile|data-run)="([^"]+)"/g)]
    expect(order.map((m) => m[2])).toEqual(['5-95', '25-75', '50', 'current'])

    const outer = edges(attr(svg, 'x', '5-95'))
    const inner = edges(attr(svg, 'x', '25-75'))
    const [median] = subpaths(attr(svg, 'x', '50'))
    expect(outer.top).toHaveLength(times.length)
    expect(median).toHaveLength(times.length)
    for (let i = 0; i < times.length; i++) {
      for (const p of [outer.top[i]!, outer.bottom[i]!, inner.top[i]!, inner.bottom[i]!, median![i]!]) {
        expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true)
        expect(p.x).toBe(outer.top[i]!.x)
      }
      // SVG y grows downward: p95 ≤ p75 ≤ p50 ≤ p25 ≤ p5 on screen.
      const ys = [outer.top[i]!.y, inner.top[i]!.y, median![i]!.y, inner.bottom[i]!.y, outer.bottom[i]!.y]
      expect(ys).toEqual([...ys].sort((a, b) => a - b))
    }
    // The value axis holds the whole 5–95% band, not only the runs.
    const x = layout.panels[0]!
    expect(x.yDomain[1]).toBeGreaterThanOrEqual(Math.exp((0.1 + 0.02 * Z.p95) * 10))
    expect(outer.top.at(-1)!.y).toBeGreaterThanOrEqual(x.y)
    expectSvgSnapshot('trajectories-bands', svg)
  })

  it('breaks the bands where a percentile is missing and draws none where a variable has no bands', () => {
    const { svg } = renderTrajectories(data())
    expect(subpaths(attr(svg, 'Gappy', '5-95'))).toHaveLength(2)
    expect(subpaths(attr(svg, 'Gappy', '50'))).toHaveLength(2)
    const y = svg.slice(svg.indexOf('data-variable="y"'))
    expect(y).not.toContain('class="band')
    expect(svg.match(/class="bands"/g)).toHaveLength(2)
  })

  it('escapes the label and lists the bands in the legend', () => {
    const { svg, layout } = renderTrajectories(data())
    expect(svg).toContain('data-bands="MC &lt;200 runs> &amp; &quot;more&quot;"')
    expect(svg).toContain('>MC &lt;200 runs&gt; &amp; &quot;more&quot;: median, 25\u201375%, 5\u201395%</text>')
    expect(svg).not.toContain('<200')
    expect(layout.legend.map((l) => l.label)).toEqual([
      'current',
      'MC <200 runs> & "more": median, 25\u201375%, 5\u201395%',
    ])
  })

  it('leaves the chart as it was without bands', () => {
    const { bands: _, ...plain } = data()
    const { svg } = renderTrajectories(plain)
    expect(svg).not.toContain('band')
    expect(renderTrajectories({ ...plain, bands: { label: 'none', series: {} } }).svg).not.toContain('class="band')
  })
})
