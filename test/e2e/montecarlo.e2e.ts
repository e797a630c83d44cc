// The viewer's Monte Carlo end to end, in Debian's headless Chromium against the production build
// (built by global-setup.ts): runs in Web Workers, percentile bands behind the trajectories, and a
// page that keeps answering while the workers run (held, so no clock is read: `pnpm bench:viewer`
// times a run and the frames drawn meanwhile).
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { heldMessages, holdWorkers, openViewer, releaseWorkers, workerHold } from './browser.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer()
/** The Monte Carlo's workers (montecarlo-worker.ts). */
const RUNS = 'montecarlo-worker'

async function open(query: string): Promise<Page> {
  const page = await viewer.open(query)
  await page.waitForSelector('#panel-trajectories .diagram svg')
  return page
}

const chart = '#panel-trajectories .diagram svg'
const state = (page: Page) => page.locator('html').getAttribute('data-montecarlo')

/** Sets the run count and starts the Monte Carlo (the other settings keep their defaults). */
async function start(page: Page, runs: number): Promise<void> {
  await page.locator('#mc-runs').fill(String(runs))
  await page.getByRole('button', { name: 'Run', exact: true }).click()
}

/** Every band path of the chart: its panel, percentile and path data. */
async function bandPaths(page: Page): Promise<{ variable: string; percentile: string; d: string }[]> {
  return (await page.evaluate(`[...document.querySelectorAll('${chart} g.bands path')].map((p) => ({
    variable: p.closest('g.panel').dataset.variable, percentile: p.dataset.percentile, d: p.getAttribute('d') }))`)) as {
    variable: string
    percentile: string
    d: string
  }[]
}

/** The points of an SVG path of M and L commands, one list per subpath. */
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

describe('Monte Carlo in the viewer', () => {
  it('draws seeded percentile bands behind the trajectories of the involution model', async () => {
    const page = await open('?model=involution')
    const plotted = await page.locator(`${chart} g.panel`).count()
    expect(plotted).toBeGreaterThan(0)
    await start(page, 40)
    await page.waitForSelector('html[data-montecarlo="done"]', { timeout: 60_000 })
    expect(await page.locator('#mc-status').innerText()).toMatch(/^40 runs varying \d+ parameters ±20%/)

    const paths = await bandPaths(page)
    expect(paths).toHaveLength(3 * plotted)
    const panels = [...new Set(paths.map((p) => p.variable))]
    expect(panels).toHaveLength(plotted)
    for (const variable of panels) {
      const mine = paths.filter((p) => p.variable === variable)
      expect(mine.map((p) => p.percentile)).toEqual(['5-95', '25-75', '50'])
      const [outer, inner, median] = mine.map((p) => subpaths(p.d))
      expect(outer, variable).toHaveLength(1)
      expect(median![0]!.length).toBeGreaterThan(10)
      for (const p of [...outer!.flat(), ...inner!.flat(), ...median!.flat()]) {
        expect(Number.isFinite(p.x) && Number.isFinite(p.y), `${variable}: ${p.x},${p.y}`).toBe(true)
      }
      // An area runs along its top edge (p95, or p75) and back along its bottom edge (p5, or p25); SVG y
      // grows downward, so at every time p95 ≤ p75 ≤ p50 ≤ p25 ≤ p5 on screen.
      const n = median![0]!.length
      const o = outer![0]!
      const i = inner![0]!
      expect(o).toHaveLength(2 * n)
      for (let k = 0; k < n; k++) {
        const ys = [o[k]!.y, i[k]!.y, median![0]![k]!.y, i[2 * n - 1 - k]!.y, o[2 * n - 1 - k]!.y]
        expect(ys, `${variable} at point ${k}`).toEqual([...ys].sort((a, b) => a - b))
      }
    }
    // Bands are drawn behind the runs, and named in the legend.
    const order = (await page.evaluate(
      `[...document.querySelector('${chart} g.panel').querySelectorAll('path.band, path.band-median, path.series')].map((p) => p.getAttribute('class'))`,
    )) as string[]
    expect(order).toEqual(['band', 'band', 'band-median', 'series'])
    expect(await page.locator(`${chart} g.legend`).last().innerHTML()).toContain('Monte Carlo, 40 runs')

    // Clear removes them; the same settings give the same bands again.
    await page.getByRole('button', { name: 'Stop the Monte Carlo and remove its bands' }).click()
    expect(await page.locator(`${chart} g.bands`).count()).toBe(0)
    expect(await state(page)).toBe('idle')
    await start(page, 40)
    await page.waitForSelector('html[data-montecarlo="done"]', { timeout: 60_000 })
    expect(await bandPaths(page)).toEqual(paths)

    // Another spread, other bands; moving a slider drops them (they were drawn around other values).
    await page.locator('#mc-spread').fill('10')
    await start(page, 40)
    await expect.poll(() => state(page), { timeout: 60_000 }).toBe('done')
    await expect.poll(async () => (await bandPaths(page))[0]!.d).not.toBe(paths[0]!.d)
    const slider = page.getByLabel('Added Tariff', { exact: true })
    await slider.focus()
    await slider.press('End')
    expect(await page.locator(`${chart} g.bands`).count()).toBe(0)
    expect(await page.locator('#mc-status').innerText()).toContain('changed')
    await page.close()
  })

  it('keeps answering while the runs are out in the workers', async () => {
    // The workers are asked nothing while held, so the run stays in progress however fast the machine.
    const page = await viewer.browser.newPage()
    await page.addInitScript(workerHold(RUNS))
    await openViewer(page, new URL('?model=involution', viewer.server.url).href)
    await page.waitForSelector(chart)
    const plotted = await page.locator(`${chart} g.panel`).count()
    await holdWorkers(page, RUNS)
    await start(page, 1000)
    await expect.poll(async () => (await heldMessages(page, RUNS, '() => 1')).length).toBeGreaterThan(0)
    expect(await state(page)).toBe('running')
    expect(await page.locator('#mc-status').innerText()).toMatch(/^0 of 1000 runs varying \d+ parameters/)
    // Meanwhile the page answers: unticking a plotted variable redraws the chart.
    await page.locator('#variables input:checked').first().uncheck()
    expect({ state: await state(page), panels: await page.locator(`${chart} g.panel`).count() }).toEqual({
      state: 'running',
      panels: plotted - 1,
    })
    await releaseWorkers(page, RUNS)
    await page.waitForSelector('html[data-montecarlo="done"]', { timeout: 120_000 })
    expect(await page.locator('#mc-status').innerText()).toMatch(/^1000 runs varying/)
    expect(await page.locator(`${chart} g.bands`).count()).toBe(plotted - 1)
    await page.close()
  })
})
