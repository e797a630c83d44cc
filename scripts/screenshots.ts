// `pnpm screenshots`: refreshes the pictures of the viewer the READMEs show, from the production build
// in headless Chromium. docs/involution.png: the involution model's causal-loop diagram with a named
// loop highlighted and its trajectories with two scenarios overlaid. With STOCKFLOW_CORPUS set (World3
// is not part of the repository), docs/world3-*.png: views of World3's own Vensim sketch, served as
// `stockflow view wrld3-03.mdl` serves it.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { loadModel } from '../packages/cli/src/load.ts'
import { corpusPath } from '../test/support/corpus.ts'
import { ROOT, buildViewer, launchChromium, openViewer, serveViewer } from '../test/e2e/browser.ts'
import type { Browser } from '../test/e2e/browser.ts'

/** World3's views pictured, by the name its sketch gives them, and the file each goes to. */
const WORLD3_VIEWS = [
  { view: 'Demographics', file: 'world3-demographics.png' },
  { view: 'Food Production', file: 'world3-food-production.png' },
  { view: 'Nonrenewable Resources', file: 'world3-nonrenewable-resources.png' },
  { view: 'Land Development, Loss, Fertility', file: 'world3-land-development.png' },
]

const docs = join(ROOT, 'docs')
mkdirSync(docs, { recursive: true })
await buildViewer()
const world3 = corpusPath('world3', 'wrld3-03.mdl')
const browser = await launchChromium({ width: 1440, height: 900 })
try {
  await involution(browser)
  if (world3) await world3Views(browser, world3)
  else console.log('STOCKFLOW_CORPUS is not set: the World3 pictures are left as they are')
} finally {
  await browser.close()
}

async function involution(browser: Browser): Promise<void> {
  const server = await serveViewer()
  try {
    const page = await browser.newPage()
    await openViewer(page, new URL('?model=involution&scenario=S0&cmp=S1&cmp=S5', server.url).href)
    await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
    await page.locator('#panel-cld .loop-group button', { hasText: 'R1 Produce to service debt' }).click()
    await page.waitForSelector('#panel-cld .loop-highlight path')
    // The controls, the diagram and the trajectories (dominance and the stock-and-flow diagram follow).
    const box = (await page.locator('#panel-trajectories').boundingBox())!
    const height = Math.ceil(box.y + box.height + 12)
    await save(page, 'involution.png', { x: 0, y: 0, width: 1440, height })
  } finally {
    await server.close()
  }
}

/** Each view of `WORLD3_VIEWS`: the stock-and-flow panel with the view picked in its **View** menu. */
async function world3Views(browser: Browser, file: string): Promise<void> {
  const { model } = await loadModel(file)
  const server = await serveViewer({ model })
  try {
    const page = await browser.newPage()
    await page.setViewportSize({ width: 1600, height: 1300 })
    await openViewer(page, server.url)
    const picker = page.locator('#stock-flow-view')
    for (const { view, file } of WORLD3_VIEWS) {
      await picker.selectOption({ label: view })
      await page.waitForSelector('html[data-stock-flow="ready"]')
      const path = join(docs, file)
      await page.locator('#panel-stock-flow').screenshot({ path })
      console.log(`wrote ${path}`)
    }
  } finally {
    await server.close()
  }
}

async function save(page: Page, file: string, clip: { x: number; y: number; width: number; height: number }) {
  const path = join(docs, file)
  await page.screenshot({ path, fullPage: true, clip })
  console.log(`wrote ${path}`)
}
