import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, root } from './support.js'
import { panelOf, panelScales, pathPoints, readPng, svgElements } from './plot-support.js'

const sir = join(root, 'seeds/SIR')
const regional = join(root, 'seeds/regional-sir')

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stockflow-plot-experiments-'))
})

const byClass = (svg: string, cls: string) => svgElements(svg).filter((e) => e.attrs.class === cls)

describe('--plot on the experiments', () => {
  it('montecarlo: the bands of each output (5-95, 25-75, median), the median as in the CSV', async () => {
    const plot = join(dir, 'mc.svg')
    const out = join(dir, 'mc.csv')
    const r = await cli(
      'montecarlo',
      sir,
      '--vary',
      'contact infectivity=uniform(0.2,0.4)',
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
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const svg = readFileSync(plot, 'utf8')
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
    const r = await cli(
      'sweep',
      sir,
      '--vary',
      'contact infectivity=range(0.2,0.4,5)',
      '--output',
      'Infectious',
      '--out',
      join(dir, 'sweep.csv'),
      '--plot',
      plot,
    )
    expect(r.code).toBe(0)
    const svg = readFileSync(plot, 'utf8')
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
    const r = await cli(
      'sweep',
      sir,
      '--vary',
      'contact infectivity=range(0.2,0.4,3)',
      '--vary',
      'duration=values(2,5)',
      '--output',
      'Infectious',
      '--at',
      '50',
      '--out',
      out,
      '--plot',
      plot,
    )
    expect(r.code).toBe(0)
    const svg = readFileSync(plot, 'utf8')
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
    const r = await cli(
      'sensitivity',
      sir,
      '--vary',
      'contact infectivity=uniform(0.2,0.4)',
      '--vary',
      'duration=uniform(2,6)',
      '--output',
      'Infectious,Recovered',
      '--runs',
      '32',
      '--format',
      'json',
      '--plot',
      plot,
    )
    expect(r.code).toBe(0)
    const results = JSON.parse(r.stdout) as { output: string; inputs: { name: string; first: number }[] }[]
    const svg = readFileSync(plot, 'utf8')
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

    const morris = join(dir, 'morris.png')
    const m = await cli(
      'sensitivity',
      sir,
      '--analysis',
      'morris',
      '--vary',
      'contact infectivity=uniform(0.2,0.4)',
      '--vary',
      'duration=uniform(2,6)',
      '--output',
      'Infectious',
      '--plot',
      morris,
    )
    expect(m.code).toBe(0)
    const png = readPng(readFileSync(morris))
    expect(png.width).toBe(960)
    const svgM = join(dir, 'morris.svg')
    await cli(
      'sensitivity',
      sir,
      '--analysis',
      'morris',
      '--vary',
      'contact infectivity=uniform(0.2,0.4)',
      '--vary',
      'duration=uniform(2,6)',
      '--output',
      'Infectious',
      '--plot',
      svgM,
    )
    expect(byClass(readFileSync(svgM, 'utf8'), 'point').map((p) => p.attrs['data-input'])).toHaveLength(2)
  })

  it('calibrate: the observations as points, the fitted run as a line', async () => {
    const data = join(dir, 'observed.csv')
    const { stdout } = await cli(
      'run',
      sir,
      '--set',
      'contact infectivity=0.33',
      '--vars',
      'Infectious',
      '--saveper',
      '5',
    )
    writeFileSync(data, stdout)
    const plot = join(dir, 'calibrate.svg')
    const r = await cli(
      'calibrate',
      sir,
      '--data',
      data,
      '--vary',
      'contact infectivity=uniform(0.1,0.5)',
      '--plot',
      plot,
    )
    expect(r.code).toBe(0)
    const svg = readFileSync(plot, 'utf8')
    const observations = byClass(svg, 'observation')
    expect(observations).toHaveLength(stdout.trim().split('\n').length - 1)
    const fit = pathPoints(byClass(svg, 'fit')[0]!.attrs.d!)
    // The fitted run is drawn at every save time (every dt), not only at the observations.
    expect(fit.length).toBeGreaterThan(observations.length * 10)
    expect(byClass(svg, 'legend-entry').map((e) => e.attrs['data-series'])).toEqual(['observed', 'fitted'])
  })

  it('montecarlo of an arrayed output: bands per element in one panel', async () => {
    const plot = join(dir, 'mc-regions.svg')
    const r = await cli(
      'montecarlo',
      regional,
      '--vary',
      'Contact Rate=uniform(0.2,0.4)',
      '--runs',
      '20',
      '--output',
      'Infected',
      '--out',
      join(dir, 'mc-regions.csv'),
      '--plot',
      plot,
    )
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const svg = readFileSync(plot, 'utf8')
    expect(svgElements(svg).filter((e) => e.attrs.class === 'panel')).toHaveLength(1)
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
