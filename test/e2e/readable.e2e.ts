// Readable at every size (issue 19), in Debian's headless Chromium at 1440x1000 on the involution model:
// every stock's name at 10 px or more at the default zoom in both diagrams, detail hidden rather than
// shrunk, the search box bringing a variable into view, and a highlighted loop kept in view and in ink.
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import involution from '../../seeds/involution/model.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { labelPx } from './measure.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })
const stocks = involution.elements.filter((e) => e.kind === 'stock')

/** Both diagrams drawn. */
async function drawn(page: Page): Promise<void> {
  await page.waitForSelector('html[data-cld="ready"][data-stock-flow="ready"]')
}

/**
 * Each node's name as the page shows it, per `data-node`: the largest on-screen size (px) of its
 * visible labels, the renderer's or the readable copy drawn above the diagram.
 */
async function nameSizes(page: Page, panel: string): Promise<Record<string, number>> {
  return (await page.evaluate(`(() => {
    const svg = document.querySelector('#panel-${panel} svg')
    const out = {}
    const texts = [...svg.querySelectorAll('[data-node] text, .readable-labels text')]
    for (const t of texts) {
      if (!t.checkVisibility({ opacityProperty: true, visibilityProperty: true })) continue
      const id = t.closest('[data-node]')?.getAttribute('data-node') ?? t.getAttribute('data-for')
      const px = parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a
      out[id] = Math.max(out[id] ?? 0, px)
    }
    return out
  })()`)) as Record<string, number>
}

/** Where a node's centre is on screen, and whether that is inside its panel's diagram. */
async function onScreen(page: Page, panel: string, id: string): Promise<{ inside: boolean; x: number; y: number }> {
  return (await page.evaluate(`(() => {
    const svg = document.querySelector('#panel-${panel} svg')
    const g = svg?.querySelector('[data-node="${id}"]')
    if (!g) return { x: NaN, y: NaN, inside: false }
    const r = g.getBoundingClientRect()
    const frame = svg.getBoundingClientRect()
    const x = r.x + r.width / 2
    const y = r.y + r.height / 2
    return { x: x - frame.x, y: y - frame.y, inside: x > frame.left && x < frame.right && y > frame.top && y < frame.bottom }
  })()`)) as { inside: boolean; x: number; y: number }
}

/** The opacity a node's names are painted with: the product of the opacities of it and its ancestors. */
async function inkOf(page: Page, selector: string): Promise<number[]> {
  return (await page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((e) => {
    let o = 1
    for (let n = e; n && n instanceof Element; n = n.parentElement) o *= Number(getComputedStyle(n).opacity)
    return o
  })`)) as number[]
}

describe('readable at every size', () => {
  it("draws every stock's name at 10 px or more at the default zoom in both diagrams", async () => {
    const page = await viewer.open('?model=involution')
    await drawn(page)
    for (const panel of ['cld', 'stock-flow']) {
      const sizes = await nameSizes(page, panel)
      for (const s of stocks) expect(sizes[s.id], `${panel}: ${s.name}`).toBeGreaterThanOrEqual(10)
    }
    // Zoomed out, the other names hide instead of shrinking below 7 px.
    const shown = (await labelPx(page, '#panel-stock-flow [data-node]:not(.stock) text')).filter((l) => l.visible)
    for (const l of shown) expect(l.px, l.text).toBeGreaterThanOrEqual(7)
    // At actual size (key 1) they are back, at their own size.
    await page.locator('#panel-stock-flow .diagram').focus()
    await page.keyboard.press('1')
    // The zoom to actual size glides: wait until it has landed before measuring.
    await expect
      .poll(async () => {
        const shownAux = (await labelPx(page, '#panel-stock-flow [data-node].aux text')).filter((l) => l.visible)
        return shownAux.length > 0 && shownAux.every((l) => Math.abs(l.px - 11) < 0.5)
      })
      .toBe(true)
    const aux = (await labelPx(page, '#panel-stock-flow [data-node].aux text')).filter((l) => l.visible)
    for (const l of aux) expect(l.px, l.text).toBeCloseTo(11, 0)
    await page.close()
  })

  it('brings a variable searched for into view, ringed, in both diagrams', async () => {
    const page = await viewer.open('?model=involution')
    await drawn(page)
    const box = page.getByRole('combobox', { name: 'Find a variable in the diagrams' })
    await box.fill('price')
    await box.press('Enter')
    await expect.poll(() => page.url()).toContain('sel=price')
    for (const panel of ['cld', 'stock-flow']) {
      await expect.poll(async () => (await onScreen(page, panel, 'price')).inside, { message: panel }).toBe(true)
      expect(await page.locator(`#panel-${panel} .selection-ring`).count()).toBe(1)
    }
    // Centred, once the glide has ended, with its name at least at its own size.
    await expect
      .poll(async () => {
        const at = await onScreen(page, 'stock-flow', 'price')
        const frame = await page.locator('#panel-stock-flow svg').boundingBox()
        return Math.hypot(at.x - frame!.width / 2, at.y - frame!.height / 2)
      })
      .toBeLessThan(40)
    expect((await nameSizes(page, 'stock-flow')).price).toBeGreaterThanOrEqual(10)
    // A variable the causal-loop diagram's choice leaves out: it shows all variables, then finds it.
    await box.fill('Subsidy Rate')
    await box.press('Enter')
    await expect.poll(() => page.url()).toContain('sel=subsidy_rate')
    await expect.poll(() => page.locator('#cld-nodes').inputValue()).toBe('all')
    // (A new layout of all the variables takes a moment.)
    await expect.poll(async () => (await onScreen(page, 'cld', 'subsidy_rate')).inside, { timeout: 30_000 }).toBe(true)
    await page.close()
  })

  it('centres a selection named in the URL once the diagrams are drawn', async () => {
    const page = await viewer.open('?model=involution&sel=inventory')
    await drawn(page)
    for (const panel of ['cld', 'stock-flow']) {
      await expect.poll(() => page.locator(`#panel-${panel} .selection-ring`).count()).toBe(1)
      await expect.poll(async () => (await onScreen(page, panel, 'inventory')).inside, { message: panel }).toBe(true)
    }
    expect(await page.locator('.search-status').innerText()).toBe('in the causal-loop and stock-and-flow diagrams')
    await page.close()
  })

  it('keeps a highlighted loop in view when zooming in, its names in full ink', async () => {
    const page = await viewer.open('?model=involution')
    await drawn(page)
    await page.waitForSelector('html[data-loops]')
    const button = page.locator('#panel-cld button.loop').first()
    const key = (await button.getAttribute('data-loop'))!
    await button.click()
    await expect.poll(() => page.locator('#panel-cld [data-node].on-loop').count()).toBeGreaterThan(1)
    const ids = await page.$$eval('#panel-cld [data-node].on-loop', (gs) => gs.map((g) => g.getAttribute('data-node')!))
    const zoomIn = page.locator('#panel-cld').getByRole('button', { name: /^Zoom in/ })
    for (let i = 0; i < 3; i++) await zoomIn.click()
    // Some of the loop's nodes stay on screen: the zoom centres on the loop, not the panel.
    await expect
      .poll(async () => {
        const where = await Promise.all(ids.map((id) => onScreen(page, 'cld', id)))
        return where.filter((w) => w.inside).length
      })
      .toBeGreaterThan(0)
    // Its names keep full opacity while the rest fades.
    for (const o of await inkOf(page, '#panel-cld [data-node].on-loop text, #panel-cld .readable-label.on-loop'))
      expect(o).toBe(1)
    const faded = await inkOf(page, '#panel-cld [data-node]:not(.on-loop)')
    expect(Math.max(...faded)).toBeLessThan(1)
    expect(key).not.toBe('')
    await page.close()
  })
})
