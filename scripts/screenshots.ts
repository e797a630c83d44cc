// `pnpm screenshots`: refreshes docs/involution.png, the picture of the viewer the README shows (the
// involution model's causal-loop diagram with a named loop highlighted and its trajectories with two
// scenarios overlaid), from the production build in headless Chromium.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT, buildViewer, launchChromium, openViewer, serveViewer } from '../test/e2e/browser.ts'

const out = join(ROOT, 'docs/involution.png')

await buildViewer()
const server = await serveViewer()
const browser = await launchChromium({ width: 1440, height: 900 })
try {
  const page = await browser.newPage()
  await openViewer(page, new URL('?model=involution&scenario=S0&cmp=S1&cmp=S5', server.url).href)
  await page.waitForSelector('html[data-analysis="ready"]', { timeout: 60_000 })
  await page.locator('#panel-cld .loop-group button', { hasText: 'R1 Produce to service debt' }).click()
  await page.waitForSelector('#panel-cld .loop-highlight path')
  // The controls, the diagram and the trajectories (dominance and the stock-and-flow diagram follow).
  const box = (await page.locator('#panel-trajectories').boundingBox())!
  const height = Math.ceil(box.y + box.height + 12)
  mkdirSync(join(ROOT, 'docs'), { recursive: true })
  await page.screenshot({ path: out, fullPage: true, clip: { x: 0, y: 0, width: 1440, height } })
  console.log(`wrote ${out}`)
} finally {
  await browser.close()
  await server.close()
}
