// A 2,000-variable model in the viewer, in Debian's headless Chromium against the production build
// (built by global-setup.ts): it opens without freezing the page (the diagrams are laid out in a Web
// Worker, and drawn in part, with a note saying which), a slider answers while the diagrams are laid
// out, and its scenario and parameter edits survive a reload. Bounds are generous: the CI machine is
// a noisy two-core box, and a frozen page shows gaps of many seconds (83 s before the worker).
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { modelToJSON } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { generate } from '../../bench/models.ts'
import { openViewer, readFrames, recordFrames } from './browser.ts'
import { useViewer } from './viewer-session.ts'

/** 666 stocks in a ring, each draining into the next through a flow driven by an auxiliary: 1,999 variables, 667 loops. */
const large: Model = {
  ...generate('chain', 2000, 100),
  scenarios: [{ id: 'fast', name: 'Faster drain', set: { k: 0.08 } }],
}
const file = { name: 'chain-2000.json', mimeType: 'application/json', buffer: Buffer.from(modelToJSON(large)) }
/** A frame gap above this is a frozen page, not a busy one. */
const FROZEN_MS = 1000

const viewer = useViewer()

const html = (page: Page, name: string) => page.locator('html').getAttribute(name)

/** Waits until both diagrams and the loop analysis of the open model are done. */
async function settled(page: Page): Promise<void> {
  for (const what of ['cld', 'stock-flow', 'analysis']) {
    await page.waitForSelector(`html[data-${what}="ready"]`, { timeout: 120_000 })
  }
}

/** Opens the teacup seed and waits for it to settle, so what follows measures the large model only. */
async function openTeacup(): Promise<Page> {
  const page = await viewer.browser.newPage()
  await openViewer(page, new URL('?model=teacup', viewer.server.url).href)
  await settled(page)
  return page
}

/** Notes, in the page, when each selector first matches (ms, performance.now()). */
const watch = (selectors: Record<string, string>) => `(() => {
  const seen = (window.__seen = {})
  const selectors = ${JSON.stringify(selectors)}
  const check = () => {
    for (const [k, s] of Object.entries(selectors)) if (!(k in seen) && document.querySelector(s)) seen[k] = performance.now()
  }
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true })
})()`

describe('a 2,000-variable model', () => {
  it('opens from a file without freezing the page, draws its diagrams in part, and answers a slider meanwhile', async () => {
    const page = await openTeacup()
    await page.evaluate(recordFrames)
    await page.evaluate(
      watch({
        trajectories: '#panel-trajectories svg [data-variable="s0"]',
        cld: '#panel-cld svg [data-node="s0"]',
        stockFlow: '#panel-stock-flow svg [data-node="s0"]',
        loops: 'html[data-analysis="ready"] #panel-cld button.loop[data-loop]',
      }),
    )
    const opened = (await page.evaluate('performance.now()')) as number
    await page.locator('#file-input').setInputFiles(file)

    // The run comes first; the diagrams follow from the worker. Meanwhile a slider re-simulates at once.
    await page.waitForSelector('#panel-trajectories svg [data-variable="s0"]', { timeout: 60_000 })
    const cldWhileMoving = await html(page, 'data-cld')
    const redraws = Number(await html(page, 'data-redraws'))
    const before = await page.locator('#panel-trajectories .diagram').innerHTML()
    const slider = page.getByLabel('k', { exact: true })
    await slider.focus()
    await slider.press('End')
    expect(Number(await html(page, 'data-redraws'))).toBe(redraws + 1)
    expect(await page.locator('#panel-trajectories .diagram').innerHTML()).not.toBe(before)
    await expect.poll(() => page.url()).toContain('p.k=')

    await settled(page)
    const seen = (await page.evaluate('window.__seen')) as Record<string, number>
    const frames = await readFrames(page)

    // The causal-loop diagram: the first 400 of the 666 stocks, and a note saying so.
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    expect(await page.locator('#panel-cld .panel-note').innerText()).toMatch(
      /^The first 400 of the model's 666 stocks \(in model order\), with links condensed through the others/,
    )
    expect(await page.locator('#cld-nodes').inputValue()).toBe('stocks')
    // The stock-and-flow diagram: whole stocks with their flows and what those read, up to 300 variables.
    const sfNodes = await page.locator('#panel-stock-flow svg [data-node]').count()
    expect(sfNodes).toBeGreaterThan(200)
    expect(sfNodes).toBeLessThanOrEqual(300)
    expect(await page.locator('#panel-stock-flow .panel-note').innerText()).toMatch(
      /^Part of the model: \d+ of the model's 666 stocks with their flows and the variables those read/,
    )
    // The loop analysis (in its worker): every loop found, the strongest ten scored.
    expect(await page.locator('#loops-heading').innerText()).toBe('Loops (667)')
    expect(await page.locator('#panel-dominance svg').count()).toBe(1)

    const at = (k: string) => `${Math.round(seen[k]! - opened)} ms`
    console.log(
      `2,000-variable model from a file: trajectories at ${at('trajectories')}, stock-and-flow diagram at ${at('stockFlow')}, ` +
        `causal-loop diagram at ${at('cld')}, loops at ${at('loops')} (the causal-loop diagram ${cldWhileMoving} when the ` +
        `slider moved); ${frames.gaps.length} frames, longest gap ${frames.longest.toFixed(0)} ms, ` +
        `long tasks ${frames.longTasks.map((t) => t.toFixed(0)).join(' ')} ms`,
    )
    expect(frames.longest).toBeLessThan(FROZEN_MS)
    expect(frames.gaps.length).toBeGreaterThan(10)

    // Another view of it is laid out in the background too, capped the same way.
    await page.locator('#cld-nodes').selectOption('all')
    await page.waitForSelector('html[data-cld="ready"]', { timeout: 120_000 })
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    expect(await page.locator('#panel-cld .panel-note').innerText()).toMatch(
      /^The first 400 of the model's 1,998 variables/,
    )
    expect((await readFrames(page)).longest).toBeLessThan(FROZEN_MS)
    await page.close()
  })

  it('keeps its scenario and parameter edits across a reload right after them', async () => {
    const page = await openTeacup()
    await page.locator('#file-input').setInputFiles(file)
    await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
    await page.locator('#scenario-select').selectOption('fast')
    const box = page.getByLabel('k value')
    await box.fill('0.061')
    await box.press('Enter')
    const chart = await page.locator('#panel-trajectories .diagram').innerHTML()

    // From the start of the reloaded page: frames, and when the run and the diagrams come back.
    await page.addInitScript(recordFrames)
    await page.reload()
    await page.waitForSelector('html[data-ready="true"]')
    expect(await page.locator('#model-select').inputValue()).toBe('file')
    expect(await page.locator('#scenario-select').inputValue()).toBe('fast')
    expect(await box.inputValue()).toBe('0.061')
    expect(await page.locator('#panel-trajectories .diagram').innerHTML()).toBe(chart)
    expect(page.url()).toMatch(/model=file&scenario=fast&p\.k=0\.061/)
    await settled(page)
    expect(await page.locator('#panel-cld svg [data-node]').count()).toBe(400)
    const frames = await readFrames(page)
    console.log(
      `reload of the 2,000-variable model: ${frames.gaps.length} frames, longest gap ${frames.longest.toFixed(0)} ms`,
    )
    expect(frames.longest).toBeLessThan(FROZEN_MS)
    await page.close()
  })
})
