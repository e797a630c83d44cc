import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cli, root } from './support.js'
import { byClass, panelOf, panelScales, pathPoints, plotted, readPng } from './plot-support.js'

const sir = join(root, 'seeds/SIR')
const regional = join(root, 'seeds/regional-sir')
const involution = join(root, 'seeds/involution')

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stockflow-plot-'))
})

/** The run's CSV as columns by header. */
async function runColumns(...args: string[]): Promise<Record<string, number[]>> {
  const { stdout } = await cli('run', ...args)
  const [head, ...rows] = stdout.trim().split('\n')
  const names = head!.split(',')
  const cells = rows.map((r) => r.split(',').map(Number))
  return Object.fromEntries(names.map((n, j) => [n, cells.map((c) => c[j]!)]))
}

describe('stockflow plot', () => {
  it('draws a panel per variable, a line through every save time that maps back to the run', async () => {
    const out = join(dir, 'sir.svg')
    const { svg } = await plotted(out, 'plot', sir, '--vars', 'Infectious, Recovered', '--saveper', '1', '--out', out)
    expect(svg.startsWith('<?xml')).toBe(true)
    expect(svg).toContain('font-family="&quot;Liberation Sans&quot;')
    const columns = await runColumns(sir, '--vars', 'Infectious,Recovered', '--saveper', '1')
    for (const name of ['Infectious', 'Recovered']) {
      const panel = panelOf(svg, name)
      const series = byClass(panel, 'series')
      expect(series).toHaveLength(1)
      const points = pathPoints(series[0]!.attrs.d!)
      expect(points).toHaveLength(101)
      const { x, y } = panelScales(panel)
      const values = columns[name]!
      const span = Math.max(...values) - Math.min(...values)
      for (const i of [0, 37, 100]) {
        expect(x(points[i]![0])).toBeCloseTo(columns.time![i]!, 1)
        // 2-decimal pixels: a value within a thousandth of the axis's span.
        expect(Math.abs(y(points[i]![1]) - values[i]!)).toBeLessThan(span / 1000)
      }
      // Axis labels: the units above, time below.
      expect(panel).toContain('\u2191 people')
      expect(panel).toContain('time (day) \u2192')
    }
    // The default title is the model's name; one run, one legend entry.
    expect(byClass(svg, 'title')[0]!.text).toBe('SIR')
    expect(byClass(svg, 'legend-entry')).toHaveLength(1)
  })

  it('--scenario all: a line per scenario in each panel, with a legend naming them', async () => {
    const out = join(dir, 'scenarios.svg')
    const { svg } = await plotted(out, 'plot', involution, '--vars', 'Price', '--scenario', 'all', '--out', out)
    const legend = byClass(svg, 'legend-entry').map((e) => e.attrs['data-run'])
    expect(legend.length).toBeGreaterThan(2)
    expect(legend).toContain('S0')
    const lines = byClass(panelOf(svg, 'Price'), 'series')
    expect(lines.map((l) => l.attrs['data-run'])).toEqual(legend)
    // Past the palette's ten colours the lines are dashed: no two scenarios are drawn alike.
    const looks = lines.map((l) => `${l.attrs.stroke} ${l.attrs['stroke-dasharray'] ?? ''}`)
    expect(new Set(looks).size).toBe(lines.length)
  })

  it('an arrayed variable: a line per element, labelled by its subscripts', async () => {
    const out = join(dir, 'regions.svg')
    const { svg } = await plotted(out, 'plot', regional, '--vars', 'Infected', '--out', out)
    const panel = panelOf(svg, 'Infected')
    const lines = byClass(panel, 'series')
    expect(lines.map((l) => l.attrs['data-element'])).toEqual(['Infected[north]', 'Infected[south]', 'Infected[east]'])
    const labels = byClass(panel, 'legend-entry')
    expect(labels.map((l) => l.attrs['data-element'])).toHaveLength(3)
    expect(panel).toContain('>north</text>')
  })

  it('PNG: of the size asked for, with the title drawn', async () => {
    const out = join(dir, 'sir.png')
    const size = ['--width', '640', '--height', '480', '--title', 'WWWWWWWW']
    await plotted(out, 'plot', sir, '--vars', 'Infectious,Susceptible,Recovered', '--out', out, ...size)
    const png = readPng(readFileSync(out))
    expect([png.width, png.height]).toEqual([640, 480])
    const dark = (x0: number, x1: number, y0: number, y1: number) => {
      let n = 0
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (png.pixel(x, y)[0]! < 128) n++
      return n
    }
    // The title's text sits at (12, 20) in 15px bold: its letters are dark pixels on white.
    expect(dark(12, 100, 6, 24)).toBeGreaterThan(40)
    expect(png.pixel(630, 5)).toEqual([255, 255, 255, 255])
  })

  it('refuses, in one line each: an unknown extension, a missing folder, an unknown variable, no --vars', async () => {
    const cases: [string[], RegExp][] = [
      [['--vars', 'Infectious', '--out', join(dir, 'x.pdf')], /--out .*x\.pdf: a plot is written as \.svg or \.png/],
      [['--vars', 'Infectious', '--out', join(dir, 'none/x.svg')], /the folder .*none does not exist/],
      [['--vars', 'Infectous', '--out', join(dir, 'x.svg')], /no variable "Infectous".*did you mean "Infectious"/],
      [['--out', join(dir, 'x.svg')], /plot needs --vars/],
      [['--vars', 'Infectious'], /plot needs --out/],
      [['--vars', 'Infectious', '--out', join(dir, 'x.svg'), '--height', '50'], /--height 50 is too small/],
    ]
    for (const [args, message] of cases) {
      const r = await cli('plot', sir, ...args)
      expect(r.code).toBe(1)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
      expect(r.stderr).toMatch(/^stockflow: /)
    }
    expect(readdirSync(dir).filter((f) => f.startsWith('x.') || f.includes('.tmp'))).toEqual([])
  })

  it.skipIf(process.getuid?.() === 0)('refuses a folder it may not write in', async () => {
    const locked = mkdtempSync(join(tmpdir(), 'stockflow-locked-'))
    chmodSync(locked, 0o500)
    const r = await cli('plot', sir, '--vars', 'Infectious', '--out', join(locked, 'x.svg'))
    expect(r.stderr).toMatch(/no permission to write in the folder/)
    expect(existsSync(join(locked, 'x.svg'))).toBe(false)
  })
})
