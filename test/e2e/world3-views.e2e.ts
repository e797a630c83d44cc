// World3-03 in the viewer, in Debian's headless Chromium at the desktop viewport (issue 19): every view
// of its Vensim sketch, picked in the stock-and-flow panel's View menu, draws each element the view
// places and each of its aliases (shadow variables), at a size of their own, inside the drawing. World3
// is not part of the repository: the test needs STOCKFLOW_CORPUS and skips without it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import type { Model } from '@stockflow/model'
import { loadModel } from '../../packages/cli/src/load.ts'
import type { ViewerServer } from '../../packages/cli/src/commands/view.ts'
import { corpusPath } from '../support/corpus.ts'
import { DESKTOP_VIEWPORT, launchChromium, openViewer, serveViewer } from './browser.ts'
import type { Browser } from './browser.ts'
import { nodeBoxes } from './measure.ts'

const WORLD3 = corpusPath('world3', 'wrld3-03.mdl')
const svg = '#panel-stock-flow .diagram svg'

/** What one view places: its elements' ids (once each) and its aliases' ids (one per alias), sorted. */
function placed(model: Model, index: number): { own: string[]; aliases: string[] } {
  const ids = new Set(model.elements.map((e) => e.id))
  const items = model.views![index]!.items.filter((i) => i.kind !== 'cloud' && ids.has(i.id))
  return {
    own: [...new Set(items.filter((i) => i.kind === undefined).map((i) => i.id))].sort(),
    aliases: items
      .filter((i) => i.kind === 'alias')
      .map((i) => i.id)
      .sort(),
  }
}

/** The `data-node` ids the stock-and-flow diagram draws: elements, and aliases (`.alias`), sorted. */
async function drawn(page: Page): Promise<{ own: string[]; aliases: string[] }> {
  return (await page.evaluate(`(() => {
    const ids = (sel) => [...document.querySelectorAll(sel)].map((g) => g.getAttribute('data-node')).sort()
    return {
      own: ids(${JSON.stringify(`${svg} [data-node]:not(.alias)`)}),
      aliases: ids(${JSON.stringify(`${svg} [data-node].alias`)}),
    }
  })()`)) as { own: string[]; aliases: string[] }
}

describe.skipIf(!WORLD3)('World3-03 from the corpus: the views of its sketch', () => {
  let model: Model
  let server: ViewerServer | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    model = (await loadModel(WORLD3!)).model
    server = await serveViewer({ model })
    browser = await launchChromium(DESKTOP_VIEWPORT)
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('draws every view of the corpus World3 sketch with its nodes and aliases', async () => {
    const views = model.views ?? []
    expect(views.length).toBeGreaterThanOrEqual(13)
    const page = await browser!.newPage()
    await openViewer(page, server!.url)
    await page.waitForSelector('html[data-stock-flow="ready"]')
    const picker = page.locator('#stock-flow-view')
    expect(await picker.isVisible()).toBe(true)
    expect(await picker.locator('option').allInnerTexts()).toEqual(views.map((v, i) => v.name ?? `View ${i + 1}`))

    for (const [index, view] of views.entries()) {
      const name = view.name ?? `View ${index + 1}`
      if (index > 0) await picker.selectOption(String(index))
      const want = placed(model, index)
      expect(want.own.length, name).toBeGreaterThan(0)
      // The drawing of this view replaces the last one once its worker answers.
      await expect.poll(() => drawn(page), { timeout: 30_000 }).toEqual(want)
      expect(await page.locator('html').getAttribute('data-stock-flow'), name).toBe('ready')

      // Each node has a size of its own and lies inside the drawing; an alias reads `<name>` in grey.
      const boxes = await nodeBoxes(page, 'stock-flow')
      const frame = (await page.evaluate(`(() => {
        const b = document.querySelector(${JSON.stringify(svg)}).viewBox.baseVal
        return { x: b.x, y: b.y, width: b.width, height: b.height }
      })()`)) as { x: number; y: number; width: number; height: number }
      for (const b of boxes) {
        expect(b.width * b.height, `${name}: ${b.id}`).toBeGreaterThan(0)
        expect(b.x, `${name}: ${b.id}`).toBeGreaterThanOrEqual(frame.x - 1)
        expect(b.y, `${name}: ${b.id}`).toBeGreaterThanOrEqual(frame.y - 1)
        expect(b.x + b.width, `${name}: ${b.id}`).toBeLessThanOrEqual(frame.x + frame.width + 1)
        expect(b.y + b.height, `${name}: ${b.id}`).toBeLessThanOrEqual(frame.y + frame.height + 1)
      }
      const alias = page.locator(`${svg} [data-node].alias`).first()
      if (want.aliases.length > 0) {
        const id = await alias.getAttribute('data-node')
        const element = model.elements.find((e) => e.id === id)!
        expect((await alias.locator('text').allTextContents()).join(' '), name).toMatch(
          new RegExp(`^<${element.name.split(/\s+/)[0]!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
        )
      }
    }
    expect(await page.getByRole('alert').isVisible()).toBe(false)
    await page.close()
  })
})
