// The automatic stock-and-flow layout of the involution model (227 variables, no authored view) in
// Debian's headless Chromium at the desktop viewport, measured as drawn: no two node boxes (symbols and
// labels, pipes left out) overlap, and the drawing's bounding box is between 1:3 and 3:1.
import { describe, expect, it } from 'vitest'
import involution from '../../seeds/involution/model.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { nodeBoxes, overlappingPairs } from './measure.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })

describe('the stock-and-flow layout of a large model', () => {
  it('draws the involution model with no overlapping node boxes, neither a strip nor a tower', async () => {
    const page = await viewer.open('?model=involution')
    await page.waitForSelector('html[data-stock-flow="ready"]', { timeout: 60_000 })
    const boxes = await nodeBoxes(page, 'stock-flow')
    const drawn = involution.elements.filter((e) => e.kind !== 'lookup').map((e) => e.id)
    expect(boxes.map((b) => b.id).sort()).toEqual([...drawn].sort())
    for (const b of boxes) expect(b.width * b.height, b.id).toBeGreaterThan(0)
    expect(overlappingPairs(boxes)).toEqual([])
    const minX = Math.min(...boxes.map((b) => b.x))
    const minY = Math.min(...boxes.map((b) => b.y))
    const maxX = Math.max(...boxes.map((b) => b.x + b.width))
    const maxY = Math.max(...boxes.map((b) => b.y + b.height))
    const aspect = (maxX - minX) / (maxY - minY)
    expect(aspect).toBeGreaterThan(1 / 3)
    expect(aspect).toBeLessThan(3)
    // Every flow is drawn with its pipe.
    const flows = involution.elements.filter((e) => e.kind === 'flow').length
    expect(await page.locator('#panel-stock-flow svg [data-node].flow path.pipe').count()).toBe(flows)
    await page.close()
  })
})
