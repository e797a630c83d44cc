// Arranging the stock-and-flow diagram in Debian's headless Chromium: a dragged node keeps its place
// after a reload (saved beside a temporary copy of the model under `stockflow view`, or in the browser)
// and in the XMILE exported with the layout. Never run on a file of seeds/.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { renderStockFlow } from '@stockflow/diagram'
import { modelToJSON } from '@stockflow/model'
import teacup from '../../seeds/teacup/model.ts'
import type { ViewerServer } from '../../packages/cli/src/commands/view.ts'
import { DESKTOP_VIEWPORT, launchChromium, openViewer, serveViewer } from './browser.ts'
import type { Browser } from './browser.ts'
import { nodeBoxes } from './measure.ts'

const STOCK = 'teacup_temperature'
const OTHER = 'room_temperature'

let browser: Browser
const temps: string[] = []
beforeAll(async () => {
  browser = await launchChromium(DESKTOP_VIEWPORT)
})
afterAll(async () => {
  await browser?.close()
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

/** Where the stock is drawn relative to another node (diagram units): a shift of the whole drawing keeps it. */
async function offset(page: Page): Promise<{ x: number; y: number }> {
  const boxes = await nodeBoxes(page, 'stock-flow')
  const centre = (id: string) => {
    const b = boxes.find((n) => n.id === id)!
    return { x: b.x + b.width / 2, y: b.y + b.height / 2 }
  }
  const a = centre(STOCK)
  const b = centre(OTHER)
  return { x: a.x - b.x, y: a.y - b.y }
}

/** Waits until the stock-and-flow diagram is drawn (again). */
async function drawn(page: Page): Promise<void> {
  await page.waitForSelector(`html[data-stock-flow="ready"] #panel-stock-flow svg [data-node="${STOCK}"]`)
}

/** Drags the stock by (dx, dy) screen pixels; returns the drag in diagram units. */
async function dragStock(page: Page, dx: number, dy: number): Promise<{ x: number; y: number }> {
  // The loop analysis redraws the diagram when it arrives: drag on the drawing that stays.
  await page.waitForSelector(
    `html[data-analysis="ready"][data-stock-flow="ready"] #panel-stock-flow [data-node="${STOCK}"]`,
  )
  const rect = page.locator(`#panel-stock-flow g[data-node="${STOCK}"] rect`).first()
  await rect.scrollIntoViewIfNeeded()
  const box = (await rect.boundingBox())!
  const k = (await page.evaluate(`document.querySelector('#panel-stock-flow .zoom-layer').getScreenCTM().a`)) as number
  const x = box.x + box.width / 2
  const y = box.y + box.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  await page.mouse.move(x + dx, y + dy, { steps: 8 })
  await page.mouse.up()
  return { x: dx / k, y: dy / k }
}

async function expectNear(actual: () => Promise<{ x: number; y: number }>, expected: { x: number; y: number }) {
  await expect
    .poll(async () => {
      const a = await actual()
      return Math.hypot(a.x - expected.x, a.y - expected.y)
    })
    .toBeLessThan(1)
}

/** The centres XMILE gives a stock and an auxiliary, by name. */
function xmileCentre(xmile: string, tag: string, name: string): { x: number; y: number } {
  const m = new RegExp(`<${tag} name="${name}" x="([-\\d.]+)" y="([-\\d.]+)"`).exec(xmile)
  if (!m) throw new Error(`no <${tag} name="${name}"> placed in the export`)
  return { x: Number(m[1]), y: Number(m[2]) }
}

describe('arranging the stock-and-flow diagram', () => {
  it('keeps a dragged node beside the served model, across a reload and in the XMILE export', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stockflow-arrange-'))
    temps.push(dir)
    const file = join(dir, 'teacup.json')
    const modelText = modelToJSON(teacup)
    writeFileSync(file, modelText)
    let server: ViewerServer | undefined
    const page = await browser.newPage()
    try {
      server = await serveViewer({ model: teacup, modelFile: file })
      expect(server.layoutFile).toBe(join(dir, 'teacup.layout.json'))
      await openViewer(page, server.url)
      await drawn(page)
      await expect
        .poll(() => page.locator('#panel-stock-flow .arrange-status').textContent())
        .toContain('teacup.layout.json')
      const before = await offset(page)
      const moved = await dragStock(page, 90, 60)
      const after = { x: before.x + moved.x, y: before.y + moved.y }
      await expectNear(() => offset(page), after)

      // Saved beside the model, the model untouched.
      await expect.poll(() => readdirSync(dir).sort()).toEqual(['teacup.json', 'teacup.layout.json'])
      await expect
        .poll(() => page.locator('#panel-stock-flow .arrange-status').textContent())
        .toBe('Saved in teacup.layout.json beside the model')
      expect(readFileSync(file, 'utf8')).toBe(modelText)
      const saved = JSON.parse(readFileSync(join(dir, 'teacup.layout.json'), 'utf8')) as {
        stockFlow: { auto: { items: { id: string; x: number; y: number; kind?: string }[] } }
      }
      const item = (id: string) => saved.stockFlow.auto.items.find((i) => i.id === id && !i.kind)!
      const auto = renderStockFlow(teacup).layout
      const node = (id: string) => auto.nodes.find((n) => n.id === id)!
      const savedOffset = { x: item(STOCK).x - item(OTHER).x, y: item(STOCK).y - item(OTHER).y }
      const autoOffset = { x: node(STOCK).x - node(OTHER).x, y: node(STOCK).y - node(OTHER).y }
      expect(savedOffset.x - autoOffset.x).toBeCloseTo(moved.x, 0)
      expect(savedOffset.y - autoOffset.y).toBeCloseTo(moved.y, 0)

      // A reload draws it where it was dragged.
      await page.reload()
      await page.waitForSelector('html[data-ready="true"]')
      await drawn(page)
      await expectNear(() => offset(page), after)

      // The XMILE export places it there too.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export the model with this arrangement as XMILE (with views)' }).click(),
      ])
      expect(download.suggestedFilename()).toMatch(/\.xmile$/)
      const xmile = readFileSync((await download.path())!, 'utf8')
      expect(xmile).toContain('<views>')
      const s = xmileCentre(xmile, 'stock', 'Teacup Temperature')
      const o = xmileCentre(xmile, 'aux', 'Room Temperature')
      expect(s.x - o.x).toBeCloseTo(savedOffset.x, 0)
      expect(s.y - o.y).toBeCloseTo(savedOffset.y, 0)

      // Reset layout goes back to the automatic layout, Undo takes that back; each is saved.
      const keys = () =>
        Object.keys((JSON.parse(readFileSync(join(dir, 'teacup.layout.json'), 'utf8')) as typeof saved).stockFlow)
      await page.getByRole('button', { name: /^Put the stock-and-flow diagram back/ }).click()
      await expectNear(() => offset(page), before)
      await expect.poll(keys).toEqual([])
      await page.getByRole('button', { name: /^Undo the last move/ }).click()
      await expectNear(() => offset(page), after)
      await expect.poll(keys).toEqual(['auto'])
      expect(readFileSync(file, 'utf8')).toBe(modelText)
    } finally {
      await page.close()
      await server?.close()
    }
  })

  it('keeps the arrangement of a model not served from a file in the browser, until it is reset', async () => {
    const server = await serveViewer()
    const page = await browser.newPage()
    try {
      await openViewer(page, new URL('?model=teacup', server.url).href)
      await drawn(page)
      const before = await offset(page)
      const moved = await dragStock(page, -70, 50)
      const after = { x: before.x + moved.x, y: before.y + moved.y }
      await expectNear(() => offset(page), after)
      await expect
        .poll(() => page.locator('#panel-stock-flow .arrange-status').textContent())
        .toBe('Saved in this browser')
      expect(await page.evaluate(`localStorage.getItem('stockflow-viewer:layout:teacup') !== null`)).toBe(true)
      await page.reload()
      await page.waitForSelector('html[data-ready="true"]')
      await drawn(page)
      await expectNear(() => offset(page), after)
      await page.getByRole('button', { name: /^Put the stock-and-flow diagram back/ }).click()
      await expectNear(() => offset(page), before)
      await expect.poll(() => page.evaluate(`localStorage.getItem('stockflow-viewer:layout:teacup')`)).toBe(null)
    } finally {
      await page.close()
      await server.close()
    }
  })

  it('keeps the arrangement of a model opened from a file in the browser, and exports it as JSON', async () => {
    const server = await serveViewer()
    const page = await browser.newPage()
    try {
      await openViewer(page, server.url)
      await page.locator('#file-input').setInputFiles({
        name: 'my-teacup.json',
        mimeType: 'application/json',
        buffer: Buffer.from(modelToJSON(teacup)),
      })
      await expect.poll(() => page.locator('#model-select').inputValue()).toBe('file')
      await drawn(page)
      const before = await offset(page)
      const moved = await dragStock(page, 40, -60)
      const after = { x: before.x + moved.x, y: before.y + moved.y }
      await expectNear(() => offset(page), after)
      await expect
        .poll(() => page.evaluate(`localStorage.getItem('stockflow-viewer:layout:file:my-teacup.json') !== null`))
        .toBe(true)
      await page.reload()
      await page.waitForSelector('html[data-ready="true"]')
      await drawn(page)
      expect(await page.locator('#model-select').inputValue()).toBe('file')
      await expectNear(() => offset(page), after)
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export the model with this arrangement as JSON (with views)' }).click(),
      ])
      const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as {
        views: { items: { id: string; x: number; y: number; kind?: string }[] }[]
      }
      const item = (id: string) => exported.views[0]!.items.find((i) => i.id === id && !i.kind)!
      const auto = renderStockFlow(teacup).layout
      const node = (id: string) => auto.nodes.find((n) => n.id === id)!
      expect(item(STOCK).x - item(OTHER).x - (node(STOCK).x - node(OTHER).x)).toBeCloseTo(moved.x, 0)
      expect(item(STOCK).y - item(OTHER).y - (node(STOCK).y - node(OTHER).y)).toBeCloseTo(moved.y, 0)
    } finally {
      await page.close()
      await server.close()
    }
  })
})
