// The focus views in Debian's headless Chromium at the desktop viewport, on the involution model: the
// causes tree of Price and a loop alone show exactly the variables the model's graph gives, and a
// sector is drawn with its links to the rest greyed.
import { beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { analyzeLoops } from '@stockflow/loops'
import type { LoopAnalysis } from '@stockflow/loops'
import { dependencyGraph } from '@stockflow/model'
import involution from '../../seeds/involution/model.ts'
import { sectorNeighbours, sectors } from '../../apps/viewer/src/focus-graph.ts'
import { DESKTOP_VIEWPORT } from './browser.ts'
import { nodeBoxes, overlappingPairs } from './measure.ts'
import { useViewer } from './viewer-session.ts'

const viewer = useViewer({ viewport: DESKTOP_VIEWPORT })
const graph = dependencyGraph(involution)

/** Every id within `depth` links of `root` along `next`, breadth first. */
function reach(next: (id: string) => string[], root: string, depth: number): string[] {
  const seen = new Set([root])
  let front = [root]
  for (let d = 0; d < depth; d++) {
    const ahead: string[] = []
    for (const id of front) {
      for (const n of next(id)) {
        if (seen.has(n)) continue
        seen.add(n)
        ahead.push(n)
      }
    }
    front = ahead
  }
  return [...seen].sort()
}

/** The distinct `data-node` ids the focus panel draws (in `selector`, default every one). */
async function drawnIds(page: Page, selector = '#panel-focus [data-node]'): Promise<string[]> {
  const ids = await page.locator(selector).evaluateAll((els) => els.map((e) => e.getAttribute('data-node') ?? ''))
  return [...new Set(ids)].sort()
}

async function focusReady(page: Page, spec: string): Promise<void> {
  await page.waitForSelector(`#panel-focus[data-focus="${spec}"] svg [data-node]`)
  await page.waitForSelector('html[data-focus="ready"]')
}

describe('focus views on the involution model', () => {
  let analysis: LoopAnalysis
  beforeAll(() => {
    analysis = analyzeLoops(involution)
  })

  it("shows Price's causes tree to depth 3: exactly the variables within 3 links of its causes", async () => {
    const page = await viewer.open('?model=involution&focus=causes:price:3')
    await focusReady(page, 'causes:price:3')
    const expected = reach((id) => graph.causesOf(id), 'price', 3)
    expect(expected.length).toBeGreaterThan(5)
    expect(await drawnIds(page)).toEqual(expected)
    await expect.poll(() => page.locator('#panel-focus-title').textContent()).toBe('Causes tree of Price')
    // The root is drawn bold on the right of everything it is computed from (itself again, if in a loop).
    const boxes = await nodeBoxes(page, 'focus')
    expect(overlappingPairs(boxes)).toEqual([])
    const root = boxes.reduce((a, b) => (b.x > a.x ? b : a))
    expect(root.id).toBe('price')
    for (const b of boxes) if (b !== root) expect(b.x + b.width, b.id).toBeLessThan(root.x)
    // Once the loop analysis arrives, its signs are on the tree's links.
    await page.waitForSelector('html[data-loops]')
    await expect.poll(() => page.locator('#panel-focus [data-link][data-polarity]').count()).toBeGreaterThan(0)
    // The uses tree, chosen from the panel's toolbar, goes the other way.
    await page.locator('#focus-kind').selectOption('uses')
    await focusReady(page, 'uses:price:3')
    expect(await drawnIds(page)).toEqual(reach((id) => graph.effectsOf(id), 'price', 3))
    await page.close()
  })

  it('re-roots the tree on the variable clicked', async () => {
    const page = await viewer.open('?model=involution&focus=causes:price:1')
    await focusReady(page, 'causes:price:1')
    const child = graph.causesOf('price').find((id) => id !== 'price')!
    await page.locator(`#panel-focus [data-node="${child}"]`).first().click()
    await focusReady(page, `causes:${child}:1`)
    expect(await drawnIds(page)).toEqual(reach((id) => graph.causesOf(id), child, 1))
    await expect.poll(() => decodeURIComponent(page.url())).toContain(`sel=${child}`)
    await page.close()
  })

  it("shows loop R1 alone: exactly its variables on a circle, with its links' signs", async () => {
    const page = await viewer.open('?model=involution&focus=loop:R1')
    await focusReady(page, 'loop:R1')
    const r1 = analysis.loop('R1')!
    expect(await drawnIds(page)).toEqual([...r1.variables].sort())
    const links = await page
      .locator('#panel-focus [data-link]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-link')}${e.getAttribute('data-polarity') ?? ''}`))
    expect(links.sort()).toEqual(r1.links.map((l) => `${l.from}->${l.to}${l.polarity}`).sort())
    await page.close()
  })

  it('shows the named loop R1 (as found) with its score over the run, picked from the toolbar', async () => {
    const page = await viewer.open('?model=involution')
    await page.locator('#focus-open').click()
    await page.waitForSelector('#panel-focus:not([hidden]) svg [data-node]')
    await page.waitForSelector('html[data-loops]')
    await page.locator('#focus-kind').selectOption('loop')
    const found = analysis.named.find((n) => n.named.id === 'R1')!.loop!
    await page.locator('#focus-target').selectOption(found)
    await focusReady(page, `loop:${found}`)
    expect(await drawnIds(page)).toEqual([...analysis.loop(found)!.variables].sort())
    await expect.poll(() => page.locator('#panel-focus-title').textContent()).toContain('named R1')
    await page.waitForSelector('html[data-analysis="ready"]')
    await expect.poll(() => page.locator('#panel-focus .loop-score path.score').count()).toBe(1)
    await page.close()
  })

  it('draws a sector with the variables of other sectors it links to greyed', async () => {
    const all = sectors(involution, graph)
    const index = all.findIndex((s) => s.ids.includes('price'))
    const sector = all[index]!
    const outside = sectorNeighbours(sector, graph, involution)
    const page = await viewer.open(`?model=involution&focus=sector:${index}`)
    await focusReady(page, `sector:${index}`)
    expect(await drawnIds(page, '#panel-focus [data-node]:not(.outside)')).toEqual([...sector.ids].sort())
    expect(await drawnIds(page, '#panel-focus [data-node].outside')).toEqual([...outside].sort())
    await expect.poll(() => page.locator('#panel-focus-title').textContent()).toBe(`Sector: ${sector.name}`)
    // Closing hides the panel and drops the focus from the URL.
    await page.locator('#panel-focus').getByRole('button', { name: 'Close the focus view' }).click()
    await expect.poll(() => page.url()).not.toContain('focus=')
    expect(await page.locator('#panel-focus').isHidden()).toBe(true)
    await page.close()
  })

  it('drops a stale loop from the URL once the loops are known, rather than waiting for it', async () => {
    const page = await viewer.open('?model=involution&focus=loop:R999')
    await page.waitForSelector('html[data-loops]')
    await expect.poll(() => page.url()).not.toContain('focus=')
    expect(await page.locator('#panel-focus').isHidden()).toBe(true)
    expect(await page.locator('#panel-focus').textContent()).not.toContain('Finding the loops')
    await page.close()
  })
})
