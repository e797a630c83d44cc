// `pnpm screenshots`: refreshes the pictures of the viewer in docs/ (the READMEs show them), from the
// production build in Debian's headless Chromium at the desktop viewport, 1440 x 1000. Each picture is
// one screen, not the whole page, to keep it small. The involution model: the causal-loop diagram with
// R1 highlighted, the stock-and-flow view, the focus views (Price's causes tree, loop R1, a sector) and
// the model document; the regional SIR's trajectories, a line per region. With STOCKFLOW_CORPUS set
// (World3 is not part of the repository): views of World3's own Vensim sketch, served as
// `stockflow view wrld3-03.mdl` serves it. Never part of the test run.
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { analyzeLoops } from '@stockflow/loops'
import { dependencyGraph } from '@stockflow/model'
import type { Model } from '@stockflow/model'
import { loadModel } from '../packages/cli/src/load.ts'
import involution from '../seeds/involution/model.ts'
import { sectors } from '../apps/viewer/src/focus-graph.ts'
import { corpusPath } from '../test/support/corpus.ts'
import { DESKTOP_VIEWPORT, ROOT, buildViewer, launchChromium, openViewer, serveViewer } from '../test/e2e/browser.ts'
import type { Browser } from '../test/e2e/browser.ts'

/** World3's views pictured, by the name its sketch gives them, and the file each goes to. */
const WORLD3_VIEWS = [
  { view: 'Demographics', file: 'world3-demographics.png' },
  { view: 'Industrial Output', file: 'world3-industrial-output.png' },
  { view: 'Nonrenewable Resources', file: 'world3-nonrenewable-resources.png' },
  { view: 'Land Development, Loss, Fertility', file: 'world3-land-development.png' },
]
/** A picture larger than this is worth a look (the repository keeps every version of it). */
const LARGE = 300 * 1024
/** The gap left above a panel scrolled to the top of the screen. */
const MARGIN = 8

const docs = join(ROOT, 'docs')
mkdirSync(docs, { recursive: true })
await buildViewer()
const world3 = corpusPath('world3', 'wrld3-03.mdl')
const browser = await launchChromium(DESKTOP_VIEWPORT)
try {
  await withServer(undefined, async (url) => {
    await involutionShots(browser, url)
    await regionalSirShot(browser, url)
  })
  if (world3) await world3Views(browser, world3)
  else console.log('STOCKFLOW_CORPUS is not set: the World3 pictures are left as they are')
} finally {
  await browser.close()
}

async function withServer(model: Model | undefined, run: (url: string) => Promise<void>): Promise<void> {
  const server = await serveViewer(model ? { model } : {})
  try {
    await run(server.url)
  } finally {
    await server.close()
  }
}

/** The involution model: its diagrams, focus views and document. */
async function involutionShots(browser: Browser, base: string): Promise<void> {
  const url = (query: string) => new URL(`?model=involution&${query}`, base).href
  const page = await browser.newPage()

  // The first screen: the causal-loop diagram with R1 highlighted, trajectories of three scenarios below.
  await open(page, url('scenario=S0&cmp=S1&cmp=S5&loop=named:R1'))
  await page.waitForSelector('#panel-cld .loop-highlight path')
  await save(page, 'involution.png')

  // The stock-and-flow view, the whole model fitted to its panel.
  await page.waitForSelector('html[data-stock-flow="ready"]')
  await save(page, 'involution-stock-flow.png', await toTop(page, '#panel-stock-flow'))

  // The focus views: Price's causes tree, loop R1 alone with its score, the sector Price is in.
  await focus(page, url('focus=causes:price:3'), 'causes:price:3', 'involution-causes-price.png')
  const r1 = analyzeLoops(involution).named.find((n) => n.named.id === 'R1')?.loop
  if (r1) await focus(page, url(`focus=loop:${r1}`), `loop:${r1}`, 'involution-loop-r1.png', true)
  else console.log('R1 is not among the loops found: its picture is left as it is')
  const sector = Math.max(
    0,
    sectors(involution, dependencyGraph(involution)).findIndex((s) => s.ids.includes('price')),
  )
  await focus(page, url(`focus=sector:${sector}`), `sector:${sector}`, 'involution-sector.png')

  // The model document, opened from the header.
  await open(page, url(''))
  const toggle = page.locator('#model-document-toggle')
  if ((await toggle.count()) > 0) {
    await toggle.click()
    await page.waitForSelector('#model-document tr[data-id]')
    // Its unit and lint warnings come from a worker; the picture is fine without them if they are slow.
    await page
      .waitForFunction("!document.querySelector('#model-document').innerText.includes('checking')", undefined, {
        timeout: 30_000,
      })
      .catch(() => console.log('the model document still checks units'))
    await save(page, 'involution-document.png', await toTop(page, '#model-document'))
  } else console.log('the viewer has no model document: involution-document.png is not written')
  await page.close()
}

/** A focus view on its own, at the top of the screen. */
async function focus(page: Page, url: string, spec: string, file: string, scores = false): Promise<void> {
  await open(page, url)
  await page.waitForSelector(`#panel-focus[data-focus="${spec}"] svg [data-node]`)
  await page.waitForSelector('html[data-focus="ready"]')
  if (scores) await page.waitForSelector('#panel-focus .loop-score path.score', { timeout: 60_000 })
  await save(page, file, await toTop(page, '#panel-focus'))
}

/** The regional SIR (an arrayed model, bundled): its trajectories with a line per region, not stacked. */
async function regionalSirShot(browser: Browser, base: string): Promise<void> {
  const page = await browser.newPage()
  await open(page, new URL('?model=regional-sir', base).href)
  await page.waitForSelector('#panel-trajectories svg [data-variable]')
  const stack = page.getByLabel('Stack the elements of arrayed stocks')
  if (await stack.isChecked()) await stack.uncheck()
  await save(page, 'regional-sir.png', await toTop(page, '#panel-trajectories'))
  await page.close()
}

/** Each view of `WORLD3_VIEWS`: the stock-and-flow panel with the view picked in its **View** menu. */
async function world3Views(browser: Browser, file: string): Promise<void> {
  const { model } = await loadModel(file)
  await withServer(model, async (url) => {
    const page = await browser.newPage()
    await openViewer(page, url)
    const picker = page.locator('#stock-flow-view')
    for (const { view, file } of WORLD3_VIEWS) {
      await picker.selectOption({ label: view })
      await page.waitForSelector('html[data-stock-flow="ready"]')
      await save(page, file, await toTop(page, '#panel-stock-flow'))
    }
    await page.close()
  })
}

/** Opens a viewer URL and waits for the analysis and both diagrams. */
async function open(page: Page, url: string): Promise<void> {
  await page.emulateMedia({ reducedMotion: 'reduce' }) // zooms jump rather than glide
  await openViewer(page, url)
  await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
  await page.waitForSelector('html:not([data-cld="pending"]):not([data-stock-flow="pending"])')
}

/** A part of the screen, in CSS pixels. */
interface Clip {
  readonly x: number
  readonly y: number
  readonly width: number
  readonly height: number
}

/**
 * Scrolls the page so `panel` starts just below the top of the screen (room added below the last
 * panel), and returns the part of the screen it fills, with a margin, at most the screen.
 */
async function toTop(page: Page, panel: string): Promise<Clip> {
  // Page code as a string: this script has no DOM types.
  return (await page.evaluate(`(() => {
    const e = document.querySelector(${JSON.stringify(panel)})
    document.body.style.paddingBottom = window.innerHeight + 'px'
    window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - ${MARGIN})
    const box = e.getBoundingClientRect()
    const x = Math.max(0, Math.floor(box.left - ${MARGIN}))
    return {
      x,
      y: 0,
      width: Math.min(window.innerWidth, Math.ceil(box.right + ${MARGIN})) - x,
      height: Math.min(window.innerHeight, Math.ceil(box.bottom + ${MARGIN})),
    }
  })()`)) as Clip
}

/** The screen as it is (the viewport only, or the part `clip` says) into docs/`file`. */
async function save(page: Page, file: string, clip?: Clip): Promise<void> {
  const path = join(docs, file)
  await page.screenshot({ path, ...(clip ? { clip } : {}) })
  const size = statSync(path).size
  console.log(`wrote ${path} (${Math.round(size / 1024)} KB)${size > LARGE ? ': larger than 300 KB' : ''}`)
}
