// A 2,000-variable model in the viewer, in Debian's headless Chromium against the production build
// (built by global-setup.ts): its run comes first and its diagrams are laid out in a Web Worker, so
// with that worker held (asked nothing, answering nothing) a slider still re-simulates and redraws at
// once; then both diagrams are drawn in part, with a note saying which; its causal-loop diagram of all
// variables and parameters is drawn too; its scenario and parameter edits survive a reload. No clock is
// read here: `pnpm bench:viewer` times the same steps.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { heldMessages, holdWorkers, openViewer, releaseWorkers, workerHold } from './browser.ts'
import { LARGE_MODEL_FILE, settled } from './large-model.ts'
import { STOCK_FLOW_LIMIT } from '../../apps/viewer/src/diagram-scope.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer()
const LAYOUT = 'render-worker'

const html = (page: Page, name: string) => page.locator('html').getAttribute(name)
const chart = (page: Page) => page.locator('#panel-trajectories .diagram').innerHTML()

/** Opens the teacup seed and waits for it to settle, so what follows concerns the large model only. */
async function openTeacup(initScript?: string): Promise<Page> {
  const page = await viewer.browser.newPage()
  if (initScript) await page.addInitScript(initScript)
  await openViewer(page, new URL('?model=teacup', viewer.server.url).href)
  await settled(page)
  return page
}

describe('a 2,000-variable model', () => {
  it('opens from a file with its run first, answers a slider while the layout worker is held, then draws its diagrams in part', async () => {
    const page = await openTeacup(workerHold(LAYOUT))
    await holdWorkers(page, LAYOUT)
    await page.locator('#file-input').setInputFiles(LARGE_MODEL_FILE)

    // The run and its chart come at once; both diagrams were asked of the held worker, none drawn.
    await page.waitForSelector('#panel-trajectories svg [data-variable="s0"]', { timeout: 60_000 })
    expect((await heldMessages(page, LAYOUT, '(m) => m.job.diagram')).sort()).toEqual(['cld', 'stock-flow'])
    expect(await html(page, 'data-cld')).toBe('pending')
    expect(await html(page, 'data-stock-flow')).toBe('pending')
    expect(await page.locator('#panel-cld .diagram').innerText()).toMatch(/^Laying out the diagram/)
    expect(await page.locator('#panel-stock-flow .diagram').innerText()).toMatch(/^Laying out the diagram/)

    // A slider re-simulates and redraws while the layout waits: the main thread never lays out.
    const redraws = Number(await html(page, 'data-redraws'))
    const before = await chart(page)
    const slider = page.getByLabel('k', { exact: true })
    await slider.focus()
    await slider.press('End')
    expect(Number(await html(page, 'data-redraws'))).toBe(redraws + 1)
    expect(await chart(page)).not.toBe(before)
    await expect.poll(() => page.url()).toContain('p.k=')
    expect(await html(page, 'data-cld')).toBe('pending')
    expect(await page.locator('#panel-cld svg [data-node], #panel-stock-flow svg [data-node]').count()).toBe(0)

    await releaseWorkers(page, LAYOUT)
    await settled(page)
    // The causal-loop diagram: the first 400 of the 666 stocks, and a note saying so.
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    expect(await page.locator('#panel-cld .panel-note').innerText()).toMatch(
      /^The first 400 of the model's 666 stocks \(in model order\), with links condensed through the others/,
    )
    expect(await page.locator('#cld-nodes').inputValue()).toBe('stocks')
    // The stock-and-flow diagram: whole stocks with their flows and what those read, up to the limit.
    const sfNodes = await page.locator('#panel-stock-flow svg [data-node]').count()
    expect(sfNodes).toBeGreaterThan(200)
    expect(sfNodes).toBeLessThanOrEqual(STOCK_FLOW_LIMIT)
    expect(await page.locator('#panel-stock-flow .panel-note').innerText()).toMatch(
      /^Part of the model: \d+ of the model's 666 stocks with their flows and the variables those read/,
    )
    // The loop analysis (in its worker): every loop found, the strongest ten scored.
    expect(await page.locator('#loops-heading').innerText()).toBe('Loops (667)')
    expect(await page.locator('#panel-dominance svg').count()).toBe(1)

    // All variables, capped the same way: the same 400 nodes come first (the stocks), so the worker is
    // asked for no new layout, and only the note changes.
    await holdWorkers(page, LAYOUT)
    await page.locator('#cld-nodes').selectOption('all')
    expect(await page.locator('#panel-cld .panel-note').innerText()).toMatch(
      /^The first 400 of the model's 1,998 variables/,
    )
    expect(await heldMessages(page, LAYOUT, '(m) => m.job.diagram')).toEqual([])
    expect(await html(page, 'data-cld')).toBe('ready')
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    await page.close()
  })

  it('lays out all its variables and parameters: the first 400, the one parameter feeding every stock', async () => {
    const page = await openTeacup()
    await page.locator('#file-input').setInputFiles(LARGE_MODEL_FILE)
    await settled(page)
    // A new layout: the parameter and 399 stocks. Its links from the parameter crossed 160,000 ranks in
    // all, which overflowed the layout worker's stack; the longest are now left out of dagre's layout.
    await page.locator('#cld-nodes').selectOption('params')
    expect(await html(page, 'data-cld')).toBe('pending')
    expect(await page.locator('#panel-cld .panel-note').innerText()).toMatch(
      /^The first 400 of the model's 1,999 variables and parameters/,
    )
    await page.waitForSelector('html:not([data-cld="pending"])', { timeout: 120_000 })
    expect(await page.locator('#panel-cld .diagram').innerText()).not.toMatch(/cannot be drawn/)
    expect(await html(page, 'data-cld')).toBe('ready')
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    expect(await page.locator('#panel-cld svg [data-node="k"]').count()).toBe(1)
    await page.close()
  }, 180_000)

  it('keeps its scenario and parameter edits across a reload right after them', async () => {
    const page = await openTeacup()
    await page.locator('#file-input').setInputFiles(LARGE_MODEL_FILE)
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.locator('#scenario-select').selectOption('fast')
    const box = page.getByLabel('k value')
    await box.fill('0.061')
    await box.press('Enter')
    const drawn = await chart(page)

    await page.reload()
    await page.waitForSelector('html[data-ready="true"]')
    expect(await page.locator('#model-select').inputValue()).toBe('file')
    expect(await page.locator('#scenario-select').inputValue()).toBe('fast')
    expect(await box.inputValue()).toBe('0.061')
    expect(await chart(page)).toBe(drawn)
    expect(page.url()).toMatch(/model=file&scenario=fast&p\.k=0\.061/)
    await settled(page)
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    await page.close()
  })
})
