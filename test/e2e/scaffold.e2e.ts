// The hooks issue 19's viewer work builds on, in Debian's headless Chromium at the desktop viewport:
// the URL's selection, focus and dominance basis, the measures of a diagram, and a number box that
// shows a large value in full.
import { describe, expect, it } from 'vitest'
import teacup from '../../seeds/teacup/model.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { labelPx, nodeBoxes, overlappingPairs } from './measure.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })

describe('the viewer scaffold', () => {
  it('keeps the selection, focus and dominance basis in the URL, dropping ids the model lacks', async () => {
    const page = await viewer.open(
      '?model=teacup&sel=teacup_temperature&focus=causes:teacup_temperature:2&dom=named&cmp=nope',
    )
    expect(page.viewportSize()).toEqual(DESKTOP_VIEWPORT)
    expect(await page.locator('header #header-tools').count()).toBe(1)
    await expect.poll(() => decodeURIComponent(page.url())).toContain('sel=teacup_temperature')
    const url = decodeURIComponent(page.url())
    expect(url).toContain('focus=causes:teacup_temperature:2')
    expect(url).toContain('dom=named')
    const other = await viewer.open('?model=teacup&sel=nope&focus=uses:nope:2')
    await expect.poll(() => other.url()).toMatch(/\?model=teacup$/)
    await page.close()
    await other.close()
  })

  it("measures the stock-and-flow diagram's labels on screen and its node boxes without pipes", async () => {
    const page = await viewer.open('?model=teacup')
    await page.waitForSelector('#panel-stock-flow svg [data-node]')
    const labels = await labelPx(page, '#panel-stock-flow [data-node].stock')
    // The stock's name, wrapped over two lines of 11 units.
    expect(labels.map((l) => [l.node, l.text, l.visible])).toEqual([
      ['teacup_temperature', 'Teacup', true],
      ['teacup_temperature', 'Temperature', true],
    ])
    expect(labels[0]!.px).toBeGreaterThan(5)
    expect(labels[1]!.px).toBe(labels[0]!.px)
    const boxes = await nodeBoxes(page, 'stock-flow')
    expect(boxes.map((b) => b.id).sort()).toEqual(teacup.elements.map((e) => e.id).sort())
    for (const b of boxes) expect(b.width * b.height, b.id).toBeGreaterThan(0)
    expect(overlappingPairs(boxes)).toEqual([])
    // Zooming in scales the labels on screen, not the boxes in diagram units (but for hinting).
    await page
      .locator('#panel-stock-flow')
      .getByRole('button', { name: /^Zoom in/ })
      .click()
    await expect
      .poll(async () => (await labelPx(page, '#panel-stock-flow .stock text'))[0]!.px)
      .toBeCloseTo(labels[0]!.px * 1.4, 1)
    const zoomed = await nodeBoxes(page, 'stock-flow')
    // Text is hinted at each size: its box moves by a fraction of a unit.
    for (const [i, b] of zoomed.entries()) {
      for (const k of ['x', 'y', 'width', 'height'] as const)
        expect(b[k], `${b.id} ${k}`).toBeCloseTo(boxes[i]![k], -0.5)
    }
    await page.close()
  })

  it('shows a million in a number box in full, with separators', async () => {
    const page = await viewer.open('?model=teacup')
    const box = page.getByLabel('Room Temperature value')
    await box.fill('1e6')
    await box.press('Enter')
    await box.blur()
    await expect.poll(() => page.url()).toContain('p.room_temperature=1000000')
    expect(await box.inputValue()).toBe('1,000,000')
    const clipped = `(() => { const e = document.querySelector('.param[data-id="room_temperature"] input.value'); return e.scrollWidth > e.clientWidth })()`
    expect(await page.evaluate(clipped)).toBe(false)
    await page.close()
  })
})
