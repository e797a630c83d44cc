import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, root, SIR_SWEEP_AT } from './support.js'
import { byClass, panelOf, panelScales, pathPoints, plotted, readPng } from './plot-support.js'

const sir = join(root, 'seeds/SIR')
const regional = join(root, 'seeds/regional-sir')
/** SIR's parameters as distributions, for montecarlo and sensitivity. */
const CONTACT = ['--vary', 'contact infectivity=uniform(0.2,0.4)']
const SIR_INPUTS = [...CONTACT, '--vary', 'duration=uniform(2,6)']

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stockflow-plot-experiments-'))
})

describe('--plot on the experiments', () => {
  it('montecarlo: the bands of each output (5-95, 25-75, median), the median as in the CSV', async () => {
    const plot = join(dir, 'mc.svg')
    const out = join(dir, 'mc.csv')
    const { svg } = await plotted(
      plot,
      'montecarlo',
      sir,
      ...CONTACT,
      '--runs',
      '40',
      '--saveper',
      '1',
      '--output',
      'Infectious,Recovered',
      '--out',
      out,
      '--plot',
      plot,
    )
    expect(byClass(svg, 'bands').map((b) => b.attrs['data-bands'])).toEqual([
      'Monte Carlo, 40 runs',
      'Monte Carlo, 40 runs',
    ])
    expect(byClass(svg, 'band').map((b) => b.attrs['data-percentile'])).toEqual(['5-95', '25-75', '5-95', '25-75'])
    const [head, ...rows] = readFileSync(out, 'utf8').trim().split('\n')
    const column = head!.split(',').indexOf('Infectious p50')
    const panel = panelOf(svg, 'Infectious')
    const median = pathPoints(byClass(panel, 'band-median')[0]!.attrs.d!)
    expect(median).toHaveLength(rows.length)
    const { y } = panelScales(panel)
    const values = rows.map((row) => Number(row.split(',')[column]))
    const span = Math.max(...values) - Math.min(...values)
    for (const i of [0, 30, 100]) expect(Math.abs(y(median[i]![1]) - values[i]!)).toBeLessThan(span / 1000)
  })

  it('sweep: a line per run coloured by its levels, named in the legend', async () => {
    const plot = join(dir, 'sweep.svg')
    const sweep = ['--vary', 'contact infectivity=range(0.2,0.4,5)', '--output', 'Infectious']
    const { svg } = await plotted(plot, 'sweep', sir, ...sweep, '--out', join(dir, 'sweep.csv'), '--plot', plot)
    const lines = byClass(svg, 'series')
    expect(lines.map((l) => l.attrs['data-run'])).toEqual(
      [0.2, 0.25, 0.3, 0.35, 0.4].map((v) => `contact infectivity=${v}`),
    )
    expect(new Set(lines.map((l) => l.attrs.stroke)).size).toBe(5)
    expect(byClass(svg, 'legend-entry')).toHaveLength(5)
  })

  it('sweep --at: each output at that time against the swept value, a line per level of the others', async () => {
    const plot = join(dir, 'sweep-at.svg')
    const out = join(dir, 'sweep-at.csv')
    const { svg } = await plotted(plot, 'sweep', sir, ...SIR_SWEEP_AT, '--out', out, '--plot', plot)
    expect(byClass(svg, 'sweep-line').map((l) => l.attrs['data-line'])).toEqual(['duration=2', 'duration=5'])
    const points = byClass(svg, 'point')
    expect(points).toHaveLength(6)
    const rows = readFileSync(out, 'utf8').trim().split('\n').slice(1)
    for (const row of rows) {
      const [, ci, duration, value] = row.split(',')
      const p = points.find((q) => q.attrs['data-line'] === `duration=${duration}` && q.attrs['data-x'] === ci)!
      expect(Number(p.attrs['data-value'])).toBe(Number(value))
      // The point sits where its value is on the panel's axes.
      const { x, y } = panelScales(panelOf(svg, 'Infectious'))
      expect(x(Number(p.attrs.cx))).toBeCloseTo(Number(ci), 3)
      expect(y(Number(p.attrs.cy))).toBeCloseTo(Number(value), 0)
    }
    expect(svg).toContain('Infectious (at time 50)')
    expect(svg).toContain('contact infectivity \u2192')
  })

  it('sensitivity: Sobol bars (first, total) with intervals per input and output; Morris mu* against sigma', async () => {
    const plot = join(dir, 'sobol.svg')
    const sobol = ['--output', 'Infectious,Recovered', '--runs', '32', '--format', 'json', '--plot', plot]
    const { svg, stdout } = await plotted(plot, 'sensitivity', sir, ...SIR_INPUTS, ...sobol)
    const results = JSON.parse(stdout) as { output: string; inputs: { name: string; first: number }[] }[]
    const bars = byClass(svg, 'bar')
    expect(bars).toHaveLength(2 * 2 * 2)
    expect(byClass(svg, 'interval')).toHaveLength(8)
    for (const res of results) {
      const own = byClass(panelOf(svg, res.output), 'bar')
      for (const input of res.inputs) {
        const bar = own.find((b) => b.attrs['data-input'] === input.name && b.attrs['data-index'] === 'first')!
        expect(Number(bar.attrs['data-value'])).toBe(input.first)
      }
    }

    // Morris, drawn to a PNG of the default width and to an SVG.
    const morris = (plot: string) =>
      plotted(plot, 'sensitivity', sir, '--analysis', 'morris', ...SIR_INPUTS, '--output', 'Infectious', '--plot', plot)
    const png = join(dir, 'morris.png')
    await morris(png)
    expect(readPng(readFileSync(png)).width).toBe(960)
    const { svg: svgM } = await morris(join(dir, 'morris.svg'))
    expect(byClass(svgM, 'point').map((p) => p.attrs['data-input'])).toHaveLength(2)
  })

  it('calibrate: the observations as points, the fitted run as a line', async () => {
    const data = join(dir, 'observed.csv')
    const observed = ['--set', 'contact infectivity=0.33', '--vars', 'Infectious', '--saveper', '5']
    const { stdout } = await cli('run', sir, ...observed)
    writeFileSync(data, stdout)
    const plot = join(dir, 'calibrate.svg')
    const fitted = ['--data', data, '--vary', 'contact infectivity=uniform(0.1,0.5)', '--plot', plot]
    const { svg } = await plotted(plot, 'calibrate', sir, ...fitted)
    const observations = byClass(svg, 'observation')
    expect(observations).toHaveLength(stdout.trim().split('\n').length - 1)
    const fit = pathPoints(byClass(svg, 'fit')[0]!.attrs.d!)
    // The fitted run is drawn at every save time (every dt), not only at the observations.
    expect(fit.length).toBeGreaterThan(observations.length * 10)
    expect(byClass(svg, 'legend-entry').map((e) => e.attrs['data-series'])).toEqual(['observed', 'fitted'])
  })

  it('montecarlo of an arrayed output: bands per element in one panel', async () => {
    const plot = join(dir, 'mc-regions.svg')
    const regions = ['--vary', 'Contact Rate=uniform(0.2,0.4)', '--runs', '20', '--output', 'Infected']
    const { svg } = await plotted(
      plot,
      'montecarlo',
      regional,
      ...regions,
      '--out',
      join(dir, 'mc-regions.csv'),
      '--plot',
      plot,
    )
    expect(byClass(svg, 'panel')).toHaveLength(1)
    expect(byClass(svg, 'bands')).toHaveLength(3)
  })

  it('refuses a bad --plot before running: an unknown extension, a missing folder', async () => {
    const a = await cli('sweep', sir, '--vary', 'duration=values(2,5)', '--plot', join(dir, 'p.jpg'))
    expect(a.code).toBe(1)
    expect(a.stderr).toMatch(/^stockflow: --plot .*p\.jpg: a plot is written as \.svg or \.png, not \.jpg/)
    const b = await cli('montecarlo', sir, '--vary', 'duration=uniform(2,5)', '--plot', join(dir, 'missing/p.svg'))
    expect(b.code).toBe(1)
    expect(b.stderr.trim().split('\n')).toHaveLength(1)
    expect(b.stderr).toMatch(/--plot .*p\.svg: the folder .*missing does not exist/)
    expect(b.stdout).toBe('')
  })
})
